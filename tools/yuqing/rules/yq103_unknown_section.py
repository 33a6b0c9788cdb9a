"""科室、人员或角色不在组织名单中（YQ103 unknown-section）

记录中提到的科室、角色和跟踪专人，必须与 schema/org.yml 中的组织名单一致：

- `section`（责任科室）必须是名单中的科室（单位）；
- `reports` 的 `to`、`cc` 和 `responses` 的 `approvals.role` 必须是角色：主要领导、分管领导、局办公室；
- `tracking.owner`、`tracking.office_owner` 必须是名单中的人员；
- `escalations.to` 必须是名单中的上级或外部单位（如 市民政局、区委办、区府办）；
- 复盘记录的 `organizer`、整改措施的 `owner` 必须是科室、角色或人员。

写法不统一（例如“办公室”和“局办公室”）会让时限检查认不出报告对象，统计也会出错。

名称写错一两个字的（如“养老服务”），提示会问“是不是 养老服务科？”。几个角色要写成列表
`to: [分管领导, 主要领导]`：用中文逗号、顿号或中文方括号连起来的（`[分管领导，主要领导]`、
`【分管领导、主要领导】`）会被当作一个名称，提示会给出改好的写法。

**怎么改**：按提示中列出的可选名称改正；如果组织机构确有调整，请局办公室修改
schema/org.yml。
"""

import re

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review, Signal, Training
from yuqing.schema_errors import nearest, or_list

ID = "YQ103"
NAME = "unknown-section"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("科室、人员或角色不在 org.yml 中", "section / owner / role not in org.yml")
HOOKS = ("check",)
NEEDS = frozenset()


WHAT_EN = {"责任科室": "section", "报告对象（角色）": "recipient role", "审核角色": "approving role",
           "跟踪专人": "tracking owner", "上报单位": "escalation body", "复盘组织者": "review organizer",
           "整改责任人": "action owner", "人员": "person", "培训组织者": "training organizer",
           "参加人员": "attendee"}
CHOICES_EN = {"schema/org.yml 中各科室 members 列出的人员": "a member listed in schema/org.yml",
              "科室、角色或 org.yml 中的人员": "a section, a role or a person in org.yml"}


# what joins or wraps names a clerk meant as a YAML list: full-width commas and brackets, spaces
_SEPARATORS = re.compile(r"\s*[，、,；;]\s*|\s+")
_WRAPPERS = "【】［］[]“”‘’\"'「」"
_CHARACTER_NAMES = {"，": "中文逗号", "、": "顿号", "；": "中文分号", ";": "分号", "【": "中文方括号", "】": "中文方括号",
                    "［": "全角方括号", "］": "全角方括号", "“": "中文引号", "”": "中文引号", "‘": "中文引号",
                    "’": "中文引号", "「": "引号", "」": "引号", " ": "空格", "　": "全角空格"}


def _meant(value: str, allowed) -> list[str] | None:
    """The known names ``value`` holds when full-width commas, brackets or quotes joined or wrapped
    them (``分管领导，主要领导``, ``【局办公室】``, ``“养老服务科”``), else None."""
    inner = value.strip().strip(_WRAPPERS).strip()
    parts = [part for part in _SEPARATORS.split(inner) if part]
    if parts and parts != [value] and all(part in allowed for part in parts):
        return parts
    return None


