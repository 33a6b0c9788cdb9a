"""舆情事件: the incident index and one page per incident (facts, verdicts, timeline, narrative, history).

An incident page depends only on that incident, its reviews and its revisions, never on
the other incidents, so the site grows linearly with the number of records. A record with
``visibility: restricted`` shows facts and verdicts only: no narrative, no summary, no
names of people, no response texts, no report contents, no reasons in free text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from yuqing.findings import Finding, Outcome, Verdict
from yuqing.models.incident import level_history, level_steps
from yuqing.models.types import Level, Status
from yuqing.render import markup as m
from yuqing.render.model import INCIDENTS, RULES, IncidentView, Site, is_restricted_data, rule_uri
from yuqing.rules import BY_ID

LEVEL_WORDS = {"error": "错误", "warning": "警告"}
#: Front matter that gives an index page the full width (MkDocs Material hides both sidebars).
WIDE_PAGE = m.front_matter("navigation", "toc")
RESTRICTED_NOTE = "本记录为受限记录（visibility: restricted）：网站只显示基本事实和时限核查结论，不显示事件概要、详细经过、人员姓名、回应内容和情况说明。"
BACKFILL_NOTE = ("本事件获知于本台账启用（{since}）之前，记录是启用后依据纸质台账和原始报告补录的："
                 "登记入台账的时间不作核查，各次报告的时间以原始记录为准。")
DRILL_NOTE = "本记录为演练，按同样的规则核查，但在合规统计中单独计算，不计入实际事件。"


def verdict_reason(verdict: Verdict, restricted: bool) -> str:
    """The explanation of a verdict (escaped Markdown): what is missing, and the 情况说明 if excused."""
    parts = []
    if verdict.detail is not None:
        parts.append(m.text(verdict.detail.zh))
    if verdict.outcome is Outcome.EXCUSED:
        parts.append(excuse_text(verdict, restricted))
    return " ".join(parts)


def excuse_text(verdict: Verdict, restricted: bool) -> str:
    if restricted:
        return "已登记情况说明（受限记录，内容不公开）"
    return "情况说明：" + m.text(verdict.excuse)


def verdict_summary(verdicts: list[Verdict]) -> str:
    """Short counts like ``按时 5 已说明 1``: badges side by side (a separator would begin a wrapped line)."""
    if not verdicts:
        return "—"
    counts = Counter(v.outcome for v in verdicts)
    order = [(Outcome.MET, "按时"), (Outcome.LATE, "超时"), (Outcome.MISSING, "缺失"),
             (Outcome.EXCUSED, "已说明"), (Outcome.PENDING, "未到期")]
    return " ".join(m.badge_for(outcome, f"{label} {counts[outcome]}") for outcome, label in order if counts[outcome])


def findings_list(findings: list[Finding], restricted: bool, page: str) -> str:
    lines = []
    for finding in findings:
        rule = BY_ID.get(finding.rule)
        label = m.link(finding.rule, page, rule_uri(finding.rule)) if rule else m.text(finding.rule)
        generic = m.text(rule.SUMMARY.zh) if rule else ""
        words = generic if restricted else m.text(finding.message("zh"))
        level = m.span(f"yq-finding yq-finding-{finding.level}", LEVEL_WORDS.get(finding.level, finding.level))
        lines.append(f"- {level} {label} {m.text(finding.name)}（第 {finding.line} 行）：{words}")
    return "\n".join(lines)


# ---------------------------------------------------------------- index


def index_page(site: Site) -> str:
    uri = INCIDENTS
    real = [v for v in site.incidents if not v.incident.drill]
    drills = [v for v in site.incidents if v.incident.drill]
    open_count = sum(1 for v in site.incidents if not v.incident.is_closed)
    out = [WIDE_PAGE, "# 舆情事件", ""]
    out.append(f"共 {len(site.incidents)} 件记录：实际事件 {len(real)} 件，演练 {len(drills)} 件；"
               f"未办结 {open_count} 件。点击编号查看事件详情、处置时间线和每项时限的核查结论。")
    out.append("")
    if site.incidents:
        out += ["## 按年份", "", _by_year_table(site), ""]
        out += ["## 全部事件", "",
                "可以按年份、级别、责任科室、状态和类型筛选，点击表头排序。", ""]
        out.append('<div class="yq-filter" data-filters="年份,级别,责任科室,状态,类型"></div>')
        out.append("")
        rows = []
        for view in site.incidents:
            inc = view.incident
            title = m.text(inc.title)
            if view.restricted:
                title += " " + m.tag("受限", "restricted")
            if site.org.back_filled(inc.discovered_at):
                title += " " + m.tag("补录", "backfilled")
            rows.append([
                m.link(m.text(inc.id), uri, view.uri), title, str(view.year), m.level_tag(inc.level.value),
                m.text(inc.section), inc.status.value, m.tag("演练", "drill") if inc.drill else "实际",
                m.when(inc.discovered_at, site.tz), verdict_summary(view.verdicts),
            ])
        out.append(m.unsearched(m.table(["编号", "标题", "年份", "级别", "责任科室", "状态", "类型", "获知时间", "时限核查"],
                                        rows)))
        out.append("")
    else:
        out += ["暂无事件记录。各科室可按《提交指南》新建记录。", ""]
    if site.invalid:
        out += ["## 暂不能显示的记录", "",
                "以下文件未通过检查，修正后才会生成事件页面：", ""]
        for record, findings in site.invalid:
            out.append(f"### {m.code(record.path)}")
            out.append("")
            out.append(findings_list(findings, is_restricted_data(record), uri) or "（无法读取）")
            out.append("")
    out += ["", f"各规则的含义见{m.link('规则说明', uri, RULES)}。", ""]
    return "\n".join(out)


def _by_year_table(site: Site) -> str:
    counts: dict[int, Counter] = {}
    for view in site.incidents:
        key = "演练" if view.incident.drill else view.incident.level.value
        counts.setdefault(view.year, Counter())[key] += 1
    rows = []
    for year in sorted(counts, reverse=True):
        c = counts[year]
        total = sum(c[level.value] for level in Level)
        rows.append([str(year)] + [str(c[level.value]) for level in Level] + [str(total), str(c["演练"])])
    return m.table(["年份"] + [level.value for level in Level] + ["实际合计", "演练"], rows,
                   ["l", "r", "r", "r", "r", "r"])


# ---------------------------------------------------------------- one incident


@dataclass
class _Event:
    at: datetime
    order: int
    head: str
    details: list[str] = field(default_factory=list)


def _entry_key(loc: tuple) -> tuple | None:
    if len(loc) >= 2 and loc[0] in ("reports", "responses", "escalations") and isinstance(loc[1], int):
        return (loc[0], loc[1])
    return None


def _correction_details(index: int, entry, corrects: dict, corrected: dict, restricted: bool) -> list[str]:
    """The lines saying that entry ``index`` corrects another (with its reason) or was corrected."""
    details = []
    if index in corrects:
        reason = "" if restricted or not entry.reason else f"：{m.text(entry.reason)}"
        details.append(corrects[index] + reason)
    if index in corrected:
        details.append(corrected[index])
    return details


def _correction_notes(entries, label: str) -> tuple[dict[int, str], dict[int, str]]:
    """Notes for entries that correct others and for entries that were corrected."""
    ids = {getattr(entry, "id", None): index for index, entry in enumerate(entries) if getattr(entry, "id", None)}
    corrects: dict[int, str] = {}
    corrected: dict[int, str] = {}
    for index, entry in enumerate(entries):
        target = getattr(entry, "corrects", None)
        if target is None:
            continue
        if isinstance(target, int) or (isinstance(target, str) and target.isdigit()):
            target_index = int(target) - 1
        else:
            target_index = ids.get(target)
        if target_index is None or not 0 <= target_index < len(entries):
            corrects[index] = f"更正 {m.text(target)}"
            continue
        corrects[index] = f"更正{label}第 {target_index + 1} 条"
        corrected[target_index] = f"已被{label}第 {index + 1} 条更正"
    return corrects, corrected


def incident_page(site: Site, view: IncidentView) -> str:
    inc = view.incident
    tz = site.tz
    restricted = view.restricted
    page = view.uri
    tags = [m.level_tag(inc.level.value)]
    if inc.drill:
        tags.append(m.tag("演练", "drill"))
    if restricted:
        tags.append(m.tag("受限", "restricted"))
    back_filled = site.org.back_filled(inc.discovered_at)
    if back_filled:
        tags.append(m.tag("补录", "backfilled"))
    out = [m.page_head(f"{inc.id} {inc.title}", "navigation"), " ".join(tags), ""]
    if inc.drill:
        out += [m.unsearched(m.admonition("info", "演练", DRILL_NOTE)), ""]
    if restricted:
        out += [m.unsearched(m.admonition("warning", "受限记录", RESTRICTED_NOTE)), ""]
    if back_filled:
        out += [m.unsearched(m.admonition("info", "补录", BACKFILL_NOTE.format(since=site.org.ledger_since.isoformat()))), ""]

    if not restricted:
        out += m.lede("事件概要", inc.summary)
    out += [m.unsearched_heading("基本信息"), "", _facts(site, view), ""]

    out += [m.unsearched_heading("时限核查"), ""]
    if view.verdicts:
        out += [_verdict_table(view, restricted, tz), ""]
    else:
        out += ["本事件暂无需要核查的时限义务。", ""]

    out += [m.unsearched_heading("处置时间线"), "", _timeline(site, view), ""]

    if view.findings:
        out += [m.unsearched_heading("检查发现"), "", "`yuqing check` 对本记录给出的提示（错误须修正后才能合并；警告仅作提示）：", "",
                findings_list(view.findings, restricted, page), ""]

    if not restricted:
        body = view.record.body.strip()
        if body:
            out += [m.unsearched_heading("详细经过"), "", m.demote_headings(m.safe_markdown(body), 1, searched=False), ""]

    revisions = site.revisions(view.record.path)
    if revisions is not None:
        out += [m.unsearched_heading("修订历史"), "", revisions_table(revisions, restricted, tz), ""]

    out += [f"返回{m.link('舆情事件', page, INCIDENTS)}。", ""]
    return "\n".join(out)


def record_tail(site: Site, record, findings, restricted: bool, page: str, body_heading: str) -> list[str]:
    """The end of a review's or a signal's page: the check's findings, the narrative (not for a
    restricted record) under ``body_heading``, and the revisions from Git."""
    out = []
    if findings:
        out += [m.unsearched_heading("检查发现"), "", findings_list(findings, restricted, page), ""]
    body = "" if restricted else record.body.strip()
    if body:
        out += [m.unsearched_heading(body_heading), "", m.demote_headings(m.safe_markdown(body), 1, searched=False), ""]
    revisions = site.revisions(record.path)
    if revisions is not None:
        out += [m.unsearched_heading("修订历史"), "", revisions_table(revisions, restricted, site.tz), ""]
    return out


def revisions_table(revisions, restricted: bool, tz) -> str:
    """The 修订历史 table; a restricted record shows dates only."""
    if not revisions:
        return "（没有找到修订记录）"
    ordered = sorted(revisions, key=lambda r: r.date)
    if restricted:
        return m.table(["时间", "说明"], [[m.when(r.date, tz), "受限记录，修改人和说明不公开"] for r in ordered])
    return m.table(["时间", "修改人", "说明"], [[m.when(r.date, tz), m.text(r.author), m.text(r.message)] for r in ordered])


def _facts(site: Site, view: IncidentView) -> str:
    inc = view.incident
    tz = site.tz
    rows = [
        ["编号", m.text(inc.id)],
        ["级别", inc.level.value if not inc.regradings else
         f"{inc.level.value}（级别变化：{level_history(inc.regradings, inc.level)}）"],
        ["状态", inc.status.value],
        ["责任科室", m.text(inc.section)],
        ["类型", "演练" if inc.drill else "实际事件"],
    ]
    if inc.occurred_at:
        rows.append(["事发时间", m.when(inc.occurred_at, tz)])
    rows.append(["获知时间", m.when(inc.discovered_at, tz) + "（各项时限由此起算）"
                 if site.policy.clock_start == "discovered_at" or not inc.occurred_at else m.when(inc.discovered_at, tz)])
    rows.append(["信息来源", m.text(inc.source.channel)])
    if view.signals:
        links = "、".join(f"{m.link(m.text(s.id), view.uri, s.uri)}（发现于 {m.when(s.signal.noticed_at, tz)}）"
                         for s in view.signals)
        rows.append(["来自预警信息", links])
    if inc.source.url and not view.restricted:
        shown = inc.source.url.split("://", 1)[-1]
        rows.append(["原帖地址", m.code(shown) + "（仅供复制核查，不作链接）"])
    if inc.tracking is not None:
        if view.restricted:
            rows.append(["跟踪专人", "已指定"])
        else:
            owner = m.text(inc.tracking.owner)
            if inc.tracking.office_owner:
                owner += f"（局办公室：{m.text(inc.tracking.office_owner)}）"
            rows.append(["跟踪专人", owner])
    if inc.escalations:
        rows.append(["向上级报告", m.text(m.names_unique(e.to for e in inc.escalations))])
    rows.append(["办结时间", m.when(inc.closed_at, tz)])
    if view.reviews:
        links = "、".join(m.link(f"复盘评估（{m.when(r.review.held_at, tz)}）", view.uri, r.uri) for r in view.reviews)
        rows.append(["复盘评估", links])
    elif inc.status is Status.CLOSED:
        rows.append(["复盘评估", "尚未提交"])
    rows.append(["记录文件", m.code(view.record.path)])
    return m.table(["项目", "内容"], rows)


def _verdict_table(view: IncidentView, restricted: bool, tz) -> str:
    rows = []
    notes = []
    for verdict in view.verdicts:
        rule = m.link(verdict.rule, view.uri, rule_uri(verdict.rule)) if verdict.rule in BY_ID else m.text(verdict.rule)
        result = m.badge(verdict)
        if verdict.detail is not None:
            result += " " + m.text(verdict.detail.zh)
        if verdict.before is not None:
            result += "<br>" + m.text(corrected_words(verdict, restricted))
        rows.append([
            m.text(verdict.what.zh), rule,
            m.when(verdict.due, tz, verdict.digits(tz)),
            m.when(verdict.done_at, tz, verdict.digits(tz)),
            result,
        ])
        if verdict.outcome is Outcome.EXCUSED:
            notes.append(f"- **{m.text(verdict.what.zh)}**（{rule}，{m.badge(verdict)}）：{excuse_text(verdict, restricted)}")
    out = m.table(["义务", "规则", "时限", "完成时间", "结论"], rows)
    if notes:
        out += "\n\n" + m.unsearched_heading("情况说明", 3) + "\n\n" + "\n".join(notes)
    return out


def corrected_words(verdict: Verdict, restricted: bool) -> str:
    """Both verdicts of one a correction turned into met: 原结论：超时 3 分钟；更正后：按时，局办公室 王芳 审核."""
    if verdict.approved_by:
        approved = "，局办公室审核" if restricted else f"，局办公室 {verdict.approved_by} 审核"
    else:
        approved = "，未经局办公室审核"
    return f"原结论：{verdict.before.words()}；更正后：{verdict.words()}{approved}"


def _badge_line(verdict: Verdict, restricted: bool) -> str:
    """A verdict in the timeline: badge, obligation and what is missing (the 情况说明 is listed above)."""
    line = f"{m.badge(verdict)} {m.text(verdict.what.zh)}"
    if verdict.detail is not None:
        line += f"：{m.text(verdict.detail.zh)}"
    return line


def _recorded(site: Site, view: IncidentView, list_name: str, index: int, at=None) -> list[str]:
    """When Git first saw the entry, beside the time it claims (empty without Git history); a 补记
    badge when it claims a time before an earlier version that lacked it was committed."""
    moment = site.recorded_at(view.record.path, list_name, index)
    if moment is None:
        return []
    lines = [f"首次记入台账：{m.when(moment, site.tz)}（Git 提交时间）"]
    lacked = site.lacked_at(view.record.path, list_name, index)
    if at is not None and lacked is not None and at < lacked:
        lines.append(f"{m.tag('补记', 'backdated')} 该条目声称 {m.when(at, site.tz)}，但 {m.when(lacked, site.tz)}"
                     "（Git 提交时间）记入台账的版本中没有它：这是事后补记的。")
    return lines


def _timeline(site: Site, view: IncidentView) -> str:
    inc = view.incident
    tz = site.tz
    restricted = view.restricted
    attached: dict[tuple, list[Verdict]] = {}
    review_paths = {r.record.path: r for r in view.reviews}
    by_review: dict[str, list[Verdict]] = {}
    due_events: list[Verdict] = []
    for verdict in view.verdicts:
        key = _entry_key(verdict.loc)
        if verdict.path and verdict.path in review_paths:
            by_review.setdefault(verdict.path, []).append(verdict)
        elif key is not None and (key[0] == "responses" or verdict.done_at is not None or verdict.due is None):
            attached.setdefault(key, []).append(verdict)
        elif verdict.due is not None and verdict.outcome in (Outcome.MISSING, Outcome.PENDING, Outcome.EXCUSED):
            due_events.append(verdict)

    events: list[_Event] = []
    order = 0

    def add(at, head, details=()):
        nonlocal order
        order += 1
        events.append(_Event(at, order, head, list(details)))

    if inc.occurred_at:
        add(inc.occurred_at, "**事发**")
    clock = "，各项时限开始计时" if site.policy.clock_start == "discovered_at" or not inc.occurred_at else ""
    add(inc.discovered_at, f"**获知舆情**（来源：{m.text(inc.source.channel)}）{clock}")
    for before, regrading in level_steps(inc.regradings):
        who = "" if restricted else f"：{m.text(regrading.by)} 记录"
        reason = [] if restricted else ["原因：" + m.text(regrading.reason)]
        add(regrading.at, f"**级别调整：{before.value} → {regrading.to.value}**{who}", reason)

    corrects, corrected = _correction_notes(inc.reports, "报告")
    for index, report in enumerate(inc.reports):
        head = f"**{report.kind.value}**（报告第 {index + 1} 条）"
        who = "" if restricted else m.text(report.by) + " "
        head += f"：{who}报告 {m.text(m.names(report.to))}"
        if report.cc:
            head += f"，抄送 {m.text(m.names(report.cc))}"
        if report.channel:
            head += f"；方式：{m.text(report.channel)}"
        details = _correction_details(index, report, corrects, corrected, restricted)
        if not restricted:
            if report.content:
                details.append("内容：" + m.text(report.content))
            if report.elements:
                details.append("要素：\n" + "\n".join(f"        - {m.text(k)}：{m.text(v)}"
                                                     for k, v in report.elements.items()))
        details += _recorded(site, view, "reports", index, report.at)
        details += [_badge_line(v, restricted) for v in attached.get(("reports", index), [])]
        add(report.at, head, details)

    corrects, corrected = _correction_notes(inc.responses, "回应")
    for index, response in enumerate(inc.responses):
        head = f"**对外回应**（回应第 {index + 1} 条）：{m.text(response.channel)}"
        details = _correction_details(index, response, corrects, corrected, restricted)
        if not restricted:
            details.append("回应内容：" + m.text(response.text))
        if response.approvals:
            parts = []
            for approval in sorted(response.approvals, key=lambda a: a.at):
                name = "" if restricted or not approval.by else f" {m.text(approval.by)}"
                parts.append(f"{m.text(approval.role)}{name} {m.when(approval.at, tz)}")
            details.append("审核：" + "；".join(parts))
        else:
            details.append("审核：未记录")
        details += _recorded(site, view, "responses", index, response.at)
        details += [_badge_line(v, restricted) for v in attached.get(("responses", index), [])]
        add(response.at, head, details)

    corrects, corrected = _correction_notes(inc.escalations, "上报")
    for index, escalation in enumerate(inc.escalations):
        head = f"**向上级报告**：{m.text(escalation.to)}"
        if escalation.by and not restricted:
            head += f"（{m.text(escalation.by)}）"
        if escalation.channel:
            head += f"；方式：{m.text(escalation.channel)}"
        details = []
        if index in corrects:
            details.append(corrects[index])
        if index in corrected:
            details.append(corrected[index])
        if escalation.content and not restricted:
            details.append("内容：" + m.text(escalation.content))
        details += _recorded(site, view, "escalations", index, escalation.at)
        details += [_badge_line(v, restricted) for v in attached.get(("escalations", index), [])]
        add(escalation.at, head, details)

    if inc.closed_at:
        add(inc.closed_at, "**办结**")
    for review in view.reviews:
        head = f"**复盘评估**：{m.link('查看复盘记录', view.uri, review.uri)}"
        add(review.review.held_at, head, [_badge_line(v, restricted) for v in by_review.get(review.record.path, [])])
    for verdict in due_events:
        add(verdict.due, f"**时限**：{m.text(verdict.what.zh)}", [_badge_line(verdict, restricted)])

    events.sort(key=lambda e: (e.at, e.order))
    lines = []
    for event in events:
        lines.append(f"- {m.when(event.at, tz)} · {event.head}")
        lines += [f"    - {detail}" for detail in event.details]
    unplaced = [v for v in view.verdicts if v not in due_events and _entry_key(v.loc) is None
                and not (v.path and v.path in review_paths)]
    if unplaced:
        lines.append("")
        lines.append("不对应具体时间的义务：")
        lines.append("")
        lines += [f"- {_badge_line(v, restricted)}" for v in unplaced]
    return "\n".join(lines)
