"""垃圾广告内容（YQ503 spam-content）

有镜像网站把预案标题中的“关于”替换成了“篮球比分直播”。这类博彩、赌球、比分直播广告常常藏在
正式文件里。本规则检查事件记录和网站的手写页面（docs/ 下的 Markdown），发现博彩、投注、
比分直播等词语即报错，防止台账网站被植入广告。

**示例（错误）**：`篮球比分直播印发《宁波市鄞州区民政局舆情应急处置预案》的通知`

**怎么改**：删除这些词语，核对原文（预案原文见网站“应急预案”栏目）。如果需要记录网帖中含有此类
广告，请写成“帖子含违规广告（已截图存档）”，不要照抄广告词。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.rules._text import published_pieces, published_text
from yuqing.spam import could_contain_spam, find_spam

ID = "YQ503"
NAME = "spam-content"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("博彩、赌球、比分直播等垃圾广告内容", "gambling / score-streaming spam")
HOOKS = ("check",)
NEEDS = frozenset()


def check(record, ctx):
    if not could_contain_spam(published_text(record)):
        return
    for piece in published_pieces(record):
        for match in find_spam(piece.text):
            line, column = piece.position(match.start, match.end)
            yield Problem(Msg(
                f"这里有疑似垃圾广告的词语“{match.term}”（博彩、赌球、比分直播类）。请删除；"
                "如需记录网帖含有此类广告，请写成“含违规广告”。",
                f"spam term '{match.term}' (gambling / score streaming); remove it."), line=line, column=column)
