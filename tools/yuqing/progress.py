"""A one-line progress bar on the terminal for long runs; silent when output is not a terminal or in CI."""

from __future__ import annotations

import os
import sys
import time

MIN_TOTAL = 300  # short runs finish before a bar would help
INTERVAL = 0.1


class Progress:
    def __init__(self, total: int, label: str, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = (hasattr(self.stream, "isatty") and self.stream.isatty()
                       and not os.environ.get("CI") and not os.environ.get("NO_PROGRESS"))
        self.enabled = bool(enabled) and total >= MIN_TOTAL
        self.total = total
        self.label = label
        self.done = 0
        self.shown = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.enabled and (time.monotonic() - self.shown >= INTERVAL or self.done >= self.total):
            self.shown = time.monotonic()
            share = self.done / self.total if self.total else 1.0
            bar = "#" * int(share * 30)
            self.stream.write(f"\r{self.label} [{bar:<30}] {self.done}/{self.total} {share:4.0%}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\r" + " " * (len(self.label) + 50) + "\r")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
