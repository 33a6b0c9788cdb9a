"""合规统计: on-time rates per rule, section, level and year; the late, missing and excused list; SVG charts.

Drills are counted apart from real incidents. Pending obligations are not counted; an
excused obligation counts as not on time (it was late or missed) and is listed with its reason.
"""

from __future__ import annotations

from yuqing.compliance import DEFINITION, SIGNAL_DEFINITION, Stats, Tally, ordered_keys, signal_stats
from yuqing.models.incident import level_steps
from yuqing.render import markup as m
from yuqing.render.incidents import verdict_reason
from yuqing.render.model import LEDGER_DOWNLOAD, RULES, SIGNALS, STATS, Site, rule_uri
from yuqing.render.svg import bar_chart
from yuqing.rules import BY_ID, title

HEAD = ["", "按时", "超时", "缺失", "已说明", "未到期", "按时率"]
#: The statistics page lists at most this many lapses of a kind (the latest); all of them are on LAPSES,
#: so that the page does not grow with the ledger.
LAPSE_ROWS = 20
LAPSES = "lapses.md"


def rule_label(site: Site, code: str) -> str:
    obligation = site.policy.obligation(code)
    if obligation is not None:
        return f"{code} {obligation.title}"
    rule = BY_ID.get(code)
    return f"{code} {title(rule)}" if rule else code


def _row(label: str, tally: Tally) -> list[str]:
    return [label, str(tally.met), str(tally.late), str(tally.missing), str(tally.excused), str(tally.pending),
            tally.rate_text()]


def _ordered(site: Site, stats: Stats, dimension: str) -> list[tuple[str, str, Tally]]:
    """(key, plain label, tally) rows of one dimension in a natural order."""
    data = getattr(stats, dimension)
    keys = ordered_keys(stats, dimension, site.org)
    if dimension == "by_rule":
        return [(k, rule_label(site, k), data[k]) for k in keys]
    if dimension == "by_year":
        return [(k, f"{k} 年", data[k]) for k in keys]
    return [(k, k, data[k]) for k in keys]


def _dimension(site: Site, stats: Stats, dimension: str, heading: str, what: str, prefix: str) -> list[str]:
    rows = _ordered(site, stats, dimension)
    out = [f"### {heading}", ""]
    if not rows:
        return out + ["暂无数据。", ""]
    out += [bar_chart([(label, tally) for _, label, tally in rows], f"{prefix}{heading}按时率"), ""]
    cells = []
    for key, label, tally in rows:
        shown = m.link(m.text(label), STATS, rule_uri(key)) if dimension == "by_rule" and key in BY_ID else m.text(label)
        cells.append(_row(shown, tally))
    head = [what] + HEAD[1:]
    out += [m.table(head, cells, ["l", "r", "r", "r", "r", "r", "r"]), ""]
    return out


def _level_changes(site: Site, stats: Stats, views) -> list[str]:
    """The incidents whose level changed, with their level history: the 按级别 rows count the current level."""
    drills = stats is site.compliance.drills
    changed = [view for view in views.values() if view.incident.regradings and view.incident.drill == drills]
    if not changed:
        return []
    out = ["### 级别变化", "", "以下事件在处置中改变了级别；“按级别”统计按当前级别计入，"
           "改变级别前已到期的义务按原级别核查。", ""]
    for view in sorted(changed, key=lambda v: v.incident.discovered_at):
        inc = view.incident
        steps = "；".join(f"{m.when(entry.at, site.tz)} {before.value} → {entry.to.value}"
                         for before, entry in level_steps(inc.regradings))
        out.append(f"- {m.link(m.text(inc.id), STATS, view.uri)} {m.text(inc.title)}：{steps}")
    return out + [""]


def _section(site: Site, stats: Stats, name: str, prefix: str, views) -> list[str]:
    total = stats.total
    out = [f"## {name}", ""]
    if not stats.incidents:
        return out + [f"暂无{prefix}记录。", ""]
    out.append(f"{stats.incidents} 件，{total.summary(strong='**')}；未到期 {total.pending} 项不计入。")
    out.append("")
    if not total.decided and not total.pending:
        return out + ["暂无需要核查的义务。", ""]
    out += _dimension(site, stats, "by_rule", "按规则", "规则", prefix)
    out += _dimension(site, stats, "by_section", "按科室", "责任科室", prefix)
    out += _dimension(site, stats, "by_level", "按级别", "级别", prefix)
    out += _dimension(site, stats, "by_year", "按年份", "年份", prefix)
    out += _level_changes(site, stats, views)
    out += ["### 超时、缺失和已说明的义务", ""]
    if not stats.lapses:
        return out + ["没有超时或缺失的义务。", ""]
    shown = stats.lapses[-LAPSE_ROWS:]
    if len(shown) < len(stats.lapses):
        out += [f"共 {len(stats.lapses)} 项，下面是最近的 {len(shown)} 项；全部见"
                f"{m.link('超时、缺失和已说明的义务', STATS, LAPSES)}。", ""]
    out += [m.unsearched(_lapse_list(shown, views, STATS)), ""]  # each lapse is found on its record's page
    return out


