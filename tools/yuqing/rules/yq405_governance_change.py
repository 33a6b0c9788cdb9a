"""修改预案规则或组织名单（YQ405 governance-change）

schema/policy.yml 写明每项义务的时限、适用级别、报告对象和报告类型，schema/org.yml 写明各科室和人员。
它们是检查所依据的规则，修改须经局办公室审核。检查合并请求时（`yuqing check --base 目标分支`），
如果本合并请求修改了其中之一：

- 范围内修改该文件的提交有一个不是局办公室人员提交的（按**基准版本**的 org.yml 认定身份）：错误；
- 全部由局办公室提交：警告（提示），逐项列出改变了的义务，例如“YQ301 时限 15 分钟 → 60 分钟”，
  以及增加、删除或调动的科室和人员，供审核时核对。

本合并请求中的记录始终按基准版本的规则判定：在同一个合并请求里放宽时限，不能让本请求登记的超时报告
变成按时。

**示例（错误）**：养老服务科的刘洋在登记一件口头报告晚了 40 分钟的重大舆情的同时，把 YQ301 的
`within: 15min` 改成了 `60min`。YQ405 报错，YQ301 仍按 15 分钟报告超时。

**怎么改**：把对 schema/policy.yml 或 schema/org.yml 的修改从本合并请求中撤回
（`git checkout 目标分支 -- schema/policy.yml`），记录确有超时的，如实保留时间并在 `exceptions` 中写明情况说明。
预案规则确需修改的，请局办公室单独提交一个合并请求，审核提示中列出的每一项改动。
"""

from __future__ import annotations

from datetime import timedelta

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.layout import ORG_FILE, POLICY_FILE
from yuqing.loader import load_text
from yuqing.models import Org, Policy
from yuqing.rules._merged import outside_office, touching
from yuqing.schema_errors import validate_document

ID = "YQ405"
NAME = "governance-change"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("合并请求修改了 schema/policy.yml 或 schema/org.yml（只能由局办公室修改）",
              "schema/policy.yml or schema/org.yml changed (only the office may)")
HOOKS = ("check_range",)
NEEDS = frozenset({"range"})

#: The fields of an obligation whose change the notice lists, in words.
FIELDS = {"within": "时限", "every": "周期", "levels": "适用级别", "recipients": "对象", "kinds": "报告类型",
          "level": "级别"}
FILES = {POLICY_FILE: ("预案规则", Policy), ORG_FILE: ("组织名单", Org)}


