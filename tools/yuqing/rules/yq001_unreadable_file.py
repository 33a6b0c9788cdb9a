"""文件无法读取（YQ001 unreadable-file）

文件必须是 UTF-8 编码的文本：Markdown 文件以 `---` 开头的 YAML 头部记录各字段，再以
`---` 结束，之后是正文；或者是纯 YAML 的 `.yml` 文件。以下情况都会报这个错误：

- 文件不是 UTF-8 编码（例如用记事本另存为 GBK/ANSI）；
- 文件为空、是二进制文件（图片、Word 文档）或超过大小上限；
- YAML 头部没有以 `---` 开始或没有结束；
- YAML 格式错误：缩进用了 Tab、冒号后缺空格、引号没有闭合等；字段名后用了中文冒号
  （`level：重大`）或冒号后没有空格（`level:重大`）的，提示指出是哪一行，并给出改好的写法 `level: 重大`；
- 锚点/别名展开过多或嵌套过深（可能是恶意构造的文件）。

**示例（错误）**：第一行不是 `---`，或者用 Tab 缩进。

**怎么改**：按提示行号修改格式；编码问题请在编辑器中“另存为 UTF-8”。可以用
`yuqing new` 生成一份格式正确的模板再填写。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg

ID = "YQ001"
NAME = "unreadable-file"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("文件不是 UTF-8、YAML 头部无效或文件过大", "not UTF-8, invalid YAML front matter, or too large")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    for problem in record.problems:
        if problem.rule == ID:
            yield Problem(problem.msg, line=problem.line, column=problem.column)
