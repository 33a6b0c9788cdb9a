"""Parsing and formatting of record times and policy durations.

Times are ISO 8601; a time without an offset is local time in the organisation's time
zone. Durations in policy.yml are written like ``15min``, ``20m``, ``24h`` or ``7d``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")

_DATETIME = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})[T ](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d+))?)?"
    r"\s*(?P<tz>Z|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))?$"
)
# One-digit months, days and hours are read as written (2026-12-1 9:28): nothing else is meant by them
_DATE = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})$")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_DURATION = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>min|m|h|d|分钟|小时|天)\s*$")
# Years a record can plausibly mention: outside them a deadline (a time plus a limit) can overflow
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_DURATION = timedelta(days=366)
_UNITS = {"min": 60, "m": 60, "分钟": 60, "h": 3600, "小时": 3600, "d": 86400, "天": 86400}


class TimeFormatError(ValueError):
    """A time or duration that cannot be read; ``code`` names the kind of mistake, ``part`` the
    offending piece of ``value`` where there is one (the offset of a ``bad_offset``)."""

    def __init__(self, code: str, value: object, part: str = ""):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value
        self.part = part


#: the most decimal places of a second a time can keep (datetime counts microseconds)
MAX_FRACTION_DIGITS = 6


def _offset(match: re.Match, value: object) -> tzinfo | None:
    """The written UTC offset as a time zone; an offset of 24 hours or more, or of 60 minutes or
    more, does not exist (datetime would refuse the one and silently carry the other)."""
    if match["tz"] is None:
        return None
    if match["tz"] == "Z":
        return UTC
    hours, minutes = int(match["oh"]), int(match["om"])
    if hours > 23 or minutes > 59:
        raise TimeFormatError("bad_offset", value, match["tz"])
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match["sign"] == "-" else delta)


def _microseconds(fraction: str | None, value: object) -> int:
    """A written fraction of a second in microseconds; more digits than that are kept only if zero."""
    if not fraction:
        return 0
    if fraction[MAX_FRACTION_DIGITS:].strip("0"):
        raise TimeFormatError("too_precise", value)
    return int(fraction[:MAX_FRACTION_DIGITS].ljust(MAX_FRACTION_DIGITS, "0"))


def parse_datetime(value: object, tz: tzinfo = DEFAULT_TZ) -> datetime:
    """Read a record time; naive times are local to ``tz``. Always returns an aware time.

    Seconds and fractions of a second are kept exactly (to the microsecond).
    """
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
        parsed = datetime(int(match["y"]), int(match["mo"]), int(match["d"]),
                          int(match["h"]), int(match["m"]), int(match["s"] or 0))
    except ValueError as exc:
        raise TimeFormatError("impossible_time", value) from exc
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise TimeFormatError("out_of_range", value)
    microsecond, offset = _microseconds(match["f"], value), _offset(match, value)
    return parsed.replace(microsecond=microsecond, tzinfo=tz if offset is None else offset)


def parse_date(value: object) -> date:
    """Read a calendar date (``2024-09-30``); a full time is accepted and cut to its date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TimeFormatError("not_a_date", value)
    text = value.strip()
    if match := _DATE.match(text):
        try:
            parsed = date(int(match["y"]), int(match["mo"]), int(match["d"]))
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
        try:
            seconds = float(value) * 60
        except OverflowError:  # an integer too large for a float: far beyond any limit
            raise TimeFormatError("duration_out_of_range", value) from None
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise TimeFormatError("not_a_duration", value)
        seconds = float(match["n"]) * _UNITS[match["unit"]]
    if not 0 < seconds <= MAX_DURATION.total_seconds():  # also NaN and infinity
        raise TimeFormatError("duration_out_of_range", value)
    return timedelta(seconds=seconds)


def _seconds_text(seconds: int, microseconds: int) -> str:
    return f"{seconds}.{microseconds:06d}".rstrip("0") if microseconds else str(seconds)


def format_duration(delta: timedelta, lang: str = "zh", exact: bool = False) -> str:
    """Human wording of a duration: ``1小时5分钟`` / ``1 h 5 min``; rounds up to the minute.

    With ``exact`` (a duration between two recorded times, e.g. how late a report was), a
    duration under an hour that is not a whole number of minutes keeps its seconds and
    fraction: ``10秒``, ``1分钟0.5秒`` / ``10 s``, ``1 min 0.5 s``. Whole minutes, and anything
    of an hour or more (where seconds decide nothing), read as without it.
    """
    micro = delta // timedelta(microseconds=1)
    if exact and 0 < micro < 3_600_000_000 and micro % 60_000_000:  # past an hour, seconds decide nothing
        whole, fraction = divmod(micro, 1_000_000)
        total, seconds = divmod(whole, 60)
        second_text = _seconds_text(seconds, fraction)
    else:
        total = int(-(-delta.total_seconds() // 60))
        second_text = ""
    if total < 0:
        total = 0
    days, rest = divmod(total, 1440)
    hours, minutes = divmod(rest, 60)
    if lang == "en":
        parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{minutes} min" if minutes else "",
                 f"{second_text} s" if second_text else ""]
        return " ".join(p for p in parts if p) or "0 min"
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{minutes}分钟" if minutes else "",
             f"{second_text}秒" if second_text else ""]
    return "".join(parts) or "0分钟"


