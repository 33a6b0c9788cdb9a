"""The site's calendar feeds (RFC 5545): what falls due, as events a calendar app subscribes to.

Pure: a check result in, ``{file path: bytes}`` out (no MkDocs, no file system). Rows come from
:func:`yuqing.overdue.falling_due` (the pending obligations with a due time and the open review
actions), the same list ``yuqing due`` prints. Files:

* ``calendar.ics``: every section's;
* ``calendar/<slug>.ics``: one per section of org.yml, written even when empty so that a
  subscription never breaks; ``<slug>`` is ``s-`` and the first 10 hex digits of the SHA-256
  of the section's name (ASCII, and stable when sections are added or reordered).

An obligation is an event that starts at its due time and lasts 15 minutes, with an alarm 30
minutes before; a review action (due by the end of a day) is an all-day event on its due day,
with an alarm at 09:00 the day before. Times are in UTC (``…Z``): every calendar shows them in
its own time zone. UIDs are stable from build to build: ``<ID>-<rule>-<n>@<id_prefix>``, ``n``
the follow-up's number (YQ306), the action's place in the review (YQ311), else the place of
the obligation among the incident's pending ones of that rule.

A restricted incident's events carry its id and the obligation only: no title, no action text.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import defaultdict
from datetime import UTC, timedelta

import icalendar

from yuqing.models import Org
from yuqing.overdue import Due, falling_due
from yuqing.privacy import mask_personal_data

FEED = "calendar.ics"
FEED_DIR = "calendar"
PAGE = "calendar.md"
PRODID = "-//yuqing//舆情处置台账//ZH"
DURATION = timedelta(minutes=15)
ALARM_BEFORE = timedelta(minutes=30)
ACTION_ALARM = timedelta(hours=-15)  # 09:00 the day before an all-day event (which starts at 00:00)

_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def section_slug(name: str) -> str:
    """The ASCII file name stem of a section's feed: ``s-`` + 10 hex digits of SHA-256 of the name."""
    return "s-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def feed_path(section: str | None = None) -> str:
    return FEED if section is None else f"{FEED_DIR}/{section_slug(section)}.ics"


def page_url(uri: str, site_url: str | None, directory_urls: bool = True) -> str | None:
    """The absolute address of the page ``uri`` (``incidents/2024/X.md``), when the site's address is known."""
    if not site_url:
        return None
    path = uri[:-3] if uri.endswith(".md") else uri
    if directory_urls:
        path = path[:-len("index")] if posixpath.basename(path) == "index" else path + "/"
    else:
        path += ".html"
    return site_url.rstrip("/") + "/" + path


def _short(what: str) -> str:
    """``第 2 次续报`` of ``第 2 次续报（间隔不超过 24 小时）``: the summary line stays short."""
    return _TRAILING_NOTE.sub("", what) or what


def _obligation(row: Due) -> str:
    """The obligation in words; a restricted incident's review action is not described."""
    if row.action and row.restricted:
        return "复盘整改措施"
    return row.what.zh


def _numbers(rows: list[Due]) -> dict[int, int]:
    """The ``n`` of each row's UID (see the module's documentation), by the row's position."""
    numbers: dict[int, int] = {}
    counted: dict[tuple, int] = defaultdict(int)
    for position, row in sorted(enumerate(rows), key=lambda pair: (pair[1].incident, pair[1].rule, pair[1].what.zh)):
        if row.occurrence is not None:
            numbers[position] = row.occurrence
            continue
        key = (row.incident, row.rule)
        counted[key] += 1
        numbers[position] = counted[key]
    return numbers


def _description(row: Due, org: Org, url: str | None) -> str:
    tz = org.tz
    lines = [f"事件：{row.incident}" + ("" if row.restricted else f" {row.title}")]
    if row.drill:
        lines[0] += "（演练）"
    lines.append(f"义务：{_obligation(row)}（{row.rule}）")
    if row.detail is not None and not row.restricted:
        lines.append(f"说明：{row.detail.zh}")
    lines.append(f"责任：{row.who()}")
    lines.append(f"应在 {row.due_text(tz)} 前完成（北京时间）。")
    if not row.restricted:
        lines.append(f"要做的：{row.todo.zh}")
    lines.append("完成后在台账中如实记录时间；已超时的在 exceptions 中写明情况说明。")
    if url:
        lines.append(f"事件页面：{url}")
    return mask_personal_data("\n".join(lines), org.public_phones)


