"""较大/重大办结须有终报（YQ310 final-report）

预案五.3“追踪反馈”：相关科室（单位）应将突发舆情的原因、变化动态、应急措施、处置结果等情况
随时向局办公室报告。

检查：状态为“已办结”的较大、重大事件，必须有一条终报（`kind: 终报`），报告原因、处置措施
和处置结果（要素是否齐全由 YQ309 检查）。

**示例（正确）**：

```yaml
  - kind: 终报
    at: 2024-08-28 16:00
    by: 刘洋
    to: [分管领导, 主要领导]
    cc: [局办公室]
    elements:
      原因: 养老机构夜间值守人员不足，老人自行外出
      处置措施: 连夜组织寻找，当晚 23 时找到老人；约谈机构负责人
      处置结果: 老人平安，家属表示认可，相关话题热度已回落
```

**怎么改**：补记终报；确实没有终报的，在 `exceptions` 中写明情况说明（`rule: YQ310`）。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models.types import ReportKind
from yuqing.rules._obligations import excused, obligation_for

ID = "YQ310"
NAME = "final-report"
LEVEL = "error"
CLAUSE = "五.3"
SUMMARY = Msg("较大/重大办结而没有终报", "closed 较大/重大 without a 终报")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ()


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID, closed=True)
    if found is None:
        return
    incident, obligation, _ = found
    what = Msg("终报（原因、处置措施、处置结果）", "final report (cause, measures, result)")
    finals = incident.reports_of(obligation.kinds or [ReportKind.FINAL])
    if finals:
        index, report = finals[0]
        yield Verdict(ID, what, Outcome.MET, None, incident.closed_at, report.at, ("reports", index, "at"))
        return
    yield excused(Verdict(ID, what, Outcome.MISSING, None, incident.closed_at, None, ("status",),
                          detail=Msg("事件已办结，但没有终报。", "the incident is closed without a final report."),
                          fix=Msg(f"请补记终报（kind: 终报，elements 含原因、处置措施、处置结果）；"
                                  f"确实没有的，在 exceptions 中写明情况说明（rule: {ID}）。",
                                  f"Record the final report, or add an exception ({ID}).")), incident)
