"""timeparse: record times (naive = Asia/Shanghai), dates, policy durations and their wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from yuqing.timeparse import (
    DEFAULT_TZ,
    TimeFormatError,
    format_duration,
    format_exact,
    format_time,
    parse_date,
    parse_datetime,
    parse_duration,
    time_digits,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_default_zone_is_shanghai():
    assert DEFAULT_TZ.key == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-26 09:20", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26T09:20", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26 9:05", datetime(2024, 8, 26, 9, 5, tzinfo=SHANGHAI)),
        ("2024-08-26 09:20:31", datetime(2024, 8, 26, 9, 20, 31, tzinfo=SHANGHAI)),
        ("2024-08-26 09:20:31.5", datetime(2024, 8, 26, 9, 20, 31, 500000, tzinfo=SHANGHAI)),  # kept, not cut
        ("2024-08-26 09:20:31.123456", datetime(2024, 8, 26, 9, 20, 31, 123456, tzinfo=SHANGHAI)),
        ("2024-08-26 09:20:31.1234560", datetime(2024, 8, 26, 9, 20, 31, 123456, tzinfo=SHANGHAI)),  # a zero more
        ("2024-08-26T09:20:00.25+08:00", datetime(2024, 8, 26, 9, 20, 0, 250000, tzinfo=SHANGHAI)),
        ("2024-08-27T01:19:00+23:59", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),  # the widest offsets
        ("2024-08-25T01:21:00-23:59", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("  2024-08-26 09:20  ", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26T09:20:00+08:00", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26T01:20:00Z", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26 09:20 +0800", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-26T03:20:00+02:00", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
        ("2024-08-25T20:20:00-05:00", datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)),
    ],
)
def test_parse_datetime_accepts_the_written_forms(text, expected):
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed == expected


def test_naive_time_is_local_to_the_given_zone():
    parsed = parse_datetime("2024-08-26 09:20", ZoneInfo("Europe/Berlin"))
    assert parsed.utcoffset() == timedelta(hours=2)
    assert parsed == datetime(2024, 8, 26, 7, 20, tzinfo=UTC)


def test_naive_time_in_shanghai_is_utc_plus_8():
    parsed = parse_datetime("2024-08-26 09:20")
    assert parsed.utcoffset() == timedelta(hours=8)
    assert parsed.astimezone(UTC) == datetime(2024, 8, 26, 1, 20, tzinfo=UTC)


def test_explicit_offset_is_kept():
    parsed = parse_datetime("2024-08-26T09:20:00+02:00")
    assert parsed.utcoffset() == timedelta(hours=2)


def test_datetime_objects_pass_through_and_naive_ones_get_the_zone():
    aware = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    assert parse_datetime(aware) is aware
    naive = parse_datetime(datetime(2024, 1, 1, 8, 0))
    assert naive.tzinfo is SHANGHAI


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("09:12", "time_without_date"),
        ("9:12", "time_without_date"),
        ("09:12:30", "time_without_date"),
        ("2024-08-26", "date_without_time"),
        (date(2024, 8, 26), "date_without_time"),
        ("2024-02-30 09:00", "impossible_time"),
        ("2024-08-26 25:00", "impossible_time"),
        ("2024-08-26 09:61", "impossible_time"),
        ("2024-13-01 09:00", "impossible_time"),
        ("2024/08/26 09:20", "not_a_time"),
        ("昨天上午", "not_a_time"),
        ("", "not_a_time"),
        (552, "not_a_time"),  # what YAML 1.1 makes of 09:12
        (None, "not_a_time"),
        (True, "not_a_time"),
        ("2024-08-26 09:20 北京时间", "not_a_time"),
        ("2024-08-26T09:20:00+24:00", "bad_offset"),  # datetime's own error text would reach the user
        ("2024-08-26T09:20:00-24:00", "bad_offset"),
        ("2024-08-26T09:20:00+99:00", "bad_offset"),
        ("2024-08-26T09:20:00+08:75", "bad_offset"),  # datetime would read it as +09:15
        ("2024-08-26 09:20 +0860", "bad_offset"),
        ("2024-08-26 09:20:31.1234567", "too_precise"),  # past the microsecond: refused, not rounded
    ],
)
def test_parse_datetime_errors_name_the_mistake(value, code):
    with pytest.raises(TimeFormatError) as caught:
        parse_datetime(value)
    assert caught.value.code == code
    assert caught.value.value == value
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-09-30", date(2024, 9, 30)),
        (" 2024-09-30 ", date(2024, 9, 30)),
        ("2024-09-30 17:00", date(2024, 9, 30)),
        (date(2024, 9, 30), date(2024, 9, 30)),
        (datetime(2024, 9, 30, 17, 0), date(2024, 9, 30)),
    ],
)
def test_parse_date(value, expected):
    parsed = parse_date(value)
    assert parsed == expected and type(parsed) is date


@pytest.mark.parametrize(("value", "code"), [("2024-02-30", "impossible_time"), (20240930, "not_a_date"),
                                             ("09:00", "time_without_date"), ("九月底", "not_a_time")])
def test_parse_date_errors(value, code):
    with pytest.raises(TimeFormatError) as caught:
        parse_date(value)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15min", timedelta(minutes=15)),
        ("20m", timedelta(minutes=20)),
        (" 30 min ", timedelta(minutes=30)),
        ("24h", timedelta(hours=24)),
        ("1.5h", timedelta(minutes=90)),
        ("7d", timedelta(days=7)),
        ("15分钟", timedelta(minutes=15)),
        ("2小时", timedelta(hours=2)),
        ("3天", timedelta(days=3)),
        (15, timedelta(minutes=15)),
        (2.5, timedelta(minutes=2, seconds=30)),
        (timedelta(hours=1), timedelta(hours=1)),
    ],
)
def test_parse_duration(value, expected):
    assert parse_duration(value) == expected


@pytest.mark.parametrize("value", [10**400, -(10**400), "9" * 400 + "min"])
def test_parse_duration_far_past_any_limit(value):
    with pytest.raises(TimeFormatError) as caught:  # not Python's OverflowError
        parse_duration(value)
    assert caught.value.code == "duration_out_of_range"


@pytest.mark.parametrize("value", ["15 minutes", "quarter", "", "-5min", "h", "15", True, None, "7w"])
def test_parse_duration_errors(value):
    with pytest.raises(TimeFormatError) as caught:
        parse_duration(value)
    assert caught.value.code == "not_a_duration"


@pytest.mark.parametrize(
    ("delta", "zh", "en"),
    [
        (timedelta(0), "0分钟", "0 min"),
        (timedelta(minutes=15), "15分钟", "15 min"),
        (timedelta(minutes=15, seconds=1), "16分钟", "16 min"),  # rounds up to the minute
        (timedelta(hours=1, minutes=5), "1小时5分钟", "1 h 5 min"),
        (timedelta(hours=2), "2小时", "2 h"),
        (timedelta(days=7), "7天", "7 d"),
        (timedelta(days=1, minutes=1), "1天1分钟", "1 d 1 min"),
        (timedelta(minutes=-5), "0分钟", "0 min"),
    ],
)
def test_format_duration(delta, zh, en):
    assert format_duration(delta) == zh
    assert format_duration(delta, "en") == en


@pytest.mark.parametrize(
    ("delta", "zh", "en"),
    [
        (timedelta(seconds=10), "10秒", "10 s"),
        (timedelta(minutes=1, seconds=10), "1分钟10秒", "1 min 10 s"),
        (timedelta(milliseconds=500), "0.5秒", "0.5 s"),
        (timedelta(minutes=1, microseconds=500000), "1分钟0.5秒", "1 min 0.5 s"),
        (timedelta(minutes=59, seconds=59), "59分钟59秒", "59 min 59 s"),
        # from an hour on, seconds decide nothing: rounded up to the minute as without ``exact``
        (timedelta(hours=1, seconds=5), "1小时1分钟", "1 h 1 min"),
        (timedelta(days=30, hours=10, minutes=14, seconds=31), "30天10小时15分钟", "30 d 10 h 15 min"),
        (timedelta(microseconds=1), "0.000001秒", "0.000001 s"),
        # whole minutes read exactly as without ``exact``
        (timedelta(minutes=15), "15分钟", "15 min"),
        (timedelta(hours=1, minutes=5), "1小时5分钟", "1 h 5 min"),
        (timedelta(0), "0分钟", "0 min"),
        (timedelta(seconds=-10), "0分钟", "0 min"),
    ],
)
def test_format_duration_exact_keeps_seconds(delta, zh, en):
    assert format_duration(delta, exact=True) == zh
    assert format_duration(delta, "en", exact=True) == en


@pytest.mark.parametrize(
    ("moments", "digits", "first"),
    [
        (["2024-08-26 09:20", "2024-08-26 09:35"], None, "2024-08-26 09:20"),  # today's wording
        (["2024-08-26 09:15:30", "2024-08-26 09:15:40"], 0, "2024-08-26 09:15:30"),
        (["2024-08-26 09:15", "2024-08-26 09:15:40"], 0, "2024-08-26 09:15:00"),  # compared: same precision
        (["2024-08-26 09:15", "2024-08-26 09:15:00.5"], 1, "2024-08-26 09:15:00.0"),
        (["2024-08-26 09:15:00.25", "2024-08-26 09:15:00.5"], 2, "2024-08-26 09:15:00.25"),
        (["2024-08-26 09:15:00.000001"], 6, "2024-08-26 09:15:00.000001"),
        (["2024-08-26T01:15:30Z"], 0, "2024-08-26 09:15:30"),
    ],
)
def test_times_compared_share_the_precision_they_need(moments, digits, first):
    parsed = [parse_datetime(text) for text in moments]
    assert time_digits(*parsed, None) == digits
    assert format_time(parsed[0], SHANGHAI, digits) == first


@pytest.mark.parametrize(("text", "shown"), [("2024-08-26 09:20", "2024-08-26 09:20"),
                                             ("2024-08-26 09:20:05", "2024-08-26 09:20:05"),
                                             ("2024-08-26 09:20:05.5", "2024-08-26 09:20:05.5")])
def test_format_exact_writes_what_the_time_has(text, shown):
    moment = parse_datetime(text)
    assert format_exact(moment) == shown
    assert parse_datetime(format_exact(moment)) == moment
    assert format_time(moment) == "2024-08-26 09:20"  # without digits: to the minute, as for the current time


def test_format_time_is_local():
    moment = datetime(2024, 8, 26, 1, 20, tzinfo=UTC)
    assert format_time(moment) == "2024-08-26 09:20"
    assert format_time(moment, ZoneInfo("Europe/Berlin")) == "2024-08-26 03:20"


def test_format_and_parse_round_trip():
    moment = parse_datetime("2024-12-31 23:59")
    assert parse_datetime(format_time(moment)) == moment
