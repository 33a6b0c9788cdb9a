"""研判预警: the signals' index by month (the weekly or monthly 研判 lists) and one page per signal.

A signal page shows its facts, its assessments as a timeline, YQ314's verdict (assessed in time or
not, from the check's findings) and the incident it became, with the time from the signal to the
incident's discovery. Restricted signals show facts only: no summary, no names, no notes, no body.
"""

from __future__ import annotations

from datetime import timedelta

from yuqing.findings import Outcome
from yuqing.models.signal import Conclusion
from yuqing.render import markup as m
from yuqing.render.incidents import WIDE_PAGE, record_tail
from yuqing.render.model import INCIDENTS, SIGNALS, SignalView, Site, rule_uri
from yuqing.timeparse import format_duration

RESTRICTED_NOTE = ("本预警信息为受限记录（visibility: restricted）：网站只显示发现时间、科室、研判时间和结论，"
                   "不显示信息概要、发现人和研判人姓名、研判意见和正文。")

CONCLUSION_KIND = {Conclusion.NOT_OPINION: "plain", Conclusion.WATCH: "general", Conclusion.INCIDENT: "major"}


def conclusion_tag(conclusion: Conclusion) -> str:
    return m.tag(conclusion.value, CONCLUSION_KIND.get(conclusion, "plain"))


def assessment_badge(site: Site, view: SignalView) -> str:
    """YQ314's verdict as a badge: 按时研判 / 超时研判 / 未研判（已超时限）/ 待研判."""
    outcome = view.outcome()
    limit = format_duration(site.policy.signals.assess_within)
    due = view.signal.noticed_at + site.policy.signals.assess_within
    first = view.first
    if outcome is Outcome.MET:
        return m.badge_for(outcome, f"按时研判 用时{format_duration(first.at - view.signal.noticed_at, exact=True)}")
    if outcome is Outcome.LATE:
        late = first.at - due if first is not None else timedelta(0)
        return m.badge_for(outcome, f"超时研判 超时{format_duration(late, exact=True)}")
    if outcome is Outcome.MISSING:
        return m.badge_for(outcome, f"未研判（已超过 {limit} 时限）")
    return m.badge_for(outcome, f"待研判（{m.clock(due, site.tz)} 前）")


def lead_time(view: SignalView) -> str:
    """From the signal to the incident's discovery, in words (the incident must not be discovered later: YQ315)."""
    incident = view.incident.incident
    delta = incident.discovered_at - view.signal.noticed_at
    if delta > timedelta(0):
        return f"事件获知时间晚于发现时间 {format_duration(delta, exact=True)}（不符合 YQ315：获知时间不得晚于发现时间）"
    if delta == timedelta(0):
        return "事件获知时间即本信息的发现时间"
    return f"事件获知时间早于本信息的发现时间 {format_duration(-delta, exact=True)}"


def _incident_cell(view: SignalView, page: str) -> str:
    if view.incident is not None:
        return m.link(m.text(view.incident.id), page, view.incident.uri)
    if view.signal.incident:
        return m.text(view.signal.incident) + "（事件记录不存在）"
    return "—"


def _month(site: Site, view: SignalView) -> str:
    local = view.signal.noticed_at.astimezone(site.tz)
    return f"{local.year} 年 {local.month} 月"


def index_page(site: Site) -> str:
    page = SIGNALS
    limit = format_duration(site.policy.signals.assess_within)
    out = [WIDE_PAGE, "# 研判预警", "",
           "预案四(一)：对监测发现的苗头性、预警性信息分析研判、及时预警，做到早发现、早报告、早处置。"
           f"每条预警信息（`monitoring/` 中的记录）应在发现后 {limit} 内研判"
           f"（{m.link('YQ314', page, rule_uri('YQ314'))}）；转为事件的，事件的获知时间不得晚于预警信息的发现时间"
           f"（{m.link('YQ315', page, rule_uri('YQ315'))}）。下表按月列出预警信息，可作为每周、每月研判情况的清单。", ""]
    if not site.signals:
        return "\n".join(out + ["暂无预警信息记录。", ""])
    outcomes = [view.outcome() for view in site.signals]
    became = sum(1 for view in site.signals if view.signal.incident)
    out += [f"共 {len(site.signals)} 条预警信息：按时研判 {outcomes.count(Outcome.MET)} 条，"
            f"超时研判 {outcomes.count(Outcome.LATE)} 条，未研判 {outcomes.count(Outcome.MISSING)} 条，"
            f"待研判 {outcomes.count(Outcome.PENDING)} 条；转为事件 {became} 条。", ""]
    month = None
    rows: list[list[str]] = []
    head = ["编号", "发现时间", "科室", "概要", "最新研判结论", "研判情况", "转为事件"]

    def flush() -> None:
        if rows:
            out.extend([m.unsearched(m.table(head, rows)), ""])
            rows.clear()

    for view in site.signals:  # newest first
        current = _month(site, view)
        if current != month:
            flush()
            month = current
            out += [f"## {current}", ""]
        latest = view.latest
        summary = m.tag("受限", "restricted") if view.restricted else m.text(view.signal.summary)
        rows.append([m.link(m.text(view.id), page, view.uri), m.when(view.signal.noticed_at, site.tz),
                     m.text(view.signal.section), summary,
                     conclusion_tag(latest.conclusion) if latest else "（尚未研判）",
                     assessment_badge(site, view), _incident_cell(view, page)])
    flush()
    out += [f"事件见{m.link('舆情事件', page, INCIDENTS)}。", ""]
    return "\n".join(out)