def _unknown(value: str, allowed, what: str, loc: tuple, choices: str | None = None, listed: bool = False):
    """``listed``: the field holds a list of names (``to``, ``cc``), so several names are fine."""
    shown = choices if choices is not None else "、".join(sorted(allowed))
    shown_en = CHOICES_EN.get(shown, shown.replace("、", ", "))
    head = Msg(f"{what}“{value}”不在组织名单（schema/org.yml）中。", f"{WHAT_EN.get(what, what)} '{value}' is not in schema/org.yml")
    key = next(part for part in reversed(loc) if isinstance(part, str))
    meant = _meant(value, allowed)
    if meant is not None:
        marks = [char for char in dict.fromkeys(value.strip()) if char in _CHARACTER_NAMES]
        named = "、".join(f"“{char}”（{_CHARACTER_NAMES[char]}）" for char in marks) or "分隔符号"
        if len(meant) > 1 and not listed:
            return Problem(head + Msg(f"这里只能填一个名称，其中的{named}把几个名称连在了一起：{or_list(meant)}。",
                                      f"; only one name goes here: {', '.join(meant)}."), loc=loc)
        pasted = f"{key}: [{', '.join(meant)}]" if listed else f"{key}: {meant[0]}"
        why = ("多个名称要放在英文方括号 [ ] 里，用英文逗号加空格分开" if listed and len(meant) > 1
               else "YAML 只认英文半角的符号")
        return Problem(head + Msg(f"其中的{named}在 YAML 中不起分隔、括起或引号的作用，{why}。请改成：{pasted}",
                                  f"; its full-width punctuation does not separate names in YAML. Write: {pasted}"),
                       loc=loc)
    guesses = nearest(value.strip(), allowed)
    guess = Msg(f"是不是 {or_list(guesses)}？", f" Did you mean {', '.join(guesses)}?") if guesses else Msg("", "")
    return Problem(head + guess + Msg(f"可选：{shown}。", f"; choose from: {shown_en}."), loc=loc)


def check(record, ctx):
    org = ctx.org
    model = record.model
    roles = org.role_names
    if isinstance(model, Incident):
        if model.section not in org.section_names:
            yield _unknown(model.section, org.section_names, "责任科室", ("section",))
        for index, report in enumerate(model.reports):
            for field in ("to", "cc"):
                for position, name in enumerate(getattr(report, field)):
                    if name not in roles:
                        yield _unknown(name, roles, "报告对象（角色）", ("reports", index, field, position), listed=True)
        for index, response in enumerate(model.responses):
            for position, approval in enumerate(response.approvals):
                if approval.role not in roles:
                    yield _unknown(approval.role, roles, "审核角色",
                                   ("responses", index, "approvals", position, "role"))
        if model.tracking:
            for field in ("owner", "office_owner"):
                name = getattr(model.tracking, field)
                if name and name not in org.people:
                    yield _unknown(name, org.people, "跟踪专人", ("tracking", field),
                                   choices="schema/org.yml 中各科室 members 列出的人员")
        if org.external_bodies:
            for index, escalation in enumerate(model.escalations):
                if escalation.to not in org.external_bodies:
                    yield _unknown(escalation.to, org.external_bodies, "上报单位", ("escalations", index, "to"))
    elif isinstance(model, Review):
        known = org.section_names | roles | set(org.people)
        if model.organizer not in known:
            yield _unknown(model.organizer, known, "复盘组织者", ("organizer",),
                           choices="科室、角色或 org.yml 中的人员")
        for index, action in enumerate(model.actions):
            if action.owner not in known:
                yield _unknown(action.owner, known, "整改责任人", ("actions", index, "owner"),
                               choices="科室、角色或 org.yml 中的人员")
    elif isinstance(model, Signal):
        if model.section not in org.section_names:
            yield _unknown(model.section, org.section_names, "责任科室", ("section",))
        for field, value in (("noticed_by", model.noticed_by),) + tuple(
                (("assessments", index, "by"), entry.by) for index, entry in enumerate(model.assessments)):
            if value not in org.people:
                yield _unknown(value, org.people, "人员", field if isinstance(field, tuple) else (field,),
                               choices="schema/org.yml 中各科室 members 列出的人员")
    elif isinstance(model, Training):
        known = org.section_names | roles | set(org.people)
        if model.organizer not in known:
            yield _unknown(model.organizer, known, "培训组织者", ("organizer",), choices="科室、角色或 org.yml 中的人员")
        for position, name in enumerate(model.attendees):
            if name not in org.people:
                yield _unknown(name, org.people, "参加人员", ("attendees", position),
                               choices="schema/org.yml 中各科室 members 列出的人员", listed=True)
