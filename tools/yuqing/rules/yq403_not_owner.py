"""非责任科室修改记录（YQ403 not-owner）

预案二(二)规定“局机关各科室及单位负责组织实施本科室（单位）舆情的应对处置工作”，局办公室
“统筹、协调有关科室（单位）”。因此，一份事件记录（及其复盘记录）只能由其责任科室的人员或
局办公室提交修改；预警信息（monitoring/）属于其 `section` 科室，培训记录（trainings/）属于组织科室
（`organizer` 是人员的，为其所在科室；是角色的，只有局办公室可以修改）。

检查合并请求时（`yuqing check --base 目标分支`），逐个查看范围内的提交：每个提交的**作者**和
**提交者**都要算，两者都必须是记录的责任科室或局办公室的人员。身份只按**邮箱**认定（与
schema/org.yml 中各科室 `members` 的 `git` 列表中的邮箱比对，不区分大小写）；Git 的用户名
一律不比对，即使用户名里写的是局办公室的邮箱，也按邮箱认定。

- 其他科室的人员（作者或提交者）修改了本科室的记录：错误；
- 身份不在 org.yml 中（例如用了个人邮箱）：警告，请局办公室核实；
- 局办公室可以修改任何记录；
- 合并提交也要看：它自己带进来的修改（与每一个父提交都不同的文件，`git diff-tree --cc`）
  按合并者的身份判断；干净的合并（没有自己的修改）不计，其分支上的提交各自判断；
- 在 CI 中，代码托管平台上登录的账号也算一个身份，对合并请求改动的每份记录都要判断：GitLab 的
  `GITLAB_USER_LOGIN`/`GITLAB_USER_EMAIL`，GitHub 的 Pull Request 作者（`$GITHUB_EVENT_PATH`
  中的 `pull_request.user.login`）和 `GITHUB_ACTOR`。账号名按 org.yml 中每人的 `logins`
  列表认定（GitLab 也按邮箱）；认定为其他科室是错误，不在名单中是警告。

**示例（错误）**：社会事务科的张伟（zhangwei@yzmz.example.cn）提交了对养老服务科事件
`YZMZ-2024-0001` 的修改。

**怎么改**：请由责任科室的人员提交；如确需他人代为提交，请局办公室提交。身份不在名单中的，
请在 Git 中设置单位邮箱（`git config user.email`），或请局办公室把该身份加入 org.yml。
提交者与作者不同（例如代为提交、变基、在网页上合并）时，提交者也须是本科室或局办公室的人员。
平台账号不在名单中的，请局办公室在 org.yml 中此人名下加上 `logins: [账号名]`。
"""

from __future__ import annotations

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review, Signal, Training

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
    if isinstance(record.model, (Incident, Signal)):
        return record.model.section
    if isinstance(record.model, Review):
        incidents = ctx.incidents.get(record.model.incident)
        if incidents:
            return incidents[0].model.section
    if isinstance(record.model, Training):
        return ctx.org.owning_section(record.model.organizer)
    return None


def _owner_loc(path: str, ctx) -> tuple:
    """Where the owner is written: a training's organizer, every other record's section."""
    record = ctx.by_path.get(path)
    return ("organizer",) if record is not None and isinstance(record.model, Training) else ("section",)


def _identities(commit) -> list[tuple[str, str, str]]:
    """(role zh, role en, "name <email>"-ready pair) of a commit: its author, and its committer if another."""
    found = [("作者", "author", commit.author, commit.email)]
    if commit.committer_email and (commit.committer_email.lower(), commit.committer) != (
            commit.email.lower(), commit.author):
        found.append(("提交者", "committer", commit.committer, commit.committer_email))
    return found


def check_range(git_range, ctx):
    org = ctx.org
    seen: set[tuple[str, str]] = set()
    alias: dict[str, str] = {}  # a path in older commits -> the record's path at HEAD (renames followed)
    for commit in git_range.commits:  # newest first; a merge carries the changes it made itself
        renames = [(c.old_path, c.path) for c in commit.changes if c.status == "R" and c.old_path]
        kind_zh = "合并提交" if commit.is_merge else "提交"
        kind_en = "merge commit" if commit.is_merge else "commit"
        for role_zh, role_en, name, email in _identities(commit):
            identity_section = org.section_of_email(email)
            who = f"{name} <{email}>"
            for change in commit.changes:
                path = alias.get(change.path, change.path)[len(git_range.prefix):]
                owner = _owner_section(path, ctx)
                if owner is None or (email.lower(), path) in seen:
                    continue
                if identity_section in (owner, org.office_section):
                    continue
                seen.add((email.lower(), path))
                if identity_section is None:
                    yield Problem(Msg(
                        f"{kind_zh} {commit.sha[:8]} 的{role_zh} {who} 不在组织名单（schema/org.yml）中"
                        f"（按邮箱认定），无法确认其科室。本记录属于{owner}。"
                        "请改用单位邮箱提交（git config user.email），或请局办公室把该邮箱加入 org.yml。",
                        f"{kind_en} {commit.sha[:8]}: {role_en} {who} is not in org.yml (matched by email; "
                        f"record of {owner}). Commit with the bureau email, or ask the office to add it."),
                        loc=_owner_loc(path, ctx), path=path, level="warning")
                else:
                    yield Problem(Msg(
                        f"{kind_zh} {commit.sha[:8]} 的{role_zh} {who}（{identity_section}）修改了{owner}的记录。"
                        f"只有{owner}和{org.office_section}的人员可以修改（作者和提交者都算）；"
                        f"请由{owner}人员重新提交，或请{org.office_section}代为提交。",
                        f"{kind_en} {commit.sha[:8]}: {role_en} {who} ({identity_section}) changed a record of "
                        f"{owner}; only {owner} and {org.office_section} may (author and committer both count)."),
                        loc=_owner_loc(path, ctx), path=path)
        for old, new in renames:
            alias[old] = alias.get(new, new)
    yield from _platform_problems(git_range, ctx)


def _platform_section(user, org) -> str | None:
    if user.login and user.login.lower() in org.logins:
        return org.logins[user.login.lower()]
    return org.section_of_email(user.email)


def _platform_problems(git_range, ctx):
    """In CI, the platform's authenticated user counts as one more identity for every changed record."""
    org = ctx.org
    for user in getattr(git_range, "platform_users", ()):
        section = _platform_section(user, org)
        for path in sorted(git_range.changed):
            owner = _owner_section(path, ctx)
            if owner is None or section in (owner, org.office_section):
                continue
            if section is None:
                yield Problem(Msg(
                    f"合并请求的{user.role_zh} {user.shown} 不在组织名单（schema/org.yml）中，无法确认其科室。"
                    f"本记录属于{owner}。请局办公室核实，并在 org.yml 中此人名下的 `logins` 一项登记其"
                    f"{user.platform} 账号名。",
                    f"the merge request's {user.role_en} {user.shown} ({user.platform}) is not in org.yml "
                    f"(record of {owner}); list the account under the person's `logins`."),
                    loc=_owner_loc(path, ctx), path=path, level="warning")
            else:
                yield Problem(Msg(
                    f"合并请求的{user.role_zh} {user.shown}（{section}）修改了{owner}的记录。"
                    f"只有{owner}和{org.office_section}的人员可以提交这份记录的修改；"
                    f"请由{owner}人员发起合并请求，或请{org.office_section}代为发起。",
                    f"the merge request's {user.role_en} {user.shown} ({user.platform}, {section}) changed a "
                    f"record of {owner}; only {owner} and {org.office_section} may."),
                    loc=_owner_loc(path, ctx), path=path)
