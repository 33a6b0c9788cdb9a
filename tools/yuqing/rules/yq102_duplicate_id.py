"""编号重复（YQ102 duplicate-id）

一个编号只能对应一个事件文件（一个事件也只能有一份复盘记录）。两个文件用了同一个编号时，
网站和统计无法区分它们，后提交的记录可能覆盖前一条。

**示例（错误）**：`incidents/2024/YZMZ-2024-0003.md` 与 `incidents/2024/YZMZ-2024-0003.yml`
同时存在；或者两个不同年份目录下的文件写了同一个 `id`。

**怎么改**：新事件请用 `yuqing new` 取得下一个可用编号；如果是误复制的文件，删除多余的
那一份（已合并的记录不能删除，请联系局办公室）。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg

ID = "YQ102"
NAME = "duplicate-id"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("两个文件使用同一个编号", "two files, one id")
HOOKS = ("check_all",)
NEEDS = frozenset()


def check_all(records, ctx):
    signals: dict[str, list] = {}
    for record in records:
        if record.valid and record.kind == "signal":
            signals.setdefault(record.own_id, []).append(record)  # the cached summary knows it: nothing is read
    for groups, loc, what in ((ctx.incidents, ("id",), "事件"), (ctx.reviews, ("incident",), "复盘"),
                              (signals, ("id",), "预警信息")):
        for record_id, same in groups.items():
            if len(same) < 2:
                continue
            first = same[0]
            for other in same[1:]:
                yield Problem(Msg(
                    f"{what}编号“{record_id}”与 {first.path} 重复。每个编号只能对应一个文件。",
                    f"id '{record_id}' is also used by {first.path}."), loc=loc, path=other.path)
