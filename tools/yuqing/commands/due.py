"""``yuqing due``: what falls due next, who must do what by when, soonest first.

A full check at ``--now`` (default: the real time) through the front door, then
:func:`yuqing.overdue.falling_due`: the pending obligations with a due time, the open
review actions and the signals waiting for their assessment (YQ314) due within ``--within`` (default 7 days), optionally of one ``--section``.
What is already overdue is ``yuqing check``'s and ``yuqing notify``'s business, not listed here.
Exit 0: listed (or nothing due); 2: usage or configuration error.
"""

from __future__ import annotations

import json
from datetime import timedelta

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now, paused_gc
from yuqing.errors import UsageError
from yuqing.i18n import Msg
from yuqing.overdue import Due, falling_due
from yuqing.schema_errors import nearest
from yuqing.timeparse import TimeFormatError, format_duration, format_time, parse_duration

DEFAULT_WITHIN = "7d"


def parse_within(value: str | None, option: str = "--within") -> timedelta:
    """``2h``, ``24h``, ``3d``, ``30min`` (or ``2小时``, ``3天``) as a duration; a usage error otherwise."""
    text = (value or DEFAULT_WITHIN).strip()
    try:
        return parse_duration(text)
    except TimeFormatError as exc:
        if exc.code == "duration_out_of_range":
            raise UsageError(Msg(f"{option} 的时长“{value}”超出范围：应大于 0，且不超过 366 天。",
                                 f"{option} '{value}' is out of range: more than 0, at most 366 days.")) from None
        raise UsageError(Msg(f"{option} 的时长“{value}”无法识别。请写成数字加单位，如 2h（2 小时）、"
                             "24h、3d（3 天）或 30min（30 分钟）。",
                             f"cannot read {option} '{value}'; write e.g. 2h, 24h, 3d or 30min.")) from None


def check_section(section: str | None, org) -> str | None:
    """``section`` if org.yml has it; a usage error naming the nearest sections otherwise."""
    if section is None:
        return None
    name = section.strip()
    if name in org.section_names:
        return name
    names = [s.name for s in org.sections]
    close = nearest(name, names)
    hint = Msg(f"是不是：{'、'.join(close)}？", f" Did you mean: {', '.join(close)}?") if close else Msg("", "")
    raise UsageError(Msg(f"科室“{section}”不在 org.yml 中。", f"section '{section}' is not in org.yml.") + hint
                     + Msg(f"可选：{'、'.join(names)}。", f" Sections: {', '.join(names)}."))


def _obligation(row: Due, lang: str) -> str:
    what = row.what.text(lang)
    if row.detail is not None:
        what += (": " if lang == "en" else "：") + row.detail.text(lang)
    return what


def _item(row: Due, number: int, now, tz, lang: str) -> list[str]:
    en = lang == "en"
    drill = ("[drill] " if en else "【演练】") if row.drill else ""
    units = ("、" if not en else ", ").join(row.units or (row.section,))
    if en:
        head = f"{number}. {units}: by {row.due_text(tz, lang)} ({row.left_text(now, lang)})"
        lines = [head, f"   {drill}{row.incident} {row.title}", f"   to do: {_obligation(row, lang)} ({row.rule})"]
        if row.people:
            lines.append(f"   who: {', '.join(row.people)}")
        lines.append(f"   where: {row.path}:{row.line}")
        return lines
    head = f"{number}. {units} 应在 {row.due_text(tz, lang)} 前（{row.left_text(now, lang)}）"
    lines = [head, f"   {drill}{row.incident} {row.title}", f"   义务：{_obligation(row, lang)}（{row.rule}）"]
    if row.people:
        lines.append(f"   负责人：{'、'.join(row.people)}")
    lines.append(f"   记录：{row.path}:{row.line}")
    return lines


def render_text(rows: list[Due], now, tz, within: timedelta, section: str | None, lang: str = "zh") -> str:
    en = lang == "en"
    span = format_duration(within, lang)
    scope = (f" of {section}" if en else f"{section}") if section else ""
    checked = format_time(now, tz)
    if not rows:
        if en:
            return f"Nothing{scope} falls due within {span} (checked at {checked}, Beijing time).\n"
        return f"{scope or ''}接下来 {span} 内没有到期事项（检查时间：{checked}，北京时间）。\n"
    if en:
        out = [f"{len(rows)} item(s){scope} fall due within {span} (checked at {checked}, Beijing time), soonest first:"]
    else:
        out = [f"{scope}接下来 {span} 内到期的事项共 {len(rows)} 项（检查时间：{checked}，北京时间），按到期先后："]
    for number, row in enumerate(rows, 1):
        out.append("")
        out += _item(row, number, now, tz, lang)
    if not en:
        out += ["", "完成后请如实记录时间；已逾期的事项见 yuqing check。"]
    return "\n".join(out) + "\n"


def as_dict(rows: list[Due], now, tz, within: timedelta, section: str | None, lang: str = "zh") -> dict:
    items = []
    for row in rows:
        left = row.left(now)
        items.append({
            "incident": row.incident,
            "title": row.title,
            "restricted": row.restricted,
            "drill": row.drill,
            "section": row.section,
            "units": list(row.units or (row.section,)),
            "people": list(row.people),
            "kind": "action" if row.action else "signal" if row.signal else "obligation",
            "rule": row.rule,
            "obligation": _obligation(row, lang),
            "due": row.due.astimezone(tz).isoformat() if row.due is not None else None,
            "due_text": row.due_text(tz, lang),
            "date_only": row.date_only,
            "minutes_left": int(left // timedelta(minutes=1)) if left is not None else 0,
            "left_text": row.left_text(now, lang),
            "path": row.path,
            "line": row.line,
        })
    return {"now": now.astimezone(tz).isoformat(), "within_minutes": int(within // timedelta(minutes=1)),
            "section": section, "count": len(items), "items": items}


def run(args) -> int:
    within = parse_within(args.within)
    workspace = open_workspace(args)
    section = check_section(args.section, workspace.org)
    now = parse_now(args.now, workspace)
    with paused_gc():
        result = run_check(workspace, now, verdicts=True).result
    rows = falling_due(result, within, section, signals=True)
    tz = workspace.org.tz
    if args.format == "json":
        print(json.dumps(as_dict(rows, now, tz, within, section, args.lang), ensure_ascii=False, indent=2))
    else:
        print(render_text(rows, now, tz, within, section, args.lang), end="")
    return 0
