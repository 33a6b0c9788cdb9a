"""Helpers shared by subcommands: opening the workspace, reading ``--now``, pausing the collector, the window
of the figures (``--from``/``--to``/``--quarter``/``--year``)."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from yuqing.checking import open_repository, parse_now
from yuqing.compliance import Window
from yuqing.errors import UsageError
from yuqing.i18n import Msg
from yuqing.workspace import Workspace

__all__ = ["open_workspace", "parse_now", "paused_gc", "window_of"]


def open_workspace(args) -> Workspace:
    return open_repository(getattr(args, "root", None) or None)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while records are read and checked.

    A big check keeps hundreds of thousands of small objects alive, none of them in reference
    cycles, and the collector would walk them again and again: on 20,000 files it took a third
    of the run. The process ends soon after, so nothing is lost by collecting later.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------- the window of figures

_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_QUARTER = re.compile(r"(\d{4})\s*(?:[-年]?\s*[Qq]\s*([1-4])|年?\s*第?\s*([1-4一二三四])\s*季度?)")
_QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4}
# Full-width digits and punctuation typed with a Chinese input method read like ASCII ones
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．Ｑｑ", "0123456789-/.Qq")


def _day(value: str, option: str) -> date:
    text = value.strip().translate(_FULL_WIDTH)
    match = _DAY.fullmatch(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise UsageError(Msg(f"{option} 的日期“{value}”无法识别，请写成 2025-01-01 这样的年-月-日。",
                         f"cannot read the date '{value}' of {option}; write it as 2025-01-01."))


def window_of(args) -> Window:
    """The window the command line asks for (every incident without any option); UsageError (exit 2) otherwise."""
    start = _day(args.date_from, "--from") if getattr(args, "date_from", None) else None
    end = _day(args.date_to, "--to") if getattr(args, "date_to", None) else None
    quarter, year = getattr(args, "quarter", None), getattr(args, "year", None)
    if (quarter or year) and (start or end or (quarter and year)):
        raise UsageError(Msg("--quarter、--year 和 --from/--to 只能选一种写法。",
                             "use one of --quarter, --year or --from/--to."))
    if quarter:
        match = _QUARTER.fullmatch(quarter.strip().translate(_FULL_WIDTH))
        if not match:
            raise UsageError(Msg(f"--quarter 的季度“{quarter}”无法识别，请写成 2025Q1 这样的年份加季度（Q1 至 Q4）。",
                                 f"cannot read the quarter '{quarter}'; write it as 2025Q1 (Q1 to Q4)."))
        number = int(match[2]) if match[2] else _QUARTER_WORDS.get(match[3]) or int(match[3])
        first = date(int(match[1]), 3 * number - 2, 1)
        following = date(first.year + (number == 4), (3 * number) % 12 + 1, 1)
        start, end = first, following - timedelta(days=1)
    if year:
        text = year.strip().translate(_FULL_WIDTH).removesuffix("年")
        if not re.fullmatch(r"\d{4}", text) or int(text) < 1:
            raise UsageError(Msg(f"--year 的年份“{year}”无法识别，请写成 2025 这样的四位数字。",
                                 f"cannot read the year '{year}'; write four digits such as 2025."))
        start, end = date(int(text), 1, 1), date(int(text), 12, 31)
    if start and end and start > end:
        raise UsageError(Msg(f"--from 的日期 {start} 晚于 --to 的日期 {end}，请检查是否写反了。",
                             f"--from {start} is later than --to {end}; are they swapped?"))
    return Window(start, end)
