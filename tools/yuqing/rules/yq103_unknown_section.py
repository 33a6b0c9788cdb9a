"""科室、人员或角色不在组织名单中（YQ103 unknown-section）

记录中提到的科室、角色和跟踪专人，必须与 schema/org.yml 中的组织名单一致：

- `section`（责任科室）必须是名单中的科室（单位）；
- `reports` 的 `to`、`cc` 和 `responses` 的 `approvals.role` 必须是角色：主要领导、分管领导、局办公室；
- `tracking.owner`、`tracking.office_owner` 必须是名单中的人员；
- `escalations.to` 必须是名单中的上级或外部单位（如 市民政局、区委办、区府办）；
- 复盘记录的 `organizer`、整改措施的 `owner` 必须是科室、角色或人员。

写法不统一（例如“办公室”和“局办公室”）会让时限检查认不出报告对象，统计也会出错。

**怎么改**：按提示中列出的可选名称改正；如果组织机构确有调整，请局办公室修改
schema/org.yml。
"""

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review

ID = "YQ103"
NAME = "unknown-section"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("科室、人员或角色不在 org.yml 中", "section / owner / role not in org.yml")
HOOKS = ("check",)
NEEDS = frozenset()


WHAT_EN = {"责任科室": "section", "报告对象（角色）": "recipient role", "审核角色": "approving role",
           "跟踪专人": "tracking owner", "上报单位": "escalation body", "复盘组织者": "review organizer",
           "整改责任人": "action owner"}
CHOICES_EN = {"schema/org.yml 中各科室 members 列出的人员": "a member listed in schema/org.yml",
              "科室、角色或 org.yml 中的人员": "a section, a role or a person in org.yml"}


def _unknown(value: str, allowed, what: str, loc: tuple, choices: str | None = None):
    shown = choices if choices is not None else "、".join(sorted(allowed))
    shown_en = CHOICES_EN.get(shown, shown.replace("、", ", "))
    return Problem(Msg(f"{what}“{value}”不在组织名单（schema/org.yml）中。可选：{shown}。",
                       f"{WHAT_EN.get(what, what)} '{value}' is not in schema/org.yml; choose from: {shown_en}."),
                   loc=loc)


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
                        yield _unknown(name, roles, "报告对象（角色）", ("reports", index, field, position))
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
