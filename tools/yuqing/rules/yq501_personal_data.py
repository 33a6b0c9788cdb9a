"""个人信息（YQ501 personal-data）

网站会公开事件记录的内容，其中常常引用群众的原话。公民的身份证号、手机号码、银行卡号一旦发布，
就可能造成二次伤害。本规则检查所有会在网站上显示的文字（标题、概要、报告内容和要素、回应、
情况说明、复盘、正文，以及网站上的手写页面），发现以下信息即报错：

- 18 位身份证号（校验位正确、出生日期真实）和 15 位旧身份证号；
- 大陆手机号码（可带 +86，可用空格或短横线分隔）；
- 通过 Luhn 校验的 16–19 位银行卡号。

已打码的写法不算，例如 `3302**********1234`、`138****5678`。文件编号（鄞民〔2024〕74号）、
索引号（2969675/2024-124002）、日期、本局在 org.yml 中登记的公开电话，都不会误报。
`visibility: restricted` 的记录，网站只显示事实和结论，其正文等内部内容不检查。

**怎么改**：改成提示中给出的打码形式，或者改写成“张某（身份证号已核实）”这样的表述。
即使检查被跳过，网站生成时也会自动打码，但台账本身不应保存不必要的个人信息。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.privacy import could_contain_personal_data, find_personal_data
from yuqing.rules._text import published_pieces, published_text

ID = "YQ501"
NAME = "personal-data"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("将公开的文字中有身份证号、手机号或银行卡号", "ID numbers, mobile numbers or bank cards in published text")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    if not could_contain_personal_data(published_text(record)):
        return
    allowed = ctx.org.public_phones
    for piece in published_pieces(record):
        for match in find_personal_data(piece.text, allowed):
            line, column = piece.position(match.start, match.end)
            yield Problem(Msg(
                f"这里有{match.label}（{match.masked}），网站会公开这段文字。请改写为打码形式“{match.masked}”，"
                "或删去。",
                f"a {match.label_en} ({match.masked}) in published text; write the masked form {match.masked}."),
                line=line, column=column)
