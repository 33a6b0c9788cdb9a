"""Helpers shared by subcommands: opening the workspace, reading ``--now``, pausing the collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from yuqing.checking import open_repository, parse_now
from yuqing.workspace import Workspace

__all__ = ["open_workspace", "parse_now", "paused_gc"]


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
