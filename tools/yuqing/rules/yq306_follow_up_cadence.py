"""续报频次（YQ306 follow-up-cadence）

预案四(三)：“如事件未处置完毕，局办公室和责任科室共同安排专人对舆情事态实行动态跟踪，
根据事态进展，及时续报突发事件处置等有关情况。”

检查：级别为“较大”或“重大”的事件，从获知时起到处置完毕（第一条终报；没有终报则到办结时间；
尚未办结则到当前时间），每 24 小时内至少要有一条续报（`kind: 续报`，终报也算）。
处置完毕后的跟踪不再要求续报。默认级别为警告。

**示例**：获知 8 月 26 日 09:20，第一条续报应不晚于 8 月 27 日 09:20，下一条不晚于前一条
续报后 24 小时，以此类推。

**怎么改**：按实际情况补记续报；确实中断的，在 `exceptions` 中写明情况说明（`rule: YQ306`）。
一条情况说明只说明它写入台账（首次提交）之前已到期的续报，以及它用 `occurrence` 点名的几次
（如 `occurrence: [3]` 为第 3 次续报）；此后再次中断的，需要另写一条情况说明。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models.types import ReportKind
from yuqing.rules._obligations import excused, obligation_for, recorded_times

ID = "YQ306"
NAME = "follow-up-cadence"
LEVEL = "warning"
CLAUSE = "四(三)"
SUMMARY = Msg("较大/重大未处置完毕：每 24 小时至少一次续报", "open 较大/重大: a 续报 every 24 h until closed")
HOOKS = ("evaluate",)
NEEDS = frozenset({"history"})  # when each exception was first recorded
POLICY_NEEDS = (("every", "within"),)  # the period: every, or else within


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, clock = found
    recorded = recorded_times(record, ctx)
    period = obligation.every or obligation.within
    kinds = obligation.kinds or [ReportKind.FOLLOW_UP, ReportKind.FINAL]
    finals = incident.reports_of([ReportKind.FINAL])
    if finals:
        end = finals[0][1].at
    elif incident.closed_at is not None:
        end = incident.closed_at
    else:
        end = None  # still open: judged up to now
    anchor = clock
    number = 0
    for index, report in incident.reports_of(kinds):
        if report.at <= anchor:
            continue
        if end is not None and report.at >= end:
            break
        number += 1
        what = Msg(f"第 {number} 次续报（间隔不超过 {_hours(period)} 小时）",
                   f"follow-up {number} (at most {_hours(period)} h apart)")
        due = anchor + period
        outcome = Outcome.MET if report.at <= due else Outcome.LATE
        yield excused(Verdict(ID, what, outcome, anchor, due, report.at, ("reports", index, "at"), occurrence=number),
                      incident, recorded)
        anchor = report.at
    due = anchor + period
    if (ctx.now_after(anchor) if end is None else anchor < end and end > due):
        number += 1
        what = Msg(f"第 {number} 次续报（间隔不超过 {_hours(period)} 小时）",
                   f"follow-up {number} (at most {_hours(period)} h apart)")
        if end is None and not ctx.now_after(due):
            yield Verdict(ID, what, Outcome.PENDING, anchor, due, occurrence=number)
        else:
            loc = ("closed_at",) if incident.closed_at is not None and end == incident.closed_at else ("reports",)
            yield excused(Verdict(ID, what, Outcome.MISSING, anchor, due, None, loc, occurrence=number),
                          incident, recorded)


def _hours(period) -> str:
    hours = period.total_seconds() / 3600
    return str(int(hours)) if hours == int(hours) else f"{hours:.1f}"
