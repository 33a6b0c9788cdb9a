"""已合并的记录被删除或移走（YQ402 record-deleted）

已经合并的事件记录和复盘记录是正式台账，不能删除，也不能改名移走（改名会让编号从台账中消失）。
检查合并请求时（`yuqing check --base 目标分支`），如果基准版本中的某个记录文件在合并后不存在了，
或被改成了另一个编号的文件名，即报此错误。

把文件移到正确的年份目录而编号不变（例如 incidents/2025/ 改为 incidents/2024/），不算删除。

**示例（错误）**：合并请求删除了 `incidents/2024/YZMZ-2024-0003.md`，或把它改名为
`incidents/2024/YZMZ-2024-0004.md`。

**怎么改**：恢复被删除的文件（`git checkout 目标分支 -- 文件路径`）。确需撤销的记录（例如重复
登记），请保留文件，由局办公室在正文中注明情况。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.layout import stem

ID = "YQ402"
NAME = "record-deleted"
LEVEL = "error"
CLAUSE = "七(一)"
SUMMARY = Msg("已合并的事件或复盘文件被删除或改名移走", "a merged incident or review file was deleted or renamed away")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})


def check_range(git_range, ctx):
    head_stems = {stem(path) for path in ctx.by_path}
    for path in sorted(git_range.deleted):
        if stem(path) in head_stems:
            continue  # moved to another directory under the same id
        yield Problem(Msg(
            f"已合并的记录 {path} 被删除了。正式台账只能追加，不能删除；请恢复该文件"
            f"（git checkout {git_range.base_label} -- {path}）。",
            f"the merged record {path} was deleted; restore it."), line=1, column=1, path=path)
    for head_path, base_path in sorted(git_range.changed.items()):
        if base_path and stem(base_path) != stem(head_path) and stem(base_path) not in head_stems:
            yield Problem(Msg(
                f"已合并的记录 {base_path} 被改名为 {head_path}，原编号从台账中消失了。请改回原文件名。",
                f"the merged record {base_path} was renamed to {head_path}; its id vanished."),
                loc=("id",), path=head_path)
