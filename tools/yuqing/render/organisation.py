"""领导小组与联系方式: the leading group (org.yml ``leading_group``) and each section's duty phone.

Generated beside the hand-written chapter 二、组织体系及职责 (docs/plan/organisation.md) from the
same org.yml the checks read. Only office phones are shown: a section's ``phone`` appears only when
it is one of org.yml's ``public_phones`` (the bureau's published numbers), never a personal number.
"""

from __future__ import annotations

from yuqing.models import Org
from yuqing.render import markup as m
from yuqing.render.model import DUTIES, LEADING_GROUP

ORGANISATION = "plan/organisation.md"


def office_phone(org: Org, phone: str | None) -> str | None:
    """The section's phone when it is a published office number, else None."""
    if not phone:
        return None
    return phone if phone.strip() in {p.strip() for p in org.public_phones} else None


def _who(org: Org, name: str) -> str:
    """``王芳（局办公室 办公室主任）``, ``周建国（主要领导）``, a section's name as it is (plain text)."""
    if name in org.section_names:
        return name
    for section in org.sections:
        for member in section.members:
            if member.name == name:
                return f"{name}（{section.name}{' ' + member.title if member.title else ''}）"
    roles = [role.name for role in org.roles if name in role.holders]
    return f"{name}（{'、'.join(roles)}）" if roles else name


def leading_group_page(org: Org, pages: set[str] | frozenset[str] = frozenset()) -> str:
    """The page; ``pages`` names the hand-written pages that exist (the plan's chapter is linked when present)."""
    page = LEADING_GROUP
    chapter = m.link("二、组织体系及职责", page, ORGANISATION) if ORGANISATION in pages else "预案“二、组织体系及职责”"
    out = [m.front_matter("navigation"), "# 领导小组与联系方式", "",
           f"本页由 `schema/org.yml` 生成，与台账检查使用同一份名单。预案原文见{chapter}；"
           f"各科室（单位）的职责和时限见{m.link('职责与时限', page, DUTIES)}。", ""]
    out += ["## 舆情应急处置工作领导小组", ""]
    group = org.leading_group
    if group is None:
        out += ["`schema/org.yml` 尚未登记领导小组（`leading_group`：组长、副组长、成员、办公室）。", ""]
    else:
        rows = []
        for label, people in (("组长", group.leader), ("副组长", group.deputies), ("成员", group.members)):
            if people:
                rows.append([label, m.text("、".join(_who(org, name) for name in people))])
        if group.office:
            office = group.office
            phone = office_phone(org, org.section(office).phone) if org.section(office) else None
            rows.append(["领导小组办公室", m.text(f"设在{office}") + (f"，电话 {m.text(phone)}" if phone else "")])
        out += [m.table(["职务", "组成人员"], rows) if rows else "（名单为空）", ""]
    out += ["## 各科室（单位）值班联系电话", "",
            "发现舆情或接到报告时按下表联系；只列各科室（单位）对外公开的办公电话，不列个人电话。", ""]
    rows = []
    for section in org.sections:
        phone = office_phone(org, section.phone)
        head = next((member for member in section.members if member.title), None)
        rows.append([m.text(section.name), m.text(section.kind or "—"), m.text(phone) if phone else "（未登记公开电话）",
                     m.text(f"{head.name}（{head.title}）") if head else "—"])
    out += [m.table(["科室（单位）", "性质", "办公电话", "负责人"], rows), ""]
    return "\n".join(out)
