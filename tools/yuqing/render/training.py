"""培训材料: the one-page quick card (from policy.yml and org.yml), case studies built from drill records and
the training records (trainings/) with each section's last training (YQ313)."""

from __future__ import annotations

from datetime import timedelta

from yuqing.findings import Outcome
from yuqing.models import Org, Policy
from yuqing.models.policy import Obligation
from yuqing.models.types import Level, ReportKind
from yuqing.render import markup as m
from yuqing.render.incidents import WIDE_PAGE, verdict_reason
from yuqing.render.model import CASES, DUTIES, INCIDENTS, QUICK_CARD, TRAININGS, Site, rule_uri
from yuqing.render.wording import LEVEL_DEFINITIONS, duty_sentence, names, obligations_for, span, who
from yuqing.rules.yq313_training_cadence import last_trained, ledger_start, months_before
from yuqing.timeparse import format_duration


def _offset(code: str, ob: Obligation, policy: Policy) -> timedelta | None:
    """How long after the clock start an obligation falls due at the latest (None: no fixed point)."""
    if ob.within is None or ob.start == "closed_at":
        return None
    if ob.start == "oral_report":
        oral = next((o for o in policy.obligations.values() if o.start == "clock" and o.within is not None
                     and ReportKind.ORAL in o.kinds), None)
        return ob.within + (oral.within if oral else timedelta(0))
    return ob.within


def _phase(code: str, ob: Obligation, policy: Policy) -> tuple:
    offset = _offset(code, ob, policy)
    if offset is not None:
        return (0, offset.total_seconds(), code)
    if ob.start == "closed_at":
        return (4, 0, code)
    if ob.kinds and all(kind is ReportKind.FINAL for kind in ob.kinds):
        return (3, 0, code)
    if ob.every is not None:
        return (2, ob.every.total_seconds(), code)
    return (1, 0, code)


def _when(code: str, ob: Obligation, policy: Policy) -> str:
    offset = _offset(code, ob, policy)
    start = "事发" if policy.clock_start == "occurred_at" else "获知"
    if offset is not None:
        if ob.start == "oral_report":
            return f"口头报告后 {span(ob.within)}（最迟{start}后 {span(offset)}）"
        return f"{start}后 {span(offset)} 内"
    if ob.start == "closed_at" and ob.within is not None:
        return f"办结后 {span(ob.within)} 内"
    if ob.every is not None:
        return f"每 {span(ob.every)}"
    if ob.kinds and all(kind is ReportKind.FINAL for kind in ob.kinds):
        return "办结前"
    if code == "YQ305":
        return "每次发布前"
    if code == "YQ304":
        return "第一次报告时"
    return "处置过程中"


#: An obligation due this soon after the clock starts is on the card's first, urgent table.
URGENT = timedelta(hours=1)


def _urgent(code: str, ob: Obligation, policy: Policy) -> bool:
    offset = _offset(code, ob, policy)
    return offset is not None and offset <= URGENT


