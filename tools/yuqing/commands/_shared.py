"""Helpers shared by subcommands: opening the workspace and reading ``--now``."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from yuqing.i18n import Msg
from yuqing.timeparse import TimeFormatError, parse_datetime
from yuqing.workspace import ConfigError, Workspace


def open_workspace(args) -> Workspace:
    return Workspace.open(Path(args.root) if getattr(args, "root", None) else None)


def parse_now(value: str | None, workspace: Workspace) -> datetime:
    """``--now`` as an aware time (naive means the organisation's time zone); default: the real time."""
    if not value:
        return datetime.now(workspace.org.tz)
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # a bare date means the start of that day
        text += " 00:00"
    try:
        return parse_datetime(text, workspace.org.tz)
    except TimeFormatError:
        raise ConfigError(Msg(f"--now 的时间“{value}”无法识别，请写成 2024-08-26 10:00。",
                              f"cannot read --now '{value}'; write 2024-08-26 10:00.")) from None
