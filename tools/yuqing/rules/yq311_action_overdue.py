"""整改措施逾期（YQ311 action-overdue）

预案四(四)要求复盘后“对工作成效进行总结评估”，复盘提出的整改措施要有人负责、按期完成。

检查：复盘记录中的每项整改措施（`actions`），过了期限（`due`，当天有效）仍未填写完成日期
（`done_at`）的，给出警告。

**示例**：`due: 2024-09-30` 的措施，到 10 月 1 日仍没有 `done_at`，即给出警告：

```yaml
actions:
  - what: 修订夜间值守制度
    owner: 养老服务科
    due: 2024-09-30
    # done_at: 2024-09-28   ← 完成后补上
```

**怎么改**：完成后在该措施下填写 `done_at: 完成日期`；需要延期的，新增一项措施写明新的期限
和原因。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Review

ID = "YQ311"
NAME = "action-overdue"
LEVEL = "warning"
CLAUSE = "四(四)"
SUMMARY = Msg("复盘整改措施逾期未完成", "a review action past its due date and not done")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    if not isinstance(record.model, Review):
        return
    for index, action in enumerate(record.model.actions):
        if action.done_at is None and ctx.past_day(action.due):
            yield Problem(Msg(
                f"整改措施“{action.what}”（责任：{action.owner}）期限 {action.due} 已过，仍未完成。"
                "完成后请填写 done_at。",
                f"action '{action.what}' ({action.owner}) was due {action.due} and is not done."),
                loc=("actions", index, "due"), lapse=True)