def quick_card_page(org: Org, policy: Policy) -> str:
    """The one-page card (it prints on one A4 sheet): the level, the first 15 and 35 minutes, what
    comes later, whom to call. Registering the record (YQ404) is not a first-minutes action: it is
    listed with what comes later, after the calls."""
    page = QUICK_CARD
    out = ["# 应急速查卡", "", '<div class="yq-card" markdown>', "",  # print: what is inside fits one sheet
           "发现舆情后：**先定级，再打电话报告，时间如实记录；登记入台账在报告之后（不要为登记耽误报告）。** "
           "本卡由 `schema/policy.yml` 和 `schema/org.yml` 生成，与合并请求中的检查是同一标准；"
           f"详细说明见{m.link('职责与时限', page, DUTIES)}。打印：浏览器菜单“打印”，A4 纸一页。", ""]
    out += ["## 一、先定级", ""]
    rows = [[m.level_tag(level.value), m.text(LEVEL_DEFINITIONS[level])] for level in reversed(Level)]
    out += [m.table(["级别", "预案定义（四(二)）"], rows), ""]

    urgent_minutes = sorted({_offset(c, o, policy) for c, o in policy.obligations.items() if _urgent(c, o, policy)})
    heading = "、".join(span(offset) for offset in urgent_minutes) or "最初"
    out += [f"## 二、最初 {heading}：打电话报告", ""]
    rows = []
    later: dict[str, tuple[Obligation, list[str]]] = {}
    for level in reversed(Level):  # 重大 first: the tightest limits
        items = sorted(obligations_for(level, policy), key=lambda p: _phase(p[0], p[1], policy))
        urgent = [(code, ob) for code, ob in items if _urgent(code, ob, policy)]
        for code, ob in items:
            if _urgent(code, ob, policy) or (code == "YQ304" and urgent):
                continue
            later.setdefault(code, (ob, []))[1].append(level.value)
        if not urgent:
            rows.append([m.level_tag(level.value), "—", "—", "没有分钟级时限，按下表“之后”办理。", ""])
            continue
        for code, ob in urgent:
            rows.append([m.level_tag(level.value), m.text(_when(code, ob, policy)), m.text(who(code, org)),
                         m.text(duty_sentence(code, ob, policy)), m.link(code, page, rule_uri(code))])
        if "YQ304" in dict(items):
            ob = dict(items)["YQ304"]
            rows.append([m.level_tag(level.value), "与第一次报告同时", m.text(who("YQ304", org)),
                         m.text(duty_sentence("YQ304", ob, policy)), m.link("YQ304", page, rule_uri("YQ304"))])
    out += [m.table(["级别", "什么时候", "谁", "做什么", "规则"], rows), ""]

    out += ["## 三、之后", ""]
    ordered = sorted(later.items(), key=lambda pair: _phase(pair[0], pair[1][0], policy))
    rows = [[m.text(_when(code, ob, policy)), m.text("、".join(reversed(levels))), m.text(who(code, org)),
             m.text(duty_sentence(code, ob, policy)), m.link(code, page, rule_uri(code))]
            for code, (ob, levels) in ordered]
    out += [m.table(["什么时候", "级别", "谁", "做什么", "规则"], rows), ""]

    out += ["## 四、找谁", ""]
    out += ["；".join(f"**{m.text(role.name)}**：{m.text(names(role.holders))}" for role in org.roles) + "。", ""]
    phones = [(m.text(s.name), m.text(s.phone or "—")) for s in org.sections]
    half = (len(phones) + 1) // 2
    rows = []
    for index in range(half):
        left = phones[index]
        right = phones[half + index] if half + index < len(phones) else ("", "")
        rows.append([left[0], left[1], right[0], right[1]])
    out += [m.table(["科室（单位）", "办公电话", "科室（单位）", "办公电话"], rows), ""]

    elements = {}
    for ob in policy.obligations.values():
        elements.update(ob.elements)
    if elements:
        out += ["## 五、报告要写清什么", ""]
        out += [f"- **{kind.value}**：{m.text(names(items))}" for kind, items in elements.items()]
        out.append("")
    out += [f"## {'六' if elements else '五'}、记住", "",
            "- 时间要如实填写：不能为了通过检查而改时间，已合并的时间也不能再改。",
            "- 确实超时或漏做的，在记录的 `exceptions` 中写明情况说明（规则编号和原因），检查会显示为“已说明”，不阻止合并。",
            "- 演练和实际事件按同样标准检查，演练在统计中单独计算。", "", "</div>", ""]
    return "\n".join(out)


# The cases page shows the latest drills only: it must not grow with the ledger.
CASES_SHOWN = 20


def _case(site: Site, view, number: int) -> list[str]:
    inc = view.incident
    tz = site.tz
    restricted = view.restricted
    out = [f"## 案例 {number}：{m.text(inc.title)}", "",
           f"{m.level_tag(inc.level.value)} {m.tag('演练', 'drill')} 责任科室：{m.text(inc.section)}；"
           f"获知时间：{m.when(inc.discovered_at, tz)}；{m.link('查看完整记录', CASES, view.uri)}", ""]
    if not restricted:
        out += [f"**情景**：{m.text(inc.summary)}", ""]
    else:
        out += ["（受限记录：只显示事实和核查结论。）", ""]
    steps = []
    for report in sorted(inc.reports, key=lambda r: r.at):
        steps.append(f"- {m.when(report.at, tz)} {report.kind.value} → {m.text(names(report.to))}"
                     + (f"（抄送 {m.text(names(report.cc))}）" if report.cc else ""))
    for response in sorted(inc.responses, key=lambda r: r.at):
        steps.append(f"- {m.when(response.at, tz)} 对外回应（{m.text(response.channel)}）")
    if inc.closed_at:
        steps.append(f"- {m.when(inc.closed_at, tz)} 办结")
    if steps:
        out += ["**处置经过**：", ""] + steps + [""]
    if view.verdicts:
        out += ["**核查结论**：", ""]
        for verdict in view.verdicts:
            reason = verdict_reason(verdict, restricted)
            out.append(f"- {m.badge(verdict)} {m.text(verdict.what.zh)}" + (f"——{reason}" if reason else ""))
        out.append("")
    if view.reviews and not restricted:
        review = view.reviews[0].review
        out += [f"**复盘结论**：{m.text(review.conclusion)}", ""]
        if review.actions:
            out += ["**整改措施**：", ""]
            out += [f"- {m.text(a.what)}（{m.text(a.owner)}，{a.due}）" for a in review.actions]
            out.append("")
    questions = [f"本事件定为“{inc.level.value}”，依据是什么？对照预案四(二)的定义说一说。"]
    for verdict in view.verdicts:
        if verdict.outcome in (Outcome.LATE, Outcome.MISSING, Outcome.EXCUSED):
            questions.append(f"“{verdict.what.zh}”的结论是“{m.verdict_label(verdict)}”。如果由你处置，"
                             "怎样才能按时完成？当时应当如何如实记录并写明情况说明？")
    met = [v for v in view.verdicts if v.outcome is Outcome.MET and v.taken is not None]
    if met:
        fastest = min(met, key=lambda v: v.taken)
        questions.append(f"“{fastest.what.zh}”用时{format_duration(fastest.taken, exact=True)}，按时完成。哪些做法值得推广？")
    out += ["**讨论**：", ""] + [f"{n}. {m.text(q)}" for n, q in enumerate(questions, start=1)] + [""]
    return out