def time_digits(*moments: datetime | None, tz: tzinfo = DEFAULT_TZ) -> int | None:
    """How precisely ``moments`` must be written so that none is cut: None when all are whole
    minutes (the bureau's usual ``09:20``), 0 when some has seconds, else the decimal places of
    a second the most precise needs. Times compared in one sentence share it."""
    digits = None
    for moment in moments:
        if moment is None:
            continue
        local = moment.astimezone(tz) if moment.tzinfo is not None else moment
        if local.microsecond:
            need = len(f"{local.microsecond:06d}".rstrip("0"))
        elif local.second:
            need = 0
        else:
            continue
        digits = need if digits is None else max(digits, need)
    return digits


def format_time(moment: datetime, tz: tzinfo = DEFAULT_TZ, digits: int | None = None) -> str:
    """A time as the bureau writes it: ``2024-08-26 09:20`` in local time.

    ``digits`` (see :func:`time_digits`) adds the seconds (0) and that many decimal places
    of a second: ``2024-08-26 09:20:30``, ``2024-08-26 09:20:30.5``. Without it the time is
    cut to the minute, which suits the current time of a run but not a recorded time.
    """
    local = moment.astimezone(tz)
    if digits is None:
        return local.strftime("%Y-%m-%d %H:%M")
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    if digits > 0:
        text += "." + f"{local.microsecond:06d}"[:digits]
    return text


def format_exact(moment: datetime, tz: tzinfo = DEFAULT_TZ) -> str:
    """A recorded time with as much of its seconds as it has (``09:20``, ``09:20:30``, ``09:20:30.5``)."""
    return format_time(moment, tz, time_digits(moment, tz=tz))


# How clerks write times when they do not write ISO 8601: 2025年3月1日 9时10分, 2025/3/1 9:10,
# 2025.03.01 09:10, 上午9点10分, 下午3点, 3点半. Read only to suggest the ISO text, never accepted as is.
_WRITTEN_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*(?:年|[-/.])\s*)?(?P<mo>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*(?:日|号)?")
_WRITTEN_TIME = re.compile(
    r"(?P<ampm>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|晚)?\s*(?P<h>\d{1,2})\s*(?P<sep>[:时点])\s*"
    r"(?:(?P<half>半)|(?P<m>\d{1,2})\s*分?(?:\s*:?\s*(?P<s>\d{1,2})\s*秒?)?)?")
_AFTERNOON = ("下午", "傍晚", "晚上", "夜里", "夜间", "晚")


@dataclass
class WrittenTime:
    """What a time written another way says: its date (None when it has none), hour, minute and second."""

    day: date | None
    hour: int
    minute: int
    second: int = 0

    def text(self, day: date | None = None) -> str | None:
        """The ISO text of it (``2025-03-01 09:10``), on ``day`` when it has no date of its own."""
        day = self.day or day
        if day is None:
            return None
        seconds = f":{self.second:02d}" if self.second else ""
        return f"{day.isoformat()} {self.hour:02d}:{self.minute:02d}{seconds}"


def read_written_time(value: object, year: int | None = None) -> WrittenTime | date | None:
    """A time or date written the way people write them (``2025年3月1日 9时10分``, ``2025/3/1``,
    ``下午3点``), or None when ``value`` is not one or names no real time. A date without a year
    takes ``year``. Only for suggestions: records must say ``2025-03-01 09:10``."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()  # full-width digits and colons
    text = re.sub(r"\s*[(（]?北京时间[)）]?$", "", text)
    day = None
    rest = text
    match = _WRITTEN_DATE.match(text)
    if match and (match["y"] or year) and not (match["y"] is None and _WRITTEN_TIME.fullmatch(text)):
        try:
            day = date(int(match["y"] or year), int(match["mo"]), int(match["d"]))
        except ValueError:
            return None
        rest = text[match.end():].lstrip(" T,，")
        if not rest:
            return day
    time = _WRITTEN_TIME.fullmatch(rest)
    if not time or (time["sep"] == ":" and time["m"] is None and time["half"] is None):
        return None
    hour = int(time["h"])
    minute = 30 if time["half"] else int(time["m"] or 0)
    second = int(time["s"] or 0)
    if (time["ampm"] in _AFTERNOON and hour < 12) or (time["ampm"] == "中午" and hour < 11):
        hour += 12
    elif time["ampm"] == "凌晨" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return WrittenTime(day, hour, minute, second)
