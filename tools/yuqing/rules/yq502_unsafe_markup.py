"""不安全的标记（YQ502 unsafe-markup）

记录的正文在网站上按 Markdown 显示，Markdown 允许夹带 HTML。为防止网站执行别人粘贴进来的脚本，
或从外部网站加载内容，以下写法一律报错：

- `<script>`、`<iframe>`、`<object>`、`<embed>`、`<style>`、`<form>`、`<svg>` 等标签；
- `onclick=`、`onerror=` 等事件处理属性；
- `javascript:`、`data:` 链接；
- 外部图片（`![](https://…)` 或 `<img src="https://…">`）：内网网站不从外部加载任何内容。

标题、概要、报告内容、回应内容、情况说明、复盘结论和整改措施等文字字段是**纯文字**，不是 Markdown：
网站把它们原样显示成文字。这些字段里的任何 HTML 标签（如 `</title>`、`<b>`）都报错，写在反引号
（`` ` ``）里也一样；只有正文（`.md` 记录 `---` 之后的部分，或 `.yml` 记录的 `body`）按 Markdown 显示，
正文里写在反引号或代码块中的代码只作为文字显示，不报错。

网站生成时，所有 HTML 都会按白名单清理（即使检查被跳过，脚本也不会进入网站）；本规则让作者知道
哪些内容会被删掉。

**怎么改**：引用网帖原文时，请用文字描述或截图存档（附件另存），不要粘贴网页代码；链接请用
普通的 `[说明](https://…)` 形式。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.rules._text import published_pieces, published_text
from yuqing.schema_errors import FIELD_LABELS, field_path
from yuqing.unsafe_html import could_contain_tag, could_contain_unsafe_markup, find_unsafe_markup

ID = "YQ502"
NAME = "unsafe-markup"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("可能执行脚本的 HTML、javascript: 链接或外部嵌入", "script-capable HTML, javascript: links, external embeds")
HOOKS = ("check",)
NEEDS = frozenset()


#: Where a record's Markdown is: the body of a ``.md`` record, or the ``body`` field of a ``.yml`` one.
MARKDOWN_LOCS = ((), ("body",))


def check(record, ctx):
    text = published_text(record)
    if not could_contain_unsafe_markup(text) and not could_contain_tag(text):
        return
    for piece in published_pieces(record):
        markdown = piece.loc in MARKDOWN_LOCS
        for found in find_unsafe_markup(piece.text, markdown=markdown):
            line, column = piece.position(found.start, found.end)
            if markdown:
                msg = Msg(f"这里有{found.label}，网站不会显示它。请删除网页代码，改用文字描述。",
                          f"{found.label_en} here; the site drops it. Remove the markup.")
            else:
                where = field_path(piece.loc)
                label = FIELD_LABELS.get(next((p for p in reversed(piece.loc) if isinstance(p, str)), ""), "")
                named = f"{label}（{where}）" if label else where
                msg = Msg(f"{named}是纯文字字段，不是 Markdown，这里有{found.label}：网站会把它原样显示成文字，"
                          "反引号也不起作用。请删除网页代码，改用文字描述。",
                          f"{where} is plain text, not Markdown, and holds {found.label_en}: the site shows it "
                          "as text (backticks do not help). Remove the markup.")
            yield Problem(msg, line=line, column=column)