def cases_page(site: Site) -> str:
    drills = sorted((v for v in site.incidents if v.incident.drill), key=lambda v: (v.incident.discovered_at, v.id))
    out = ["# 演练案例", "",
           "以下案例由演练记录（`drill: true`）自动生成：情景、处置经过、每项时限的核查结论、复盘结论和讨论题。"
           "培训时可先让学员按情景口述处置步骤，再对照核查结论讨论。", ""]
    if not drills:
        return "\n".join(out + ["暂无演练记录。", ""])
    first = max(0, len(drills) - CASES_SHOWN)
    if first:
        out += [f"共有 {len(drills)} 次演练，这里是最近的 {CASES_SHOWN} 次；更早的演练记录见"
                f"{m.link('舆情事件', CASES, INCIDENTS)}（“类型”一栏为“演练”）。", ""]
    for number, view in enumerate(drills[first:], start=first + 1):
        out += _case(site, view, number)
    return "\n".join(out)


def records_page(site: Site) -> str:
    """培训记录: every session (trainings/) and, per section, when its people last trained (YQ313's reading)."""
    page = TRAININGS
    months = site.policy.training.every
    now = site.now.astimezone(site.tz)
    since = months_before(now, months)
    started = ledger_start(site.result.records, site.org)
    checked = started is not None and started <= since
    out = [WIDE_PAGE, "# 培训记录", "",
           "预案六(二)：建立舆情应急处置培训制度，举办培训班、开展工作研讨。每个科室（单位）每 "
           f"{months} 个月内至少要有一名人员参加一次培训，或承办一次演练（{m.link('YQ313', page, rule_uri('YQ313'))}）。"
           f"培训记录在 `trainings/` 中登记；演练见{m.link('演练案例', page, CASES)}。", ""]
    trained = last_trained(site.result.records, site.org)
    out += ["## 各科室最近一次培训或演练", ""]
    if not checked:
        out += [f"台账启用不满 {months} 个月，暂不检查培训周期（启用之前的培训没有记录，不能算作没有培训）。", ""]
    rows = []
    behind = 0
    for section in site.org.sections:
        when = trained.get(section.name)
        if not checked:
            state = m.badge_for(Outcome.PENDING, "暂不检查")
        elif when is not None and when >= since:
            state = m.badge_for(Outcome.MET, f"在 {months} 个月内")
        else:
            behind += 1
            state = m.badge_for(Outcome.MISSING, "没有记录" if when is None else f"已超过 {months} 个月")
        rows.append([m.text(section.name), m.when(when, site.tz) if when is not None else "—", state])
    if checked:
        out += [f"统计时间 {m.clock(site.now, site.tz)}：{len(site.org.sections)} 个科室（单位）中，"
                f"{behind} 个最近 {months} 个月内没有参加培训或演练。", ""]
    out += [m.table(["科室（单位）", "最近一次", f"{months} 个月周期"], rows), ""]
    out += ["## 培训和研讨", ""]
    if not site.trainings:
        return "\n".join(out + ["暂无培训记录。", ""])
    # one section a year: each stays within Zensical's search limit per section however long the ledger runs
    by_year: dict[int, list[list[str]]] = {}
    for _record, training in site.trainings:  # newest first
        by_year.setdefault(training.held_at.astimezone(site.tz).year, []).append(
            [m.when(training.held_at, site.tz), training.kind.value, m.text(training.topic), m.text(training.organizer),
             str(len(training.attendees)), m.text(names(training.attendees))])
    out += [f"共 {len(site.trainings)} 次，按年份列出。", ""]
    for year, sessions in by_year.items():
        out += [f"### {year} 年", "", f"{len(sessions)} 次。", "",
                m.table(["时间", "形式", "主题", "组织", "人数", "参加人员"], sessions, ["l", "l", "l", "l", "r", "l"]), ""]
    return "\n".join(out)