def _event(row: Due, number: int, org: Org, stamp, url: str | None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{row.incident}-{row.rule}-{number}@{org.id_prefix}")
    event.add("dtstamp", stamp)
    drill = "【演练】" if row.drill else ""
    units = "、".join(row.units or (row.section,))
    summary = f"{drill}【{units}】{row.incident} {_short(_obligation(row))}"
    event.add("summary", mask_personal_data(summary, org.public_phones))
    event.add("description", _description(row, org, url))
    if url:
        event.add("url", url)
    event.add("categories", [units])
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not make anyone busy
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    if row.date_only:
        day = (row.due - timedelta(seconds=1)).astimezone(org.tz).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        alarm.add("trigger", ACTION_ALARM)
        alarm.add("description", f"明天到期：{summary}")
    else:
        event.add("dtstart", row.due.astimezone(UTC))
        event.add("duration", DURATION)
        alarm.add("trigger", -ALARM_BEFORE)
        alarm.add("description", f"30 分钟后到期：{summary}")
    event.add_component(alarm)
    return event


def _calendar(name: str, rows: list[Due], org: Org, stamp, urls: dict[str, str | None]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", org.time_zone)
    calendar.add("x-wr-caldesc", f"{org.name}舆情处置台账：待完成的报告、续报、复盘和整改措施的到期时间。")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    numbers = _numbers(rows)
    for position, row in enumerate(rows):
        calendar.add_component(_event(row, numbers[position], org, stamp, urls.get(row.incident)))
    return calendar.to_ical()


def calendar_files(org: Org, policy, result, uris: dict[str, str] | None = None, site_url: str | None = None,
                   directory_urls: bool = True) -> dict[str, bytes]:
    """Every feed as ``{site-relative path: bytes}``: :data:`FEED` and one per section.

    ``uris`` maps an incident id to its page (``incidents/2024/X.md``); with ``site_url`` each
    event links to it.
    """
    rows = falling_due(result, org=org, policy=policy, signals=True)
    stamp = result.now.astimezone(UTC)
    urls = {incident: page_url(uri, site_url, directory_urls) for incident, uri in (uris or {}).items()}
    short = org.short_name or org.name
    files = {FEED: _calendar(f"{short}舆情台账：全部到期事项", rows, org, stamp, urls)}
    for section in org.sections:
        mine = [row for row in rows if section.name == row.section or section.name in row.units]
        files[feed_path(section.name)] = _calendar(f"{short}舆情台账：{section.name}", mine, org, stamp, urls)
    return files


def calendar_page(org: Org, site_url: str | None = None, count: int | None = None) -> str:
    """日程订阅: the feeds with their Chinese names, and how to subscribe in Outlook, WPS and DingTalk."""
    from yuqing.render import markup as m
    from yuqing.render.model import DUTIES

    page = PAGE

    def address(path: str) -> str:
        if site_url:
            full = site_url.rstrip("/") + "/" + path
            return f"`{full}`"
        return f"网站地址后加 `/{path}`"

    out = ["# 日程订阅", "",
           "把待完成事项的到期时间订阅到自己的日历：报告、续报、复盘评估和复盘整改措施，到期前 30 分钟"
           "（整改措施为到期前一天上午 9 点）提醒。内容与命令 `yuqing due` 列出的相同，"
           f"时限的依据见{m.link('职责与时限', page, DUTIES)}。", ""]
    if count is not None:
        out += [f"本次发布时共有 **{count}** 项待完成事项。" if count else "本次发布时没有待完成的事项。", ""]
    out += ["## 订阅地址", "",
            "每个科室订阅本科室的日历即可；局办公室可订阅全部事项。"]
    rows = [[m.text("全部科室"), m.link("下载", page, FEED), address(FEED)]]
    for section in org.sections:
        path = feed_path(section.name)
        rows.append([m.text(section.name), m.link("下载", page, path), address(path)])
    out += ["", m.table(["日历", "文件", "订阅地址（复制到日历软件中）"], rows), ""]
    if not site_url:
        out += ["网站配置（mkdocs.yml）中没有填写 `site_url`，所以这里只能写出相对地址："
                "在“下载”上点右键，选“复制链接地址”，即得到完整的订阅地址。", ""]
    out += [
        "日历在网站每次发布时更新（记录合并到主分支后几分钟内）。日历软件一般每隔一段时间（几十分钟到一天，"
        "由软件决定）重新读取；**到期时间以台账和 `yuqing due` 为准**，日历只是提醒。",
        "",
        "标为受限（`visibility: restricted`）的事件，日历中只有事件编号和义务，不写标题和内容。",
        "",
        "## 如何订阅",
        "",
        m.admonition("warning", "内网网站", "本网站只在内网可以访问。手机上的日历和云端日历（如钉钉、Outlook 网页版）"
                     "由服务商的服务器读取订阅地址，可能读不到内网地址。请优先在内网电脑上的 Outlook 中订阅；"
                     "读不到时可以下载 .ics 文件后“导入”，但导入的是当时的一份副本，之后不会自动更新。"),
        "",
        "### Outlook（电脑版）",
        "",
        "1. 复制上表中本科室的订阅地址；",
        "2. 打开 Outlook，切换到 **日历**；",
        "3. 点 **添加日历 → 从 Internet**（较早的版本：在“我的日历”上点右键 → **添加日历 → 从 Internet**）；",
        "4. 粘贴地址，点 **确定**，在提示“添加此 Internet 日历并订阅更新？”时点 **是**。",
        "",
        "新版 Outlook 和 Outlook 网页版：**添加日历 → 从 Web 订阅**，粘贴地址，填写日历名称后点 **导入**。",
        "",
        "### WPS（WPS 日历 / WPS 365）",
        "",
        "1. 复制订阅地址；",
        "2. 打开 WPS 的 **日历**，在左侧日历列表旁点 **+**（或 **添加日历**）；",
        "3. 选择 **订阅日历**（或 **通过链接订阅**），粘贴地址后确定。",
        "",
        "所用版本没有订阅入口的，下载 .ics 文件，在日历中选择 **导入日历** 导入。",
        "",
        "### 钉钉日历",
        "",
        "1. 复制订阅地址；",
        "2. 在电脑版钉钉中打开 **日历**，在左侧日历列表旁点 **+** 或 **…**，选择 **订阅日历**（也可能叫"
        "**添加订阅日历** 或 **通过 URL 订阅**）；",
        "3. 粘贴地址后确定，订阅的日历出现在左侧列表中，可以设置颜色或隐藏。",
        "",
        "钉钉由云端读取订阅地址：读不到内网地址时，请改用 Outlook 订阅，或下载 .ics 文件后导入。",
        "",
        "各软件版本的菜单名称可能略有不同；找不到时，在软件的帮助中搜索“订阅日历”或“ICS”。",
        "",
    ]
    return "\n".join(out)
