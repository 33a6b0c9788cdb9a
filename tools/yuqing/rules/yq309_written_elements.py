"""书面报告要素齐全（YQ309 written-elements）

预案五.2“核实准确”：“报告内容要客观真实，重点要素要准确，不得主观臆断。”
五.3“追踪反馈”：将“原因、变化动态、应急措施、处置结果等情况随时向局办公室报告”。

检查：每条报告的 `elements` 中必须有对应要素，且内容不能为空：

- 书面报告：时间、地点、信息来源、事件概况、影响范围、已采取措施；
- 终报：原因、处置措施、处置结果。

要素清单取自 schema/policy.yml。

**示例（正确）**：

```yaml
  - kind: 书面报告
    elements:
      时间: 2024-08-26 08:40 网民发帖
      地点: 某街道某养老机构
      信息来源: 微博网友“某某”
      事件概况: ……
      影响范围: 转发 300 余次，评论 120 条
      已采取措施: 已派员现场核实……
```

**怎么改**：补齐缺少的要素；尚不清楚的要素如实写“正在核实”。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.models.incident import superseded
from yuqing.rules._obligations import excused, obligation_for

ID = "YQ309"
NAME = "written-elements"
LEVEL = "error"
CLAUSE = "五.2，五.3"
SUMMARY = Msg("书面报告/终报缺少要素", "a written or final report lacks an element")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ()


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, _ = found
    dropped = superseded(incident.reports)
    for index, report in enumerate(incident.reports):
        if index in dropped:
            continue
        required = obligation.elements.get(report.kind)
        if not required:
            continue
        given = report.elements or {}
        missing = [name for name in required if not str(given.get(name) or "").strip()]
        what = Msg(f"第 {index + 1} 条报告（{report.kind.value}）的要素",
                   f"elements of report {index + 1} ({report.kind.value})")
        loc = ("reports", index, "elements") if report.elements is not None else ("reports", index, "kind")
        if not missing:
            yield Verdict(ID, what, Outcome.MET, None, None, report.at, loc)
            continue
        yield excused(Verdict(ID, what, Outcome.MISSING, None, None, None, loc,
                              detail=Msg(f"缺少：{'、'.join(missing)}。", f"missing: {', '.join(missing)}."),
                              fix=Msg("请在该条报告的 elements 中补齐这些要素；尚不清楚的如实写“正在核实”。",
                                      "Add these elements to the report (write 正在核实 where unknown).")), incident)