def _facts(site: Site, view: SignalView) -> str:
    signal = view.signal
    page = view.uri
    restricted = view.restricted
    due = signal.noticed_at + site.policy.signals.assess_within
    rows = [["编号", m.text(signal.id)],
            ["发现时间", m.when(signal.noticed_at, site.tz)]]
    if not restricted:
        rows.append(["发现人", m.text(signal.noticed_by)])
    rows.append(["科室", m.text(signal.section)])
    rows.append(["来源渠道", m.text(signal.source.channel)])
    if not restricted and signal.source.note:
        rows.append(["来源说明", m.text(signal.source.note)])
    rows.append(["研判时限", f"{m.when(due, site.tz)} 前（发现后 {format_duration(site.policy.signals.assess_within)}）"])
    rows.append(["研判情况", f"{assessment_badge(site, view)}（{m.link('YQ314', page, rule_uri('YQ314'))}）"])
    latest = view.latest
    rows.append(["最新研判结论", conclusion_tag(latest.conclusion) if latest else "（尚未研判）"])
    rows.append(["转为事件", _incident_cell(view, page)])
    if view.incident is not None:
        incident = view.incident.incident
        rows.append(["事件获知时间", m.when(incident.discovered_at, site.tz)])
        rows.append(["发现到事件获知", m.text(lead_time(view))])
    rows.append(["记录文件", m.code(view.record.path)])
    return m.table(["项目", "内容"], rows)


def _timeline(site: Site, view: SignalView) -> str:
    """Discovery, each assessment and the incident's discovery, in time order (ties: as written)."""
    restricted = view.restricted
    events = [(view.signal.noticed_at, 0, f"- **{m.when(view.signal.noticed_at, site.tz)}** 发现"
               + ("" if restricted else f"（{m.text(view.signal.noticed_by)}）"))]
    for number, assessment in enumerate(view.signal.assessments, start=1):
        line = f"- **{m.when(assessment.at, site.tz)}** 研判：{conclusion_tag(assessment.conclusion)}"
        if not restricted:
            line += f"（研判人：{m.text(assessment.by)}）"
            if assessment.note:
                line += f"<br>{m.text(assessment.note)}"
        events.append((assessment.at, number, line))
    if view.incident is not None:
        incident = view.incident
        events.append((incident.incident.discovered_at, len(events), f"- **{m.when(incident.incident.discovered_at, site.tz)}** "
                       f"事件获知：{m.link(m.text(incident.id), view.uri, incident.uri)}"))
    return "\n".join(line for _, _, line in sorted(events, key=lambda e: (e[0], e[1])))


def signal_page(site: Site, view: SignalView) -> str:
    page = view.uri
    restricted = view.restricted
    tags = [assessment_badge(site, view)]
    if restricted:
        tags.append(m.tag("受限", "restricted"))
    out = [m.page_head(f"预警信息 {view.id}"), " ".join(tags), ""]
    if restricted:
        out += [m.unsearched(m.admonition("warning", "受限记录", RESTRICTED_NOTE)), ""]
    if not restricted:
        out += m.lede("信息概要", view.signal.summary)
    out += [m.unsearched_heading("基本信息"), "", _facts(site, view), ""]
    out += [m.unsearched_heading("研判经过"), ""]
    if not view.signal.assessments:
        out += ["尚无研判记录。", ""]
    out += [_timeline(site, view), ""]
    out += record_tail(site, view.record, view.findings, restricted, page, "详细情况")
    out += [f"返回{m.link('研判预警', page, SIGNALS)}。", ""]
    return "\n".join(out)
