"""非责任科室修改记录（YQ403 not-owner）

预案二(二)规定“局机关各科室及单位负责组织实施本科室（单位）舆情的应对处置工作”，局办公室
“统筹、协调有关科室（单位）”。因此，一份事件记录（及其复盘记录）只能由其责任科室的人员或
局办公室提交修改。

检查合并请求时（`yuqing check --base 目标分支`），逐个查看范围内的提交：提交者的 Git 身份
（邮箱或用户名）按 schema/org.yml 中各科室 `members` 的 `git` 列表认定科室。

- 其他科室的人员修改了本科室的记录：错误；
- 身份不在 org.yml 中（例如用了个人邮箱）：警告，请局办公室核实；
- 局办公室可以修改任何记录；合并提交本身不计。

**示例（错误）**：社会事务科的张伟（zhangwei@yzmz.example.cn）提交了对养老服务科事件
`YZMZ-2024-0001` 的修改。

**怎么改**：请由责任科室的人员提交；如确需他人代为提交，请局办公室提交。身份不在名单中的，
请在 Git 中设置单位邮箱（`git config user.email`），或请局办公室把该身份加入 org.yml。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review

ID = "YQ403"
NAME = "not-owner"
LEVEL = "error"
CLAUSE = "二(二)"
SUMMARY = Msg("其他科室的身份修改了本科室的事件记录", "a change by an identity outside the section and the office")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})


def _owner_section(path: str, ctx) -> str | None:
    record = ctx.by_path.get(path)
    if record is None:
        return None
    if isinstance(record.model, Incident):
        return record.model.section
    if isinstance(record.model, Review):
        incidents = ctx.incidents.get(record.model.incident)
        if incidents:
            return incidents[0].model.section
    return None


def check_range(git_range, ctx):
    org = ctx.org
    seen: set[tuple[str, str]] = set()
    alias: dict[str, str] = {}  # a path in older commits -> the record's path at HEAD (renames followed)
    for commit in git_range.commits:  # newest first
        renames = [(c.old_path, c.path) for c in commit.changes if c.status == "R" and c.old_path]
        if commit.is_merge:
            continue
        identity_section = org.identities.get(commit.email.lower()) or org.identities.get(commit.author.lower())
        who = f"{commit.author} <{commit.email}>"
        for change in commit.changes:
            path = alias.get(change.path, change.path)[len(git_range.prefix):]
            owner = _owner_section(path, ctx)
            if owner is None or (who, path) in seen:
                continue
            if identity_section in (owner, org.office_section):
                continue
            seen.add((who, path))
            if identity_section is None:
                yield Problem(Msg(
                    f"提交 {commit.sha[:8]} 的作者 {who} 不在组织名单（schema/org.yml）中，无法确认其科室。"
                    f"本记录属于{owner}。请改用单位邮箱提交，或请局办公室把该身份加入 org.yml。",
                    f"commit {commit.sha[:8]} by {who}: identity not in org.yml (record of {owner})."),
                    loc=("section",), path=path, level="warning")
            else:
                yield Problem(Msg(
                    f"提交 {commit.sha[:8]}（{who}，{identity_section}）修改了{owner}的记录。"
                    f"只有{owner}和{org.office_section}可以修改这份记录；请由{owner}人员提交，"
                    f"或请{org.office_section}代为提交。",
                    f"commit {commit.sha[:8]} by {who} ({identity_section}) changed a record of {owner}."),
                    loc=("section",), path=path)
        for old, new in renames:
            alias[old] = alias.get(new, new)
