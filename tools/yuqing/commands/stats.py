"""``yuqing stats``: the compliance table in the terminal (per level, section, rule and year), for every
incident or those discovered within a window (``--from``/``--to``, ``--quarter``, ``--year``)."""

from __future__ import annotations

import json
import unicodedata

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now, paused_gc, window_of
from yuqing.compliance import DEFINITION, DEFINITION_EN
from yuqing.rules import BY_ID


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table(title: str, rows: dict, lang: str, label=lambda key: key) -> list[str]:
    heads = ["", "按时", "超时", "缺失", "已说明", "按时率"] if lang != "en" else \
        ["", "met", "late", "missing", "excused", "on time"]
    body = [[label(key), str(t.met), str(t.late), str(t.missing), str(t.excused), t.rate_text()]
            for key, t in sorted(rows.items())]
    widths = [max(_width(row[i]) for row in [heads] + body) + 2 for i in range(len(heads))]
    lines = [title]
    for row in [heads] + body:
        lines.append("  " + "".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    return lines + [""]


def render(compliance, lang: str = "zh") -> str:
    out: list[str] = []
    if not compliance.window.whole:
        out += [("统计范围：获知时间 " if lang != "en" else "Window: discovered ") + compliance.window.text(lang), ""]
    for stats, name in ((compliance.real, ("舆情事件", "incidents")), (compliance.drills, ("演练", "drills"))):
        zh, en = name
        heading = f"== {zh}：{stats.incidents} 件，义务按时率 {stats.total.rate_text()}" if lang != "en" else \
            f"== {en}: {stats.incidents}, on-time rate {stats.total.rate_text()}"
        out.append(heading)
        if not stats.total.decided:
            out.append("  （暂无已到期的义务）" if lang != "en" else "  (no obligation due yet)")
            out.append("")
            continue
        out += table("按级别" if lang != "en" else "by level", stats.by_level, lang)
        out += table("按科室" if lang != "en" else "by section", stats.by_section, lang)
        out += table("按规则" if lang != "en" else "by rule", stats.by_rule, lang,
                     label=lambda code: f"{code} {BY_ID[code].NAME}")
        out += table("按年份" if lang != "en" else "by year", stats.by_year, lang)
    out.append(("说明：" + DEFINITION) if lang != "en" else ("Definition: " + DEFINITION_EN))
    return "\n".join(out).rstrip() + "\n"


def run(args) -> int:
    window = window_of(args)
    workspace = open_workspace(args)
    with paused_gc():
        check = run_check(workspace, parse_now(args.now, workspace), verdicts=True)
    compliance = check.compliance_in(window)
    if args.format == "json":
        print(json.dumps(compliance.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(render(compliance, args.lang), end="")
    return 0
