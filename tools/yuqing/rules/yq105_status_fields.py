"""状态与办结时间不一致（YQ105 status-fields）

- 状态为“已办结”的事件必须填写 `closed_at`（办结时间），复盘时限由此起算；
- 状态为“处置中”或“跟踪中”的事件不能填写 `closed_at`。

**示例（错误）**：

```yaml
status: 已办结
# 缺少 closed_at
```

**示例（正确）**：

```yaml
status: 已办结
closed_at: 2024-08-30 17:00
```

**怎么改**：办结时把 `status` 改为 `已办结` 并填写 `closed_at`；如果事件重新处置，
请在正文中说明，并新增续报。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident

ID = "YQ105"
NAME = "status-fields"
LEVEL = "error"
CLAUSE = "四(四)"
SUMMARY = Msg("已办结却无办结时间，或未办结却有办结时间", "已办结 without closed_at, closed_at while open")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    model = record.model
    if not isinstance(model, Incident):
        return
    if model.is_closed and model.closed_at is None:
        yield Problem(Msg("状态为“已办结”，但没有填写办结时间 closed_at。请补上真实的办结时间。",
                          "status is 已办结 but closed_at is missing."), loc=("status",))
    if not model.is_closed and model.closed_at is not None:
        yield Problem(Msg(f"状态为“{model.status.value}”，却填写了办结时间 closed_at。"
                          "如已办结，请把状态改为“已办结”；否则删除 closed_at。",
                          f"closed_at is set while the status is {model.status.value}."), loc=("closed_at",))
