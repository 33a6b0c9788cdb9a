"""Helpers shared by subcommands: opening the workspace and reading ``--now``."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.repository import open_repository
from yuqing.schema_errors import time_error_message
from yuqing.timeparse import TimeFormatError, parse_datetime
from yuqing.workspace import Workspace


def open_workspace(args) -> Workspace:
    return open_repository(Path(args.root) if getattr(args, "root", None) else None)


def parse_now(value: str | None, workspace: Workspace) -> datetime:
    """``--now`` as an aware time (naive means the organisation's time zone); default: the real time."""
    if not value:
        return datetime.now(workspace.org.tz)
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # a bare date means the start of that day
        text += " 00:00"
    try:
        return parse_datetime(text, workspace.org.tz)
    except TimeFormatError as exc:
        why = time_error_message(exc.code, value, exc.part) if exc.code in ("bad_offset", "too_precise") else None
        raise ConfigError(Msg(f"--now 的时间“{value}”无法识别，请写成 2024-08-26 10:00。",
                              f"cannot read --now '{value}'; write 2024-08-26 10:00.") + (why or Msg("", ""))) from None


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
