"""复盘记录找不到对应事件（YQ106 review-orphan）

复盘记录（`<事件编号>.review.md`）的 `incident` 字段必须是一个存在的事件编号。
找不到对应事件的复盘不会出现在事件页面上，复盘时限（YQ307）也无法认定已完成。

**示例（错误）**：文件 `incidents/2024/YZMZ-2024-0007.review.md` 中写着 `incident: YZMZ-2024-0070`，
而台账中没有 YZMZ-2024-0070 这起事件。

**怎么改**：核对 `incident` 字段的编号是否写错，复盘文件是否和事件文件放在同一年份目录。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg

ID = "YQ106"
NAME = "review-orphan"
LEVEL = "error"
CLAUSE = "四(四)"
SUMMARY = Msg("复盘记录对应的事件不存在", "a review whose incident does not exist")
HOOKS = ("check_all",)
NEEDS = frozenset()


def check_all(records, ctx):
    # An incident file that exists but failed to load or validate is reported by YQ001-YQ003;
    # its review is not an orphan on top of that.
    invalid = {name for r in records if r.kind == "incident" and not r.valid for name in (r.record_id, r.stem)}
    for record in records:
        reviewed = record.record_id
        if record.kind == "review" and record.valid and reviewed not in ctx.incidents and reviewed not in invalid:
            yield Problem(Msg(
                f"复盘记录所指的事件“{reviewed}”不存在。请核对事件编号。",
                f"the reviewed incident '{reviewed}' does not exist."),
                loc=("incident",), path=record.path)
