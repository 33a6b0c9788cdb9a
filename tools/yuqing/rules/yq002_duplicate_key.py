"""字段重复（YQ002 duplicate-key）

同一层级里同一个字段名只能出现一次。YAML 遇到重复字段时通常只保留最后一个值，另一个值
会“悄悄”丢失——例如两次写 `at:`，只有一个时间会被采用。本工具不接受这种情况：保留第一次
出现的值，并在重复的那一行报错。

**示例（错误）**：

```yaml
reports:
  - kind: 口头报告
    at: 2024-08-26 09:20
    at: 2024-08-26 09:35
```

**怎么改**：删除或合并重复的那一行。如果两条信息都需要，说明它们是两条记录，应写成两个
列表项。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg

ID = "YQ002"
NAME = "duplicate-key"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("同一映射中字段重复", "a key repeated in one mapping")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    for problem in record.problems:
        if problem.rule == ID:
            yield Problem(problem.msg, line=problem.line, column=problem.column)
