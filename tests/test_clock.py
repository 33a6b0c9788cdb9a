"""``yuqing.clock``: the clock notes every moment it is compared with; the window says where a result still holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from yuqing.clock import Clock, Window

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 8, 27, 12, 0, tzinfo=TZ)
H = timedelta(hours=1)


def test_an_untouched_clock_holds_always():
    window = Clock(NOW).window()
    assert window == Window()
    assert window.holds(NOW - 1000 * H) and window.holds(NOW + 1000 * H)


@pytest.mark.parametrize(("compared", "answers", "inside", "outside"), [
    # a due time still ahead: the result holds until it passes (inclusive boundary: now == due is not after)
    ([NOW + 2 * H], [False], [NOW - 5 * H, NOW + H, NOW + 2 * H - timedelta(seconds=1)], [NOW + 2 * H, NOW + 3 * H]),
    # a due time passed: holds from just after it on
    ([NOW - 2 * H], [True], [NOW - 2 * H + timedelta(seconds=1), NOW + 100 * H], [NOW - 2 * H, NOW - 3 * H]),
    # several moments: the nearest on each side bound the window
    ([NOW - 5 * H, NOW - H, NOW + 4 * H, NOW + 2 * H], [True, True, False, False],
     [NOW - H + timedelta(seconds=1), NOW + H], [NOW - H, NOW + 2 * H]),
])
def test_after_narrows_the_window_to_the_nearest_moments(compared, answers, inside, outside):
    clock = Clock(NOW)
    assert [clock.after(moment) for moment in compared] == answers
    window = clock.window()
    assert all(window.holds(moment) for moment in inside)
    assert not any(window.holds(moment) for moment in outside)


def test_before_is_the_mirror_of_after():
    clock = Clock(NOW)
    assert clock.before(NOW + H) is True
    assert clock.before(NOW - H) is False
    window = clock.window()
    assert window == Window(after=NOW - H, before=NOW + H)


@pytest.mark.parametrize("touch", [
    lambda clock: clock.now,  # a rule quoting the current time
    lambda clock: clock.after(NOW),  # a comparison with the current time itself
    lambda clock: clock.before(NOW),
])
def test_reading_now_itself_makes_a_single_moment(touch):
    clock = Clock(NOW)
    touch(clock)
    window = clock.window()
    assert window == Window(only=NOW)
    assert window.holds(NOW)
    assert not window.holds(NOW + timedelta(microseconds=1))


def test_time_notes_nothing():
    clock = Clock(NOW)
    assert clock.time == NOW
    assert clock.window() == Window()


def test_restart_forgets_earlier_comparisons():
    clock = Clock(NOW)
    clock.after(NOW + H)
    clock.now  # noqa: B018 - reading is the point
    clock.restart()
    assert clock.window() == Window()


@pytest.mark.parametrize(("now", "day", "past"), [
    (datetime(2024, 9, 30, 23, 59, tzinfo=TZ), date(2024, 9, 30), False),  # the due day itself still counts
    (datetime(2024, 10, 1, 0, 0, tzinfo=TZ), date(2024, 9, 30), True),  # midnight after it does not
    (datetime(2024, 9, 30, 16, 30, tzinfo=ZoneInfo("UTC")), date(2024, 9, 30), True),  # 00:30 on 1 Oct in Beijing
    (datetime(2024, 9, 29, 12, 0, tzinfo=TZ), date(2024, 9, 30), False),
])
def test_past_day_counts_whole_days_in_the_time_zone(now, day, past):
    clock = Clock(now)
    assert clock.past_day(day, TZ) is past
    boundary = datetime(day.year, day.month, day.day, tzinfo=TZ) + timedelta(days=1)
    window = clock.window()
    if now != boundary:  # the answer changes exactly at the midnight after the day
        assert window.holds(boundary - timedelta(microseconds=1)) is not past
        assert window.holds(boundary + timedelta(hours=1)) is past
