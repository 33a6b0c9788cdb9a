"""重大舆情 15 分钟内口头报告（YQ301 grave-oral-report）

预案四(二)3：“重大舆情事件……责任科室（单位）须在事发15分钟内口头报告……分管领导和主要领导”。

检查：级别为“重大”的事件，必须在获知时间（discovered_at）后 15 分钟内（含第 15 分钟整），
分别向 **分管领导** 和 **主要领导** 口头报告（`kind: 口头报告`，`to` 中包含这两个角色）。
时限与报告对象取自 schema/policy.yml，网站“职责与时限”页显示的是同一份数据。

**示例（正确）**：

```yaml
discovered_at: 2024-08-26 09:20
reports:
  - kind: 口头报告
    at: 2024-08-26 09:31
    by: 李明
    to: [分管领导, 主要领导]
    cc: [局办公室]
    channel: 电话
```

**结论**：按时（用时 N 分钟）、超时（超时 N 分钟）、缺失、未到期，或“已说明”。

**怎么改**：时间必须如实填写，不能为了通过检查而改时间。确实超时的，在 `exceptions`
中写明情况说明：

```yaml
exceptions:
  - rule: YQ301
    reason: 当晚值班人员联系分管领导未接通，09:40 改由局办公室转报。
```

有情况说明的超时显示为警告，不阻止合并；没有情况说明的超时是错误。
"""

from yuqing.i18n import Msg
from yuqing.models.types import ReportKind
from yuqing.rules._obligations import deadline, obligation_for, reach, recipients_text, report_loc

ID = "YQ301"
NAME = "grave-oral-report"
LEVEL = "error"
CLAUSE = "四(二)3"
SUMMARY = Msg("重大：15 分钟内口头报告分管领导和主要领导", "重大: oral report to both leaders within 15 min")
HOOKS = ("evaluate",)
NEEDS = frozenset()
POLICY_NEEDS = ("within",)


def evaluate(record, ctx):
    found = obligation_for(record, ctx, ID)
    if found is None:
        return
    incident, obligation, clock = found
    kinds = obligation.kinds or [ReportKind.ORAL]
    done_at, index, unreached = reach(incident, kinds, obligation.recipients)
    names = recipients_text(obligation.recipients)
    what = Msg(f"重大舆情口头报告（{names}）", f"oral report of a grave incident ({names})")
    detail = None
    if unreached:
        detail = Msg(f"尚未口头报告 {recipients_text(unreached)}。", f"not yet reported to {', '.join(unreached)}.")
    yield deadline(ID, what, incident, ctx, clock, obligation.within, done_at,
                   report_loc(index), ("discovered_at",), detail)
