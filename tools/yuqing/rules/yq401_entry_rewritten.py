"""已合并的条目被改写（YQ401 entry-rewritten）

预案第七条追究“隐瞒、缓报、谎报”。台账的可信，在于已经合并（进入主分支）的记录只能追加、
不能改写。检查合并请求时（`yuqing check --base 目标分支`），逐条比较合并前后的内容，任何改写都会在
新文件的对应行报错，并写明原值和新值。

**哪些是事实（合并后不能修改或删除）**：

- 列表中的每一条：报告、回应、上报、情况说明、级别变化（`regradings`）、事实更正（`corrections`），以及复盘的整改措施
  （只有 `done_at` 可以由空填为日期）；
- 事件的获知时间 `discovered_at`、发生时间 `occurred_at`、级别 `level`、责任科室 `section`、
  演练标记 `drill`、办结时间 `closed_at`（填写之后）、公开范围 `visibility`；复盘的 `incident` 和 `held_at`；
- 预警信息（monitoring/）的每一条研判记录 `assessments`，以及发现时间 `noticed_at`、科室 `section`、
  转为的事件 `incident`（填写之后）、公开范围 `visibility`。

**不算改动**：追加新的条目；列表中条目的先后顺序；报告对象 `to`、抄送 `cc` 中角色的先后顺序；
同一时刻换一种写法（`09:20`、`01:20Z`、`09:20:00+08:00` 是同一时刻）；修改状态、跟踪人和正文；
第一次填写办结时间。公开范围由 `internal` 改为 `restricted` 总是可以；改回 `internal` 只能由局办公室
（本合并请求中修改这份记录的提交全部由局办公室人员提交）。

**级别变化**：`level` 写当前级别，并且必须等于 `regradings` 最后一条的 `to`。改级别时追加一条
`{at, to, by, reason}`；只改 `level` 而不追加级别变化是错误。升级（一般 → 较大 → 重大）可以由责任科室或
局办公室记录；降级只能由局办公室记录。升级后，新级别中从获知起算的时限从该条的 `at` 起算。

```yaml
level: 重大
regradings:
  - at: 2024-08-26 14:00
    to: 重大
    by: 李明
    reason: 舆情持续发酵，转发量快速上升，经分管领导同意升为重大。
```

**怎么改**：恢复被改写或删除的原条目和原值（提示中写明了原值）。原条目确有笔误的，也不要改它，
而是按下面的方法追加一条更正条目；级别变了的，追加一条级别变化；获知时间等事实确实填错的，请联系局办公室。

**事实更正（只能由局办公室）**：获知时间、发生时间、级别、责任科室、演练标记、办结时间、公开范围确实填错时，
由局办公室人员提交：把新值写进该字段，并在 `corrections` 中追加一条 `{field, from, to, reason, approved_by}`
（`approved_by` 写审核的局办公室人员）。由其他人员提交、或 `from`/`to` 与原值和新值不一致的，仍是错误：

```yaml
closed_at: 2024-09-02 16:00
corrections:
  - field: closed_at
    from: 2024-08-28 16:00
    to: 2024-09-02 16:00
    reason: 原记录误将办结审批时间填为办结时间，以 OA 办结单为准。
    approved_by: 王芳
```

更正使已合并的超时、缺失或已说明的结论变为按时的，另见 YQ407。

**如何更正笔误**：不要改原条目，而是追加一条更正条目，用 `corrects:` 指明更正的是第几条
（从 1 开始数）或该条目的 `id`，并用 `reason:` 说明原因。网站会同时显示原条目（划去）和
更正条目，时限检查以更正后的内容为准：

```yaml
reports:
  - kind: 口头报告
    at: 2024-08-26 09:40      # 原条目，保持不动
    ...
  - kind: 口头报告
    at: 2024-08-26 09:30
    by: 刘洋
    to: [分管领导, 主要领导]
    corrects: 1
    reason: 原记录误将通话结束时间填为报告时间，以通话记录为准。
```

本规则也检查更正条目本身：`corrects` 必须指向本列表中排在它前面的条目，并且必须写明 `reason`。
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review, Signal, Training
from yuqing.models.incident import CORRECTABLE_FACTS, LEVEL_RANK, level_steps, resolve_reference
from yuqing.models.types import Visibility
from yuqing.rules._merged import INVALID as _INVALID
from yuqing.rules._merged import (
    base_versions,
    by_office,
    correction_value,
    is_office_member,
    match_entries,
    same_fact,
)
from yuqing.timeparse import format_time, time_digits

ID = "YQ401"
NAME = "entry-rewritten"
LEVEL = "error"
CLAUSE = "七(一)"
SUMMARY = Msg("已合并的条目或事实（时间、级别、科室等）被修改或删除（只能追加）", "a merged entry or fact was changed (append-only)")
HOOKS = ("check", "check_range")
NEEDS = frozenset({"range"})

GUARDED_LISTS = {
    Incident: {"reports": "报告", "responses": "回应", "escalations": "上报", "exceptions": "情况说明",
               "regradings": "级别变化", "corrections": "事实更正"},
    Review: {"actions": "整改措施"},
    Signal: {"assessments": "研判记录"},
    Training: {},
}
GUARDED_FIELDS = {
    Incident: CORRECTABLE_FACTS,
    Review: {"incident": "所复盘事件", "held_at": "复盘时间"},
    Signal: {"noticed_at": "发现时间", "section": "科室", "incident": "转为的事件", "visibility": "公开范围"},
    Training: {},
}
FILLABLE = {"actions": {"done_at"}}  # may go from empty to a value
FILLABLE_FIELDS = {"closed_at", "incident"}  # a top-level fact once set (a review's incident is never empty)
def _show(value, tz, other=None) -> str:
    """A field's value as the message quotes it; a time as precisely as it or the ``other`` value it
    is shown beside needs (a change of seconds must show: 09:15:00 → 09:15:30)."""
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_time(value, tz, time_digits(value, other if isinstance(other, datetime) else None, tz=tz))
    if isinstance(value, list):
        return "、".join(_show(v, tz) for v in value) or "（空）"
    if isinstance(value, BaseModel):
        return str(value.model_dump(mode="json", exclude_none=True))
    return str(getattr(value, "value", value))


def check(record, ctx):
    """Correction entries must point at an earlier entry of the same list and give a reason."""
    model = record.model
    if not isinstance(model, (Incident, Review)):
        return
    if isinstance(model, Incident) and model.regradings:
        last = max(model.regradings, key=lambda entry: entry.at)
        if last.to != model.level:
            yield Problem(Msg(
                f"level 是“{model.level.value}”，但最后一条级别变化（regradings）的 to 是“{last.to.value}”。"
                "level 应写当前级别，即最后一条级别变化的 to；请改正其中之一。",
                f"level is {model.level.value} but the last regrading is to {last.to.value}; they must agree."),
                loc=("level",))
    if isinstance(model, Incident):
        yield from _correction_problems(model, ctx)
        for before, entry in level_steps(model.regradings):
            if entry.to == before:
                j = model.regradings.index(entry)
                yield Problem(Msg(
                    f"第 {j + 1} 条级别变化的 to 是“{entry.to.value}”，与变化前的级别相同：级别没有变化，不能记为级别变化"
                    "（它会让时限改从它的 at 起算）。请删除这一条，或写明新的级别。",
                    f"regrading {j + 1} is to {entry.to.value}, the level before it: not a change of level."),
                    loc=("regradings", j, "to"))
    for name in GUARDED_LISTS[type(model)]:
        entries = getattr(model, name)
        for index, entry in enumerate(entries):
            reference = getattr(entry, "corrects", None)
            if reference is None:
                continue
            target = resolve_reference(reference, entries)
            if target is None or target >= index:
                yield Problem(Msg(
                    f"更正条目的 corrects: {reference} 没有指向本列表中排在它前面的条目。"
                    "请写被更正条目的序号（从 1 开始）或它的 id。",
                    f"corrects: {reference} does not name an earlier entry of this list."),
                    loc=(name, index, "corrects"))
            if not (getattr(entry, "reason", None) or "").strip():
                yield Problem(Msg("更正条目必须用 reason: 写明更正原因。", "a correction needs a reason."),
                              loc=(name, index, "corrects"))


def _correction_problems(model: Incident, ctx):
    """Each fact correction names a correctable field, values of its kind, the field's current value
    as its last ``to``, and an office member as ``approved_by``."""
    fields = "、".join(CORRECTABLE_FACTS)
    office = ctx.org.office_section
    last: dict[str, int] = {}
    for index, entry in enumerate(model.corrections):
        if entry.field not in CORRECTABLE_FACTS:
            yield Problem(Msg(
                f"事实更正的 field “{entry.field}” 不是可以更正的字段。可以更正的是：{fields}。"
                "列表中的条目（报告、回应等）写错了，请追加一条带 corrects: 的更正条目。",
                f"field '{entry.field}' cannot be corrected; correctable: {', '.join(CORRECTABLE_FACTS)}."),
                loc=("corrections", index, "field"))
            continue
        for key in ("from_", "to"):
            if correction_value(entry.field, getattr(entry, key), ctx.tz) is _INVALID:
                shown = "from" if key == "from_" else "to"
                yield Problem(Msg(
                    f"事实更正的 {shown} “{_show(getattr(entry, key), ctx.tz)}”不是{CORRECTABLE_FACTS[entry.field]}"
                    f"（{entry.field}）可以取的值，请照该字段的写法填写。",
                    f"{shown} is not a valid value of {entry.field}."),
                    loc=("corrections", index, shown))
        if not is_office_member(ctx.org, entry.approved_by):
            yield Problem(Msg(
                f"事实更正的 approved_by “{entry.approved_by}”不是{office}的人员（schema/org.yml）。"
                f"事实更正须经{office}审核，请写审核人的姓名。",
                f"approved_by '{entry.approved_by}' is not a member of {office}."),
                loc=("corrections", index, "approved_by"))
        last[entry.field] = index
    for name, index in last.items():
        entry = model.corrections[index]
        value = correction_value(name, entry.to, ctx.tz)
        if value is not _INVALID and not same_fact(name, value, getattr(model, name)):
            yield Problem(Msg(
                f"第 {index + 1} 条事实更正把{CORRECTABLE_FACTS[name]}（{name}）更正为“{_show(value, ctx.tz)}”，"
                f"但 {name} 现在是“{_show(getattr(model, name), ctx.tz)}”：更正后的值要同时写进 {name}。",
                f"correction {index + 1} sets {name} to '{_show(value, ctx.tz)}' but {name} is "
                f"'{_show(getattr(model, name), ctx.tz)}'."),
                loc=("corrections", index, "to"))


def check_range(git_range, ctx):
    """Compare the base version of every changed record with its head version, entry by entry."""
    for head_path, base_path, record, base_model in base_versions(git_range, ctx):
        office_made = by_office(git_range, ctx.org, {head_path, base_path})
        for problem in compare(base_model, record.model, ctx.tz, office_made, ctx.org):
            problem.path = head_path
            yield problem


def _fact_problem(name: str, label: str, old, new, tz, how_zh: str, how_en: str) -> Problem:
    return Problem(Msg(
        f"已合并记录的{label}（{name}）不能修改：原为“{_show(old, tz, new)}”，现为“{_show(new, tz, old)}”。{how_zh}",
        f"{name} of a merged record changed from '{_show(old, tz, new)}' to '{_show(new, tz, old)}'. {how_en}"),
        loc=(name,))


def _fact_correction(name: str, old, new, base, head, tz):
    """The index of a fact correction added in ``head`` that records ``name`` going from ``old`` to ``new``."""
    if not isinstance(head, Incident):
        return None
    _, _, added = match_entries(base.corrections, head.corrections, set())
    for index in sorted(added, reverse=True):
        entry = head.corrections[index]
        if entry.field == name and same_fact(name, correction_value(name, entry.from_, tz), old) \
                and same_fact(name, correction_value(name, entry.to, tz), new):
            return index
    return None


def _corrected(name: str, label: str, old, new, base, head, tz, office_made: bool, org):
    """The YQ401 problem of a changed fact, unless a fact correction the office made records the change."""
    index = _fact_correction(name, old, new, base, head, tz)
    office = org.office_section
    if index is None:
        return _fact_problem(
            name, label, old, new, tz,
            f"请恢复原值。如原值确有错误，请{office}在 corrections 中追加一条事实更正"
            f"（field: {name}、from: 原值、to: 新值、reason: 原因、approved_by: 审核人）。",
            f"restore it; if it is wrong, {office} appends a correction (field: {name}, from, to, reason, approved_by).")
    entry = head.corrections[index]
    if office_made and is_office_member(org, entry.approved_by):
        return None
    return Problem(Msg(
        f"第 {index + 1} 条事实更正修改了{label}（{name}）：事实更正只能由{office}提交（本合并请求中修改这份记录的"
        f"提交须全部由{office}人员提交，approved_by 写{office}审核人）。请恢复原值，交{office}更正。",
        f"correction {index + 1} changes {name}: only {office} may correct a fact (its commits, approved_by)."),
        loc=("corrections", index, "field"))


def _level_problems(base, head, tz, office_made: bool, org):
    """A change of level needs a new regrading whose ``to`` is the new level (or an office fact
    correction); a downgrade is the office's."""
    office = org.office_section
    _, _, added = match_entries(base.regradings, head.regradings, set())
    added_entries = sorted((head.regradings[j] for j in added), key=lambda r: r.at)
    if base.level != head.level and _fact_correction("level", base.level, head.level, base, head, tz) is not None:
        problem = _corrected("level", "级别", base.level, head.level, base, head, tz, office_made, org)
        if problem:
            yield problem
    elif base.level != head.level and (not added_entries or added_entries[-1].to != head.level):
        yield _fact_problem(
            "level", "级别", base.level, head.level, tz,
            f"级别变化须在 regradings 中追加一条记录（at 改变级别的时间、to: {_show(head.level, tz)}、by 决定人、"
            "reason 原因），并且最后一条的 to 与 level 一致；如原级别填错，请联系局办公室更正。",
            f"append a regrading (at, to: {_show(head.level, tz)}, by, reason) whose to is the new level.")
    before = base.level
    for entry in added_entries:
        if entry.to == before:
            j = head.regradings.index(entry)
            yield Problem(Msg(
                f"第 {j + 1} 条级别变化的 to 是“{_show(entry.to, tz)}”，但事件原来就是{_show(before, tz)}：级别没有变化，"
                "不能记为级别变化（它会让时限改从它的 at 起算）。请删除这一条；级别确有变化的，写新的级别。",
                f"regrading {j + 1} is to {_show(entry.to, tz)}, the level the incident already had: not a change "
                "of level (it would restart the clocks); remove it."),
                loc=("regradings", j, "to"))
        elif LEVEL_RANK[entry.to] < LEVEL_RANK[before] and not office_made:
            j = head.regradings.index(entry)
            yield Problem(Msg(
                f"第 {j + 1} 条级别变化把级别从“{_show(before, tz)}”降为“{_show(entry.to, tz)}”：降级只能由{office}"
                f"记录（本合并请求中修改这份记录的提交须全部由{office}人员提交）。请{office}提交这条降级记录。",
                f"regrading {j + 1} lowers the level from {_show(before, tz)} to {_show(entry.to, tz)}: "
                f"only {office} may record a downgrade."),
                loc=("regradings", j, "to"))
        before = entry.to


