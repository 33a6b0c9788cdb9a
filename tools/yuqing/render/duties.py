"""职责与时限: the obligations table rendered from schema/policy.yml and the sections' duties from org.yml.

It is the same data the checks read, so the page can never disagree with CI.
"""

from __future__ import annotations

from yuqing.models import Org, Policy
from yuqing.models.types import Level
from yuqing.render import markup as m
from yuqing.render.calendar import PAGE as CALENDAR_PAGE
from yuqing.render.model import DUTIES, QUICK_CARD, rule_uri
from yuqing.render.wording import (
    LEVEL_DEFINITIONS,
    clock_text,
    duty_sentence,
    levels_text,
    limit_text,
    names,
    obligations_for,
    severity_short,
    severity_text,
    start_text,
)


def duties_page(org: Org, policy: Policy) -> str:
    page = DUTIES
    out = [m.front_matter("navigation"), "# 职责与时限", "",
           f"本页由 `schema/policy.yml`（预案义务）和 `schema/org.yml`（组织机构）生成。"
           f"合并请求中的检查读取的是同一份数据，所以本页写的时限就是检查的标准。"
           f"时限默认从{clock_text(policy)}起算，时限的边界含当分钟（例如 15 分钟整报告仍为按时）。"
           f"一页纸版本见{m.link('应急速查卡', page, QUICK_CARD)}；"
           f"把本科室待完成事项的到期时间订阅到日历，见{m.link('日程订阅', page, CALENDAR_PAGE)}。", ""]

    out += ["## 义务一览", "", "“级别”一栏：错误会阻止合并请求，必须如实补记或写明情况说明；警告只作提示。", ""]
    rows = []
    for code, ob in sorted(policy.obligations.items()):
        rows.append([m.link(code, page, rule_uri(code)), m.text(ob.title), m.text(levels_text(ob)),
                     m.text(names(ob.recipients)), m.text(start_text(ob, policy)), m.text(limit_text(ob)),
                     m.text(severity_short(ob)), m.text(ob.clause)])
    out += [m.table(["规则", "义务", "适用级别", "对象", "起算", "时限", "级别", "预案条款"], rows), ""]

    out += ["## 按级别：应该做什么", ""]
    for level in Level:
        out += [f"### {level.value}舆情事件", "", f"预案四(二)：{LEVEL_DEFINITIONS[level]}", ""]
        items = obligations_for(level, policy)
        if items:
            out += [f"{number}. {m.text(duty_sentence(code, ob, policy))}（{m.link(code, page, rule_uri(code))}）"
                    for number, (code, ob) in enumerate(items, start=1)]
        else:
            out.append("（policy.yml 中没有适用于该级别的义务）")
        out.append("")

    out += ["## 义务明细", ""]
    for code, ob in sorted(policy.obligations.items()):
        out += [f"### {code} {m.text(ob.title)}", ""]
        detail = [
            ["要求", m.text(duty_sentence(code, ob, policy))],
            ["适用级别", m.text(levels_text(ob))],
        ]
        if ob.kinds:
            detail.append(["报告类型", m.text(names(kind.value for kind in ob.kinds))])
        if ob.recipients:
            detail.append(["对象", m.text(names(ob.recipients))])
        detail.append(["起算", m.text(start_text(ob, policy))])
        detail.append(["时限", m.text(limit_text(ob))])
        for kind, items in ob.elements.items():
            detail.append([f"{kind.value}要素", m.text(names(items))])
        detail.append(["级别", m.text(severity_text(ob))])
        detail.append(["预案条款", m.text(ob.clause)])
        detail.append(["规则说明", m.link(code, page, rule_uri(code))])
        out += [m.table(["项目", "内容"], detail), ""]
        if ob.quote:
            out += [f"> 预案原文：{m.text(ob.quote)}", ""]

    out += ["## 角色", "", "报告对象和审核人按角色填写（`to`、`cc`、`approvals` 中的 `role`）：", ""]
    rows = [[m.text(role.name), m.text(names(role.holders)), m.text(role.description or "")] for role in org.roles]
    out += [m.table(["角色", "现任", "说明"], rows), ""]

    out += ["## 各科室（单位）职责", "",
            "各科室（单位）作为责任科室时，负责本领域舆情的应对处置，并按上文的级别履行报告、审核、续报和复盘义务。"
            f"{m.text(org.office_section)}承担领导小组办公室职责，可以修改任何记录。", ""]
    for section in org.sections:
        out += [f"### {m.text(section.name)}", ""]
        facts = []
        if section.kind:
            facts.append(["性质", m.text(section.kind)])
        if section.phone:
            facts.append(["办公电话", m.text(section.phone)])
        facts.append(["职责", m.text(section.duties or "—")])
        if section.members:
            facts.append(["人员", m.text("、".join(
                f"{member.name}（{member.title}）" if member.title else member.name for member in section.members))])
        out += [m.table(["项目", "内容"], facts), ""]
    if org.external_bodies:
        out += ["## 上级和外部单位", "",
                "向上级报告（`escalations`）时可填写：" + m.text(names(org.external_bodies)) + "。", ""]
    return "\n".join(out)
