"""Parsing and formatting of record times and policy durations.

Times are ISO 8601; a time without an offset is local time in the organisation's time
zone. Durations in policy.yml are written like ``15min``, ``20m``, ``24h`` or ``7d``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

_DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>min|m|h|d|分钟|小时|天)\s*$")
# Years a record can plausibly mention: outside them a deadline (a time plus a limit) can overflow
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_DURATION = timedelta(days=366)
_UNITS = {"min": 60, "m": 60, "分钟": 60, "h": 3600, "小时": 3600, "d": 86400, "天": 86400}


class TimeFormatError(ValueError):
    """A time or duration that cannot be read; ``code`` names the kind of mistake."""

    def __init__(self, code: str, value: object):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


def parse_datetime(value: object, tz: tzinfo = DEFAULT_TZ) -> datetime:
    """Read a record time; naive times are local to ``tz``. Always returns an aware time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        raise TimeFormatError("date_without_time", value)
    if not isinstance(value, str):
        raise TimeFormatError("not_a_time", value)
    text = value.strip()
    match = _DATETIME.match(text)
    if not match:
        if _TIME_ONLY.match(text):
            raise TimeFormatError("time_without_date", value)
        if _DATE.match(text):
            raise TimeFormatError("date_without_time", value)
        raise TimeFormatError("not_a_time", value)
    try:
        parsed = datetime.fromisoformat(
            f"{match['date']}T{int(match['h']):02d}:{match['m']}:{match['s'] or '00'}"
        )
    except ValueError as exc:
        raise TimeFormatError("impossible_time", value) from exc
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise TimeFormatError("out_of_range", value)
    offset = match["tz"]
    if offset is None:
        return parsed.replace(tzinfo=tz)
    if offset == "Z":
        offset = "+00:00"
    elif ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    return datetime.fromisoformat(parsed.isoformat() + offset)


def parse_date(value: object) -> date:
    """Read a calendar date (``2024-09-30``); a full time is accepted and cut to its date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TimeFormatError("not_a_date", value)
    text = value.strip()
    if _DATE.match(text):
        try:
            parsed = date.fromisoformat(text)
        except ValueError as exc:
            raise TimeFormatError("impossible_time", value) from exc
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise TimeFormatError("out_of_range", value)
        return parsed
    return parse_datetime(text).date()


def parse_duration(value: object) -> timedelta:
    """Read a policy duration such as ``15min``, ``24h`` or ``7d``."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) * 60
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise TimeFormatError("not_a_duration", value)
        seconds = float(match["n"]) * _UNITS[match["unit"]]
    if not 0 < seconds <= MAX_DURATION.total_seconds():  # also NaN and infinity
        raise TimeFormatError("duration_out_of_range", value)
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta, lang: str = "zh") -> str:
    """Human wording of a duration: ``1小时5分钟`` / ``1 h 5 min``; rounds up to the minute."""
    total = int(-(-delta.total_seconds() // 60))
    if total < 0:
        total = 0
    days, rest = divmod(total, 1440)
    hours, minutes = divmod(rest, 60)
    if lang == "en":
        parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
        return " ".join(p for p in parts if p) or "0 min"
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{minutes}分钟" if minutes else ""]
    return "".join(parts) or "0分钟"


def format_time(moment: datetime, tz: tzinfo = DEFAULT_TZ) -> str:
    """A time as the bureau writes it: ``2024-08-26 09:20`` in local time."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from start to end, rounded up (a report 15:01 after is 16 minutes)."""
    return int(-(-(end - start).total_seconds() // 60))
