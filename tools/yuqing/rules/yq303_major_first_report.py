"""较大舆情第一时间报告（YQ303 major-first-report）

预案四(二)2：“较大舆情事件……责任科室（单位）要在第一时间报分管领导和主要领导，并抄送局办公室”。
五.1“即现即报”也要求第一时间报告。

检查：级别为“较大”的事件，获知后 30 分钟内（policy.yml 中的默认值，作为“第一时间”的
量化标准）向 **分管领导** 和 **主要领导** 报告（口头或书面均可）。默认级别为警告。

**怎么改**：如实记录报告时间；确实超过 30 分钟的，在 `exceptions` 中写明情况说明
（`rule: YQ303`）。
"""

from yuqing.i18n import Msg
from yuqing.models.types import ReportKind
from yuqing.rules._obligations import deadline, obligation_for, reach, recipients_text, report_loc

ID = "YQ303"
NAME = "major-first-report"
LEVEL = "warning"
CLAUSE = "四(二)2"
SUMMARY = Msg("较大：第一时间（默认 30 分钟）报告分管领导和主要领导", "较大: first report to both leaders (30 min)")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ("within",)


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, clock = found
    kinds = obligation.kinds or [ReportKind.ORAL, ReportKind.WRITTEN]
    done_at, index, unreached = reach(incident, kinds, obligation.recipients)
    names = recipients_text(obligation.recipients)
    what = Msg(f"较大舆情首报（{names}）", f"first report of a major incident ({names})")
    detail = None
    if unreached:
        detail = Msg(f"尚未报告 {recipients_text(unreached)}。", f"not yet reported to {', '.join(unreached)}.")
    yield deadline(ID, what, incident, ctx, clock, obligation.within, done_at,
                   report_loc(index), ("discovered_at",), detail)