def _duration(value: timedelta | None, lang: str = "zh") -> str:
    if value is None:
        return "（无）" if lang == "zh" else "(none)"
    minutes = int(value.total_seconds() // 60)
    if minutes >= 2880 and minutes % 1440 == 0:
        return f"{minutes // 1440} 天" if lang == "zh" else f"{minutes // 1440} d"
    if minutes >= 120 and minutes % 60 == 0:  # 60 分钟 stays in minutes, as policy.yml's time limits are read
        return f"{minutes // 60} 小时" if lang == "zh" else f"{minutes // 60} h"
    return f"{minutes} 分钟" if lang == "zh" else f"{minutes} min"


def _show(value, lang: str = "zh") -> str:
    if isinstance(value, timedelta) or value is None:
        return _duration(value, lang)
    if isinstance(value, list):
        return ("、" if lang == "zh" else ", ").join(str(getattr(v, "value", v)) for v in value) or _duration(None, lang)
    return str(getattr(value, "value", value))


def _change(code: str, name: str, before, after) -> str:
    return f"{code} {FIELDS[name]} {_show(before)} → {_show(after)}"


def _change_en(code: str, name: str, before, after) -> str:
    return f"{code} {name} {_show(before, 'en')} → {_show(after, 'en')}"


def _parse(text: str | None, model):
    """The file's model and document (None, None when absent or not valid)."""
    if text is None:
        return None, None
    doc = load_text(text, ".yml")
    if not doc.readable or doc.problems:
        return None, doc
    parsed, problems = validate_document(model, doc, {})
    return (parsed if not problems else None), doc


def policy_changes(base: Policy, head: Policy) -> list[tuple[str, tuple]]:
    """Each changed obligation field as (words, location in the head file)."""
    found = []
    for code in sorted(set(base.obligations) | set(head.obligations)):
        old, new = base.obligations.get(code), head.obligations.get(code)
        if old is None:
            found.append((Msg(f"新增义务 {code}（{new.title}）", f"{code} added"), ("obligations", code)))
            continue
        if new is None:
            found.append((Msg(f"删除义务 {code}（{old.title}）", f"{code} removed"), ("obligations",)))
            continue
        for name in FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if isinstance(before, list):
                if sorted(map(str, before)) == sorted(map(str, after)):
                    continue
            elif before == after:
                continue
            found.append((Msg(_change(code, name, before, after), _change_en(code, name, before, after)),
                          ("obligations", code, name)))
    if base.clock_start != head.clock_start:
        found.append((Msg(f"起算时间 {base.clock_start} → {head.clock_start}",
                              f"clock_start {base.clock_start} → {head.clock_start}"), ("clock_start",)))
    for code in sorted(set(base.levels) | set(head.levels)):
        before, after = base.levels.get(code), head.levels.get(code)
        if before != after:
            old_level, new_level = (_show(v) if v else "（默认）" for v in (before, after))
            found.append((Msg(f"{code} 级别 {old_level} → {new_level}",
                              f"{code} level {_show(before) if before else '(default)'} → "
                              f"{_show(after) if after else '(default)'}"),
                          ("levels", code) if after else ("levels",)))
    return found


def org_changes(base: Org, head: Org) -> list[tuple[str, tuple]]:
    """Sections added or removed, members added, removed or moved, as (words, location in the head file)."""
    found = []
    before = [s.name for s in base.sections]
    after = [s.name for s in head.sections]
    index = {name: i for i, name in enumerate(after)}
    found += [(Msg(f"新增科室 {name}", f"section {name} added"), ("sections", index[name])) for name in after if name not in before]
    found += [(Msg(f"删除科室 {name}", f"section {name} removed"), ("sections",)) for name in before if name not in after]
    old = {m.name: s.name for s in base.sections for m in s.members}
    new = {m.name: (s.name, i, j) for i, s in enumerate(head.sections) for j, m in enumerate(s.members)}
    for name, (section, i, j) in new.items():
        if name not in old:
            found.append((Msg(f"{section}新增人员 {name}", f"{name} added to {section}"), ("sections", i, "members", j)))
        elif old[name] != section:
            found.append((Msg(f"{name} 由{old[name]}调到{section}", f"{name} moved from {old[name]} to {section}"), ("sections", i, "members", j)))
    found += [(Msg(f"{section}删除人员 {name}", f"{name} removed from {section}"), ("sections",)) for name, section in old.items() if name not in new]
    for name, label in (("ledger_since", "台账启用日期"), ("time_zone", "时区"), ("id_prefix", "编号前缀")):
        before, after = getattr(base, name), getattr(head, name)
        if before != after:
            found.append((Msg(f"{label}（{name}）{before or '（无）'} → {after or '（无）'}",
                              f"{name} {before or '(none)'} → {after or '(none)'}"), (name,)))
    if base.office_section != head.office_section:
        found.append((Msg(f"局办公室（office_section）{base.office_section} → {head.office_section}",
                          f"office_section {base.office_section} → {head.office_section}"), ("office_section",)))
    return found


def _outsiders(commits, path: str, org) -> list:
    """The range's own commits touching ``path`` whose author or committer is not of the office (per
    ``org``, the base's; matched on the email only)."""
    found = touching(commits, {path})
    return [commit for commit in found if outside_office(commit, org)] if found else [None]


def _listed(changes, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(getattr(words, lang) for words, _ in changes)


def check_range(git_range, ctx):
    org = ctx.org  # the base's org.yml in a --base check (see yuqing.checking.run.base_workspace)
    office = org.office_section
    for path in git_range.config_changed:
        label, model = FILES[path]
        base, _ = _parse(git_range.base_text(path), model)
        head, head_doc = _parse(git_range.head_text(path), model)
        changes = []
        if base is not None and head is not None:
            changes = policy_changes(base, head) if model is Policy else org_changes(base, head)
        line = 1
        if changes and head_doc is not None:
            line = head_doc.locate_key(changes[0][1])[0]
        listed, listed_en = _listed(changes, "zh"), _listed(changes, "en")
        outside = _outsiders(git_range.config_commits, git_range.prefix + path, org)
        if outside:
            named = [c for c in outside if c is not None]
            who = "、".join(f"{c.sha[:8]}（{c.author} <{c.email}>，{org.identities.get(c.email.lower()) or '不在名单中'}）"
                           for c in named[:3])
            who_en = ", ".join(f"{c.sha[:8]} ({c.author} <{c.email}>)" for c in named[:3])
            what = f"改动：{listed}。" if listed else ""
            yield Problem(Msg(
                f"本合并请求修改了{label} {path}。{what}只有{office}可以修改{label}，"
                + (f"但修改它的提交 {who} 不是{office}人员提交的。" if who else "但修改它的不是本范围内的提交。")
                + f"请把这项修改从本合并请求中撤回（git checkout {git_range.base_label} -- {path}），"
                f"确需修改的，请{office}单独提交合并请求。本合并请求中的记录仍按修改前的规则判定。",
                f"{path} changed in this merge request" + (f" ({listed_en})" if listed_en else "")
                + (f" by {who_en}" if who_en else "")
                + f": only {office} may change it; revert it (git checkout {git_range.base_label} -- {path}) "
                f"and let {office} change it in a merge request of its own."),
                line=line, column=1, path=path)
        else:
            if listed:
                what, what_en = f"改动了以下各项，请逐项审核：{listed}。", listed_en
            elif base is None or head is None:
                what, what_en = "基准版本或当前版本无法读取，无法逐项比较，请审核全部改动。", "the versions cannot be compared"
            else:
                what, what_en = "没有改变任何义务、科室或人员。", "no obligation, section or member changed"
            yield Problem(Msg(
                f"{office}修改了{label} {path}：{what}合并后，新的规则适用于此后的合并请求；"
                "本合并请求中的记录仍按修改前的规则判定。",
                f"{office} changed {path}: {what_en}. The records of this merge request are still judged by "
                "the base's rules."),
                line=line, column=1, path=path, level="warning")
