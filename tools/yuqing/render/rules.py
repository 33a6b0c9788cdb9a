"""规则说明: one page per rule code, from the rule module's docstring, with its clause and levels."""

from __future__ import annotations

import re

from yuqing.models import Policy
from yuqing.render import markup as m
from yuqing.render.model import DUTIES, RULES, rule_uri
from yuqing.render.wording import SEVERITY_WORDS, limit_text, severity_text, start_text
from yuqing.rules import documentation, title

GROUPS = (
    ("YQ0", "文件与格式"),
    ("YQ1", "记录的一致性"),
    ("YQ3", "预案的时限与义务"),
    ("YQ4", "Git 历史"),
    ("YQ5", "发布安全"),
)


def short_title(rule) -> str:
    """The docstring title without its ``（YQ301 grave-oral-report）`` tail."""
    return re.sub(r"（YQ\d{3}[^）]*）\s*$", "", title(rule)).strip() or rule.NAME


def effective_level(rule, policy: Policy) -> str:
    """The level this bureau applies (policy override, else the rule's default), in words."""
    if rule.ID in policy.levels:
        return SEVERITY_WORDS.get(policy.levels[rule.ID].value, policy.levels[rule.ID].value)
    obligation = policy.obligation(rule.ID)
    if obligation is not None:
        return severity_text(obligation)
    return SEVERITY_WORDS.get(rule.LEVEL, rule.LEVEL)


def index_page(rules, policy: Policy) -> str:
    out = ["# 规则说明", "",
           "`yuqing check` 在合并请求中逐条检查事件记录。每条规则有固定编号，错误会阻止合并，警告只作提示。"
           "点击编号查看规则的预案依据、示例和改法。", ""]
    for prefix, name in GROUPS:
        group = [rule for rule in rules if rule.ID.startswith(prefix)]
        if not group:
            continue
        out += [f"## {name}", ""]
        rows = [[m.link(rule.ID, RULES, rule_uri(rule.ID)), m.code(rule.NAME), m.text(short_title(rule)),
                 m.text(rule.CLAUSE or "—"), m.text(effective_level(rule, policy))] for rule in group]
        out += [m.table(["编号", "名称", "说明", "预案条款", "本局级别"], rows), ""]
    others = [rule for rule in rules if not any(rule.ID.startswith(p) for p, _ in GROUPS)]
    if others:
        rows = [[m.link(rule.ID, RULES, rule_uri(rule.ID)), m.code(rule.NAME), m.text(short_title(rule)),
                 m.text(rule.CLAUSE or "—"), m.text(effective_level(rule, policy))] for rule in others]
        out += ["## 其他", "", m.table(["编号", "名称", "说明", "预案条款", "本局级别"], rows), ""]
    return "\n".join(out)


def rule_page(rule, policy: Policy) -> str:
    page = rule_uri(rule.ID)
    doc = documentation(rule)
    lines = doc.splitlines()
    body = "\n".join(lines[1:]).strip()
    rows = [
        ["编号", rule.ID],
        ["名称", m.code(rule.NAME)],
        ["概要", m.text(rule.SUMMARY.zh)],
        ["预案条款", m.text(rule.CLAUSE or "—")],
        ["默认级别", m.text(SEVERITY_WORDS.get(rule.LEVEL, rule.LEVEL))],
        ["本局级别", m.text(effective_level(rule, policy))],
    ]
    obligation = policy.obligation(rule.ID)
    if obligation is not None:
        rows += [
            ["义务", m.text(obligation.title)],
            ["适用级别", m.text("、".join(level.value for level in obligation.levels))],
        ]
        if obligation.recipients:
            rows.append(["对象", m.text("、".join(obligation.recipients))])
        if obligation.within is not None or obligation.every is not None:
            rows.append(["起算", m.text(start_text(obligation, policy))])
            rows.append(["时限", m.text(limit_text(obligation))])
    out = [f"# {rule.ID} {m.text(short_title(rule))}", "", m.table(["项目", "内容"], rows), ""]
    if obligation is not None and obligation.quote:
        out += [f"> 预案原文（{m.text(obligation.clause)}）：{m.text(obligation.quote)}", ""]
    if obligation is not None:
        out += [f"时限和级别取自 `schema/policy.yml`，与{m.link('职责与时限', page, DUTIES)}页是同一份数据。", ""]
    out += ["## 说明", "", m.demote_headings(body, 1) if body else "（暂无说明）", ""]
    out += [f"返回{m.link('规则说明', page, RULES)}。", ""]
    return "\n".join(out)
