"""The calendar feeds (yuqing.render.calendar): parsed back with icalendar, on a repository with an open
重大 incident and a review action falling due (tests/duekit.py) at several ``now``s."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

import duekit as kit
from yuqing.checking import run_check
from yuqing.render import render_calendars, render_pages
from yuqing.render.calendar import FEED, PAGE, feed_path, section_slug
from yuqing.timeparse import parse_datetime


def _check(repo, now=kit.NOW):
    workspace = repo.workspace()
    return workspace, run_check(workspace, parse_datetime(now, workspace.org.tz), verdicts=True).result


def _feeds(repo, now=kit.NOW, site_url="https://yuqing.yzmz.example.cn/"):
    workspace, result = _check(repo, now)
    return workspace, render_calendars(workspace.org, workspace.policy, result, site_url=site_url)


def _events(data: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    return list(calendar.walk("VEVENT"))


def test_one_feed_for_all_and_one_per_section(repo):
    kit.write(repo.root)
    workspace, feeds = _feeds(repo)
    sections = [s.name for s in workspace.org.sections]
    assert set(feeds) == {FEED} | {f"calendar/{section_slug(name)}.ics" for name in sections}
    for path in feeds:
        assert path.isascii() and path.endswith(".ics")
    assert len({section_slug(name) for name in sections}) == len(sections)
    assert section_slug("养老服务科") == section_slug("养老服务科")  # the same name, the same address
    names = {icalendar.Calendar.from_ical(feeds[feed_path(name)])["X-WR-CALNAME"] for name in sections}
    assert "区民政局舆情台账：养老服务科" in names
    everything = _events(feeds[FEED])
    assert [str(e["UID"]) for e in everything] == [f"{kit.OPEN_ID}-YQ306-2@YZMZ", f"{kit.ACTION_ID}-YQ311-1@YZMZ"]
    assert [str(e["UID"]) for e in _events(feeds[feed_path("养老服务科")])] == [f"{kit.OPEN_ID}-YQ306-2@YZMZ"]
    assert [str(e["UID"]) for e in _events(feeds[feed_path("社会救助科")])] == [f"{kit.ACTION_ID}-YQ311-1@YZMZ"]
    assert _events(feeds[feed_path("社会事务科")]) == []  # an empty feed still exists: a subscription never breaks


def test_the_follow_up_event(repo):
    kit.write(repo.root)
    _, feeds = _feeds(repo)
    follow_up = _events(feeds[FEED])[0]
    assert str(follow_up["SUMMARY"]) == f"【养老服务科】{kit.OPEN_ID} 第 2 次续报"
    start = follow_up.decoded("DTSTART")
    assert start == datetime(2024, 9, 30, 1, 0, tzinfo=UTC)  # 09:00 Beijing time, written in UTC
    assert follow_up.to_ical().decode().count("DTSTART:20240930T010000Z") == 1
    assert follow_up.decoded("DURATION") == timedelta(minutes=15)
    [alarm] = follow_up.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-30) and str(alarm["ACTION"]) == "DISPLAY"
    description = str(follow_up["DESCRIPTION"])
    assert f"事件：{kit.OPEN_ID} {kit.OPEN_TITLE}" in description
    assert "义务：第 2 次续报（间隔不超过 24 小时）（YQ306）" in description
    assert f"应在 {kit.FOLLOW_UP_DUE} 前完成（北京时间）" in description
    assert f"事件页面：https://yuqing.yzmz.example.cn/incidents/2024/{kit.OPEN_ID}/" in description
    assert str(follow_up["URL"]) == f"https://yuqing.yzmz.example.cn/incidents/2024/{kit.OPEN_ID}/"
    assert follow_up.decoded("DTSTAMP") == datetime(2024, 9, 29, 2, 0, tzinfo=UTC)  # the build's now


def test_the_review_action_is_an_all_day_event_on_its_due_day(repo):
    kit.write(repo.root)
    _, feeds = _feeds(repo, site_url=None)
    action = _events(feeds[FEED])[1]
    assert str(action["SUMMARY"]) == f"【社会救助科】{kit.ACTION_ID} 复盘整改措施：{kit.ACTION_WHAT}"
    assert action.decoded("DTSTART") == date(2024, 9, 30) and action.decoded("DTEND") == date(2024, 10, 1)
    [alarm] = action.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=-15)  # 09:00 the day before
    assert "事件页面" not in str(action["DESCRIPTION"]) and "URL" not in action  # no site_url: no address


def test_uids_are_stable_from_build_to_build(repo):
    kit.write(repo.root)
    _, first = _feeds(repo, now=kit.NOW)
    _, later = _feeds(repo, now="2024-09-29 18:00")
    assert [e["UID"] for e in _events(first[FEED])] == [e["UID"] for e in _events(later[FEED])]


def test_nothing_due_gives_empty_feeds(repo):
    kit.write(repo.root)
    _, feeds = _feeds(repo, now=kit.LATER)
    assert all(_events(data) == [] for data in feeds.values())


def test_a_restricted_incident_shows_its_id_and_obligation_only(repo):
    kit.write(repo.root, visibility="restricted")
    _, feeds = _feeds(repo)
    text = feeds[FEED].decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert kit.OPEN_ID in unfolded and "第 2 次续报" in unfolded
    for word in (kit.OPEN_TITLE, "助餐点", "养老服务中心"):
        assert word not in unfolded
    for path, data in feeds.items():
        assert kit.OPEN_TITLE not in data.decode("utf-8").replace("\r\n ", ""), path
    follow_up = _events(feeds[FEED])[0]
    assert str(follow_up["DESCRIPTION"]).startswith(f"事件：{kit.OPEN_ID}\n")


def test_a_restricted_incidents_review_action_is_not_described(repo):
    from recordkit import major, to_markdown

    kit.write(repo.root)
    repo.write(f"incidents/2024/{kit.ACTION_ID}.md", to_markdown(major(visibility="restricted")))
    _, feeds = _feeds(repo)
    action = _events(feeds[FEED])[1]
    assert str(action["SUMMARY"]) == f"【社会救助科】{kit.ACTION_ID} 复盘整改措施"
    assert kit.ACTION_WHAT not in feeds[FEED].decode("utf-8").replace("\r\n ", "")


def test_a_drill_is_marked(repo):
    kit.write(repo.root, drill=True)
    _, feeds = _feeds(repo)
    assert str(_events(feeds[FEED])[0]["SUMMARY"]).startswith("【演练】【养老服务科】")


def test_lines_are_folded_within_75_octets(repo):
    kit.write(repo.root)
    _, feeds = _feeds(repo)
    for line in feeds[FEED].split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never cut inside a character


@pytest.mark.parametrize("site_url", [None, "https://yuqing.yzmz.example.cn/"])
def test_the_subscription_page(repo, site_url):
    kit.write(repo.root)
    workspace, result = _check(repo)
    page = render_pages(workspace.org, workspace.policy, result, site_url=site_url)[PAGE]
    assert page.startswith("# 日程订阅\n")
    assert "本次发布时共有 **2** 项待完成事项。" in page
    for section in workspace.org.sections:
        assert f"| {section.name} | [下载]({feed_path(section.name)}) |" in page
    assert "| 全部科室 | [下载](calendar.ics) |" in page
    for app in ("### Outlook", "### WPS", "### 钉钉日历"):
        assert app in page
    if site_url:
        assert f"`https://yuqing.yzmz.example.cn/{feed_path('养老服务科')}`" in page
    else:
        assert "没有填写 `site_url`" in page


def test_a_signal_waiting_for_its_assessment_is_an_event_of_its_section(repo):
    kit.write(repo.root)
    kit.write_signal(repo.root)
    _, feeds = _feeds(repo)
    uids = [str(e["UID"]) for e in _events(feeds[feed_path(kit.SIGNAL_SECTION)])]
    assert len(uids) == 1 and kit.SIGNAL_ID in uids[0]
    [event] = [e for e in _events(feeds[FEED]) if kit.SIGNAL_ID in str(e["UID"])]
    assert kit.SIGNAL_ID in str(event["SUMMARY"]) and kit.SIGNAL_SECTION in str(event["SUMMARY"])
    assert event.decoded("DTSTART") == datetime(2024, 9, 30, 0, 30, tzinfo=UTC)  # 08:30 Beijing: 24 h after noticed
    kit.write_signal(repo.root, "\n  - {at: 2024-09-29 10:00, by: 蒋文斌, conclusion: 持续关注}")
    _, feeds = _feeds(repo)
    assert not [e for e in _events(feeds[FEED]) if kit.SIGNAL_ID in str(e["UID"])]  # assessed: nothing left to do
