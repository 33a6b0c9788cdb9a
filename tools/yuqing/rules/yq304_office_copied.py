"""首报抄送局办公室（YQ304 office-copied）

预案四(二)2、四(二)3 和五.1：较大、重大舆情报告分管领导和主要领导时“并抄送局办公室”，
“相关科室（单位）一旦发现较大或重大舆情事件，须第一时间向局办公室报告”。

检查：级别为“较大”或“重大”的事件，最早的一条报告的 `to` 或 `cc` 中必须有 **局办公室**。

**示例（正确）**：

```yaml
  - kind: 口头报告
    to: [分管领导, 主要领导]
    cc: [局办公室]
```

**怎么改**：如果当时确已同时告知局办公室，请在该条报告的 `cc` 中如实写上；如果没有，
在 `exceptions` 中写明情况说明（`rule: YQ304`）。
"""

from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.rules._obligations import excused, first_report, obligation_for, recipients_text

ID = "YQ304"
NAME = "office-copied"
LEVEL = "error"
CLAUSE = "四(二)2-3，五.1"
SUMMARY = Msg("较大/重大：首报抄送局办公室", "较大/重大: the first report copies 局办公室")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ()


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, clock = found
    recipients = obligation.recipients or [ctx.org.office_section]
    names = recipients_text(recipients)
    what = Msg(f"首报抄送{names}", f"first report copied to {names}")
    first = first_report(incident)
    if first is None:
        yield Verdict(ID, what, Outcome.PENDING, clock)
        return
    index, report = first
    informed = set(report.to) | set(report.cc)
    missing = [name for name in recipients if name not in informed]
    if not missing:
        yield Verdict(ID, what, Outcome.MET, clock, None, report.at, ("reports", index, "cc"))
        return
    verdict = Verdict(ID, what, Outcome.MISSING, clock, None, None, ("reports", index),
                      detail=Msg(f"第 {index + 1} 条报告（最早的一条）的 to/cc 中没有 {recipients_text(missing)}。",
                                 f"the first report (no. {index + 1}) does not copy {', '.join(missing)}."),
                      fix=Msg(f"如当时已告知，请在该条报告的 cc 中写上 {recipients_text(missing)}；"
                              f"否则在 exceptions 中写明情况说明（rule: {ID}）。",
                              f"Add cc: [{', '.join(missing)}] if it was copied, or add an exception ({ID})."))
    yield excused(verdict, incident)
