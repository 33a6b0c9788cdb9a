"""重大舆情口头报告后 20 分钟内书面报告（YQ302 grave-written-report）

预案四(二)3：“口头报告后20分钟内书面报告分管领导和主要领导，并抄送局办公室”。

检查：级别为“重大”的事件，在第一次口头报告后 20 分钟内（含整 20 分钟），必须向
**分管领导** 和 **主要领导** 提交书面报告（`kind: 书面报告`）。如果没有口头报告，
则从口头报告时限（获知后 15 分钟）届满时起算，即最迟获知后 35 分钟。书面报告要素见 YQ309。

**示例（正确）**：口头报告 09:31，书面报告 09:48（用时 17 分钟）。

**怎么改**：如实填写书面报告（OA 或政务钉钉发送时间）；确实超时的，在 `exceptions`
中写明情况说明（`rule: YQ302`）。
"""

from yuqing.i18n import Msg
from yuqing.models.types import ReportKind
from yuqing.rules._obligations import deadline, obligation_for, reach, recipients_text, report_loc

ID = "YQ302"
NAME = "grave-written-report"
LEVEL = "error"
CLAUSE = "四(二)3"
SUMMARY = Msg("重大：口头报告后 20 分钟内书面报告", "重大: written report within 20 min after the oral one")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ("within",)


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, clock = found
    orals = incident.reports_of([ReportKind.ORAL])
    if orals:
        start = orals[0][1].at
        start_loc = ("reports", orals[0][0], "at")
    else:
        start = clock + ctx.policy.within("YQ301", obligation.within)
        start_loc = ("discovered_at",)
    kinds = obligation.kinds or [ReportKind.WRITTEN]
    done_at, index, unreached = reach(incident, kinds, obligation.recipients)
    names = recipients_text(obligation.recipients)
    what = Msg(f"重大舆情书面报告（{names}）", f"written report of a grave incident ({names})")
    detail = None
    if unreached:
        detail = Msg(f"尚未书面报告 {recipients_text(unreached)}。", f"no written report to {', '.join(unreached)}.")
    yield deadline(ID, what, incident, ctx, start, obligation.within, done_at, report_loc(index), start_loc, detail)