def _lapse_list(lapses, views, page: str) -> str:
    lines = []
    for incident, verdict in lapses:
        view = views.get(id(incident))
        restricted = view.restricted if view else False
        label = m.link(m.text(incident.id), page, view.uri) if view else m.text(incident.id)
        rule = m.link(verdict.rule, page, rule_uri(verdict.rule)) if verdict.rule in BY_ID else m.text(verdict.rule)
        reason = verdict_reason(verdict, restricted)
        lines.append(f"- {label} {m.level_tag(incident.level.value)} {m.text(incident.section)}："
                     f"{m.text(verdict.what.zh)}（{rule}）{m.badge(verdict)}" + (f"<br>{reason}" if reason else ""))
    return "\n".join(lines)


def lapses_page(site: Site) -> str:
    """Every late, missing and excused obligation (the statistics page shows the latest ones)."""
    views = {id(v.incident): v for v in site.incidents}
    out = [m.front_matter("navigation"), "# 超时、缺失和已说明的义务", "",
           f"统计时间：{m.clock(site.now, site.tz)}。口径与{m.link('合规统计', LAPSES, STATS)}相同，按事件编号排列。", ""]
    for stats, name in ((site.compliance.real, "实际事件"), (site.compliance.drills, "演练（单独统计）")):
        if not stats.incidents:
            continue
        out += [f"## {name}", ""]
        out += [m.unsearched(_lapse_list(stats.lapses, views, LAPSES)), ""] if stats.lapses else ["没有超时或缺失的义务。", ""]
    return "\n".join(out + [f"返回{m.link('合规统计', LAPSES, STATS)}。", ""])


def ledger_paragraph() -> str:
    """The download link of the ledger workbook, and how to get one quarter's or year's ledger."""
    return (f"**{m.link('下载舆情台账（Excel 工作簿）', STATS, LEDGER_DOWNLOAD)}**：全部事件一行一件，另有时限核查、"
            "整改措施和统计口径（“说明”表，数字与本页一致），与网站同次生成；受限记录只列基本事实和核查结论，"
            "个人信息已遮盖。某一季度或年度的台账可在台账仓库目录中运行 `yuqing export --quarter 2025Q1`"
            "（或 `--year 2025`、`--from 2025-01-01 --to 2025-03-31`）得到。")


def stats_page(site: Site) -> str:
    views = {id(v.incident): v for v in site.incidents}
    out = [m.front_matter("navigation"), "# 合规统计", "",
           f"统计时间：{m.clock(site.now, site.tz)}。各义务的时限见{m.link('职责与时限', STATS, 'duties.md')}，"
           f"规则含义见{m.link('规则说明', STATS, RULES)}。", "",
           m.admonition("info", "统计口径", DEFINITION + "终端的 yuqing stats、首页和合并请求的检查摘要用同一口径、"
                        "同一次检查的结果，数字一致。"), "",
           ledger_paragraph(), ""]
    out += _section(site, site.compliance.real, "实际事件", "实际事件", views)
    out += _section(site, site.compliance.drills, "演练（单独统计）", "演练", views)
    out += _signals(site)
    return "\n".join(out)


def _signals(site: Site) -> list[str]:
    """研判预警: signals per month, the share assessed in time (YQ314), incidents that came through a signal."""
    stats = signal_stats(site.result, site.tz)
    out = ["## 研判预警", "", m.admonition("info", "统计口径", SIGNAL_DEFINITION), ""]
    if not stats.signals:
        return out + [f"暂无预警信息记录（见{m.link('研判预警', STATS, SIGNALS)}）。", ""]
    total = stats.total
    out += [f"预警信息 {stats.signals} 条：已到研判时限或已研判 {total.decided} 条，按时研判 {total.met} 条，"
            f"按时研判率 **{total.rate_text()}**（超时研判 {total.late}、未研判 {total.missing}）；"
            f"待研判 {total.pending} 条不计入。实际事件 {stats.incidents} 件中，经预警信息发现的 {stats.from_signals} 件"
            f"（**{stats.share_text}**）。明细见{m.link('研判预警', STATS, SIGNALS)}。", ""]
    months = sorted(stats.by_month)
    rows = [(f"{key[:4]} 年 {int(key[5:])} 月", stats.by_month[key]) for key in months]
    out += ["### 按月份", "", bar_chart(rows, "预警信息按月份按时研判率"), ""]
    cells = [[label, str(t.decided + t.pending), str(t.met), str(t.late), str(t.missing), str(t.pending), t.rate_text()]
             for label, t in rows]
    out += [m.table(["月份", "预警信息", "按时研判", "超时研判", "未研判", "待研判", "按时研判率"], cells,
                    ["l", "r", "r", "r", "r", "r", "r"]), ""]
    return out
