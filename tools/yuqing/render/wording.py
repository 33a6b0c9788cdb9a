"""How the plan's obligations read in Chinese, built from schema/policy.yml (never hard-coded limits).

Used by the duties page, the quick card and the home page, so that all three say the
same thing as the checks: limits, recipients and clock starts come from the policy.
"""

from __future__ import annotations

from yuqing.models import Policy
from yuqing.models.policy import Obligation
from yuqing.models.types import Level, ReportKind
from yuqing.timeparse import format_duration

#: The plan's definition of each level (四(二)1-3), quoted.
LEVEL_DEFINITIONS = {
    Level.GENERAL: "指关注度不高，但有损民政形象的舆情。",
    Level.MAJOR: "指敏感信息或谣言迅速发酵，可能造成重大影响的舆情。",
    Level.GRAVE: "指突发事件引起、影响社会稳定、扰乱社会秩序、造成重大负面影响的舆情。",
}

SEVERITY_WORDS = {"error": "错误（阻止合并）", "warning": "警告（提示，不阻止合并）"}


def span(delta) -> str:
    """A policy duration as the plan says it: ``15分钟``, ``24小时``, ``7天``."""
    seconds = int(delta.total_seconds())
    if seconds % 3600 == 0 and seconds < 72 * 3600 and seconds >= 3600:
        return f"{seconds // 3600}小时"
    return format_duration(delta)


def names(items) -> str:
    return "、".join(str(item) for item in items) if items else "—"


def levels_text(obligation: Obligation) -> str:
    return names(level.value for level in obligation.levels)


def clock_text(policy: Policy) -> str:
    if policy.clock_start == "occurred_at":
        return "事发时间（occurred_at；未填写时为获知时间）"
    return "获知时间（discovered_at）"


def start_text(obligation: Obligation, policy: Policy) -> str:
    """When the obligation's clock starts, or a dash if it has no clock."""
    if obligation.within is None and obligation.every is None:
        return "—"
    if obligation.start == "oral_report":
        return "第一次口头报告"
    if obligation.start == "closed_at":
        return "办结时间（closed_at）"
    return clock_text(policy)


def _short_start(obligation: Obligation, policy: Policy) -> str:
    if obligation.start == "oral_report":
        return "第一次口头报告"
    if obligation.start == "closed_at":
        return "办结"
    return "事发" if policy.clock_start == "occurred_at" else "获知舆情"


def limit_text(obligation: Obligation) -> str:
    if obligation.every is not None:
        return f"每 {span(obligation.every)}"
    if obligation.within is not None:
        return span(obligation.within)
    return "—"


def severity_text(obligation: Obligation) -> str:
    base = SEVERITY_WORDS.get(obligation.level.value, obligation.level.value)
    if not obligation.level_by_grade:
        return base
    overrides = "；".join(f"{grade.value}：{SEVERITY_WORDS.get(sev.value, sev.value)}"
                         for grade, sev in obligation.level_by_grade.items())
    return f"{base}；{overrides}"


def severity_short(obligation: Obligation) -> str:
    """``错误`` / ``警告``, with per-grade exceptions: ``错误（一般：警告）``."""
    words = {"error": "错误", "warning": "警告"}
    base = words.get(obligation.level.value, obligation.level.value)
    if not obligation.level_by_grade:
        return base
    return base + "（" + "；".join(f"{grade.value}：{words.get(sev.value, sev.value)}"
                                  for grade, sev in obligation.level_by_grade.items()) + "）"


def kinds_text(kinds) -> str:
    values = [kind.value if isinstance(kind, ReportKind) else str(kind) for kind in kinds]
    if not values:
        return "报告"
    if len(values) == 1:
        return values[0]
    return "报告（" + "或".join(values) + "）"


def duty_sentence(code: str, obligation: Obligation, policy: Policy) -> str:
    """One plain sentence: who does what, to whom, by when (plain text, not escaped)."""
    recipients = names(obligation.recipients)
    if code == "YQ304":
        return f"第一次报告须同时报告或抄送{recipients}。"
    if code == "YQ305":
        return f"每条对外回应（口径）发布前，须经{recipients}审核。"
    if code == "YQ306":
        period = span(obligation.every or obligation.within)
        return f"事件未处置完毕时，每 {period} 内至少续报一次（续报或终报），直至处置完毕。"
    if code == "YQ307" and obligation.within is not None:
        return f"办结后 {span(obligation.within)} 内，局办公室会同责任科室组织复盘评估并提交复盘记录。"
    if code == "YQ308":
        return "局办公室和责任科室共同指定跟踪专人，对事态实行动态跟踪。"
    if code == "YQ309" and obligation.elements:
        parts = [f"{kind.value}须写明{names(items)}" for kind, items in obligation.elements.items()]
        return "；".join(parts) + "。"
    if code == "YQ310":
        return "办结前须有终报，报告原因、处置措施和处置结果。"
    if code == "YQ404" and obligation.within is not None:
        return f"{_short_start(obligation, policy)}后 {span(obligation.within)} 内，把事件记录提交到台账（首次提交）。"
    if obligation.within is not None:
        start = _short_start(obligation, policy)
        if not obligation.kinds and not obligation.recipients:
            return f"{start}后 {span(obligation.within)} 内：{obligation.title}。"
        target = f"向{recipients}" if obligation.recipients else ""
        return f"{start}后 {span(obligation.within)} 内，{target}{kinds_text(obligation.kinds)}。"
    return obligation.title + "。"


def obligations_for(level: Level, policy: Policy) -> list[tuple[str, Obligation]]:
    return [(code, ob) for code, ob in sorted(policy.obligations.items()) if ob.applies_to(level)]


def who(code: str, org, section: str = "责任科室") -> str:
    """Who must act on an obligation: the responsible section, or the office with it."""
    if code == "YQ307":
        return f"{org.office_section}会同{section}"
    if code == "YQ308":
        return f"{org.office_section}和{section}"
    return section
