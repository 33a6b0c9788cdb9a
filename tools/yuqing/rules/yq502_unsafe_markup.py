"""不安全的标记（YQ502 unsafe-markup）

记录的正文和文字字段在网站上按 Markdown 显示，Markdown 允许夹带 HTML。为防止网站执行别人粘贴进来
的脚本，或从外部网站加载内容，以下写法一律报错：

- `<script>`、`<iframe>`、`<object>`、`<embed>`、`<style>`、`<form>`、`<svg>` 等标签；
- `onclick=`、`onerror=` 等事件处理属性；
- `javascript:`、`data:` 链接；
- 外部图片（`![](https://…)` 或 `<img src="https://…">`）：内网网站不从外部加载任何内容。

网站生成时，所有 HTML 都会按白名单清理（即使检查被跳过，脚本也不会进入网站）；本规则让作者知道
哪些内容会被删掉。

**怎么改**：引用网帖原文时，请用文字描述或截图存档（附件另存），不要粘贴网页代码；链接请用
普通的 `[说明](https://…)` 形式。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.markup import could_contain_unsafe_markup, find_unsafe_markup
from yuqing.rules._text import published_pieces, published_text

ID = "YQ502"
NAME = "unsafe-markup"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("可能执行脚本的 HTML、javascript: 链接或外部嵌入", "script-capable HTML, javascript: links, external embeds")


def check(record, ctx):
    if not could_contain_unsafe_markup(published_text(record)):
        return
    for piece in published_pieces(record):
        for found in find_unsafe_markup(piece.text):
            line, column = piece.position(found.start, found.end)
            yield Problem(Msg(
                f"这里有{found.label}，网站不会显示它。请删除网页代码，改用文字描述。",
                f"{found.label_en} here; the site drops it. Remove the markup."), line=line, column=column)
