"""yuqing.overdue: what is overdue or due soon, who must do it, by when — from a check result."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import overduekit as kit
from conftest import TZ
from recordkit import excused, files_of, line_of, review, run
from yuqing.i18n import Msg
from yuqing.overdue import ACTION, LATE, MISSING, PENDING, Due, overdue


def _rows(repo, now=kit.NOW):
    return overdue(run(repo, now))


def test_every_state_listed_once_sorted_by_due_time(repo):
    texts = kit.write(repo.root)
    rows = _rows(repo)
    got = [(row.state, row.incident, row.rule) for row in rows]
    assert got == [
        (LATE, kit.LATE_ID, "YQ301"),  # due 2024-08-26 09:35
        (MISSING, kit.NO_REVIEW_ID, "YQ307"),  # due 2024-09-27 17:00
        (ACTION, kit.ACTION_ID, "YQ311"),  # due by the end of 2024-09-30
        (PENDING, kit.OPEN_ID, "YQ303"),  # due 2024-10-01 10:20
        (PENDING, kit.OPEN_ID, "YQ306"),  # due 2024-10-02 09:50
    ]
    dues = [row.due for row in rows]
    assert dues == sorted(dues)
    late, missing, action, first, follow = rows
    tz = repo.workspace().org.tz

    assert late.level == "error" and late.section == "养老服务科"
    assert late.people == ("刘洋", "黄晓燕", "王芳")  # tracking owner, the section's members, office owner
    assert late.due_text(tz) == "2024-08-26 09:35"
    assert late.overdue_by == timedelta(minutes=5)
    assert late.path == kit.LATE_PATH and late.line == line_of(texts[kit.LATE_PATH], kit.LATE_AT)
    assert "exceptions" in late.todo.zh and "YQ301" in late.todo.zh

    assert missing.who() == "局办公室、基层政权科（王芳、赵磊、马强、林小红）"
    assert missing.due_text(tz) == "2024-09-27 17:00"
    assert missing.overdue_by == timedelta(days=3, hours=17)
    assert missing.line == line_of(texts[kit.NO_REVIEW_PATH], "closed_at:")

    assert action.who() == "社会救助科（李明、陈静）" and kit.ACTION_WHAT in action.what.zh
    assert action.due_text(tz) == "2024-09-30（当天内）" and action.overdue_by == timedelta(hours=10)
    assert action.path == kit.ACTION_PATH and action.line == line_of(texts[kit.ACTION_PATH], "due: '2024-09-30'")
    assert action.level == "warning"

    assert first.who() == "社会事务科（张伟、徐慧）"
    assert first.due_text(tz) == "2024-10-01 10:20" and first.overdue_by is None and not first.overdue
    assert follow.due_text(tz) == "2024-10-02 09:50"
    assert [row.rule for row in rows if row.overdue] == ["YQ301", "YQ307", "YQ311"]


def test_excused_met_and_done_are_not_listed(repo):
    kit.write(repo.root)
    for path, text in files_of(excused(kit.late_grave(), "YQ301"), review(kit.NO_REVIEW_ID, held_at="2024-09-25 10:00"),
                               review(kit.ACTION_ID)).items():
        repo.write(path, text)
    rows = _rows(repo)
    assert [(row.state, row.rule) for row in rows] == [(PENDING, "YQ303"), (PENDING, "YQ306")]
    assert overdue(run(repo, kit.NOW), include_pending=False) == []


def test_a_pending_obligation_becomes_missing_when_its_time_passes(repo):
    kit.write(repo.root)
    rows = [row for row in _rows(repo, "2024-10-01 10:21") if row.incident == kit.OPEN_ID]
    assert (rows[0].state, rows[0].rule, rows[0].overdue_by) == (MISSING, "YQ303", timedelta(minutes=1))
    assert rows[0].level == "warning"  # YQ303 is a warning in policy.yml


def test_an_action_is_due_until_the_end_of_its_day(repo):
    kit.write(repo.root)
    on_the_day = [row for row in _rows(repo, "2024-09-30 23:59") if row.rule == "YQ311"]
    assert on_the_day == []
    next_day = [row for row in _rows(repo, "2024-10-01 00:00") if row.rule == "YQ311"]
    assert len(next_day) == 1 and next_day[0].overdue_by == timedelta(0)


def test_an_action_owned_by_a_person_names_that_person_and_section(repo):
    kit.write(repo.root)
    data = review(kit.ACTION_ID, actions=[{"what": "培训", "owner": "陈静", "due": "2024-09-01"}])
    for path, text in files_of(data).items():
        repo.write(path, text)
    row = next(row for row in _rows(repo) if row.rule == "YQ311")
    assert row.section == "社会救助科" and row.people == ("陈静",)


def test_with_only_some_records_reported_only_theirs_are_listed(repo):
    kit.write(repo.root)
    rows = overdue(run(repo, kit.NOW, only={kit.OPEN_PATH}))
    assert {row.incident for row in rows} == {kit.OPEN_ID}


@pytest.mark.parametrize(("state", "due", "by", "due_text", "by_text"), [
    (LATE, datetime(2024, 8, 26, 9, 35, 30, tzinfo=TZ), timedelta(seconds=10), "2024-08-26 09:35:30", "10秒"),
    (LATE, datetime(2024, 8, 26, 9, 35, tzinfo=TZ), timedelta(minutes=1), "2024-08-26 09:35", "1分钟"),
    # a missing entry is overdue until the current time: minutes, rounded up, as before
    (MISSING, datetime(2024, 8, 26, 9, 35, 30, tzinfo=TZ), timedelta(minutes=5, seconds=12, microseconds=7),
     "2024-08-26 09:35:30", "6分钟"),
])
def test_due_times_keep_their_seconds(state, due, by, due_text, by_text):
    item = Due("YZMZ-2024-0001", "标题", "养老服务科", (), Msg("口头报告", "oral report"), Msg("", ""), state,
               "YQ301", "error", "incidents/2024/YZMZ-2024-0001.md", 1, due=due, overdue_by=by)
    assert (item.due_text(TZ), item.overdue_text()) == (due_text, by_text)