def compare(base, head, tz, office_made: bool, org):
    """The YQ401 problems of ``head`` against its merged version ``base`` (``office_made``: every commit
    that made the change is by 局办公室, per ``org``)."""
    kind = type(head)
    office = org.office_section
    for name, label in GUARDED_FIELDS[kind].items():
        old, new = getattr(base, name), getattr(head, name)
        if name == "level":
            yield from _level_problems(base, head, tz, office_made, org)
            continue
        if same_fact(name, old, new) or (old is None and name in FILLABLE_FIELDS):
            continue
        if name == "visibility":
            if new is Visibility.RESTRICTED or office_made:
                continue
            yield _fact_problem(
                name, label, old, new, tz,
                f"从受限（restricted）改回内部（internal）只能由{office}决定，请{office}提交这项修改。",
                f"only {office} may make a restricted record internal again.")
            continue
        if kind is Incident:
            problem = _corrected(name, label, old, new, base, head, tz, office_made, org)
            if problem:
                yield problem
            continue
        yield _fact_problem(
            name, label, old, new, tz,
            "请恢复原值；如原值确有错误，请联系局办公室更正并在正文中说明。",
            "restore it; if it is wrong, ask the office to correct it.")
    for name, label in GUARDED_LISTS[kind].items():
        old_entries, new_entries = getattr(base, name), getattr(head, name)
        fillable = FILLABLE.get(name, set())
        pairs, removed, _ = match_entries(old_entries, new_entries, fillable)
        for index in removed:
            yield Problem(Msg(
                f"已合并的第 {index + 1} 条{label}被删除了（原有 {len(old_entries)} 条，现有 {len(new_entries)} 条）。"
                "已合并的条目只能追加、不能删除；如有错误，请恢复原条目并追加一条带 corrects: 的更正条目。",
                f"merged {name} entry {index + 1} was removed; restore it and append a correction."),
                loc=(name,), key=True)
        for index, head_index in pairs:
            old, new = old_entries[index], new_entries[head_index]
            for field in type(old).model_fields:
                before, after = getattr(old, field), getattr(new, field)
                if same_fact(field, before, after) or (before is None and field in fillable):
                    continue
                yield Problem(Msg(
                    f"已合并的第 {index + 1} 条{label}的 {field} 被修改：原为“{_show(before, tz, after)}”，"
                    f"现为“{_show(after, tz, before)}”。已合并的条目不能改写，请恢复原值；"
                    f"如原值有误，请追加一条更正条目（corrects: {index + 1}，并写明 reason）。",
                    f"merged {name} entry {index + 1}: {field} changed from '{_show(before, tz, after)}' to "
                    f"'{_show(after, tz, before)}'; restore it and append a correction (corrects: {index + 1})."),
                    loc=(name, head_index, field))
