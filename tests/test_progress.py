"""``yuqing.progress``: a one-line bar on a terminal for long runs, silent otherwise; and the real
``yuqing check`` drawing it on a real pseudo-terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from conftest import on_a_terminal
from recordkit import changed, major, path_of, to_markdown
from yuqing.progress import MIN_TOTAL, Progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def interactive(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_PROGRESS", raising=False)


def test_a_long_run_on_a_terminal_draws_a_bar_and_clears_it(interactive):
    stream = Terminal()
    with Progress(MIN_TOTAL, "检查记录", stream=stream) as progress:
        for _ in range(MIN_TOTAL):
            progress.advance()
        drawn = stream.getvalue()
    assert f"\r检查记录 [{'#' * 30}] {MIN_TOTAL}/{MIN_TOTAL} 100%" in drawn
    assert stream.getvalue().endswith("\r")  # the line is blanked at the end


@pytest.mark.parametrize(("stream", "total", "env"), [
    (io.StringIO(), MIN_TOTAL, {}),  # not a terminal (a pipe, a log file)
    (Terminal(), MIN_TOTAL - 1, {}),  # too short to need a bar
    (Terminal(), MIN_TOTAL, {"CI": "true"}),
    (Terminal(), MIN_TOTAL, {"NO_PROGRESS": "1"}),
])
def test_quiet_where_a_bar_would_not_help(interactive, monkeypatch, stream, total, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with Progress(total, "检查记录", stream=stream) as progress:
        for _ in range(total):
            progress.advance()
    assert stream.getvalue() == ""


def test_explicitly_disabled():
    stream = Terminal()
    with Progress(MIN_TOTAL, "x", stream=stream, enabled=False) as progress:
        progress.advance(MIN_TOTAL)
    assert stream.getvalue() == ""


def _records(repo, count: int) -> None:
    for number in range(1, count + 1):
        record_id = f"YZMZ-2024-{number:04d}"
        repo.write(path_of(record_id), to_markdown(changed(major(), "id", record_id)))


def test_yuqing_check_shows_a_bar_on_a_terminal_only(repo, tmp_path):
    _records(repo, MIN_TOTAL)
    argv = [sys.executable, "-m", "yuqing", "check", "--root", str(repo.root), "--now", "2024-10-01 10:00", "--no-cache"]
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "NO_PROGRESS")}
    env["YUQING_JOBS"] = "1"
    shown = on_a_terminal(argv, env)
    assert "检查记录 [" in shown and f"{MIN_TOTAL}/{MIN_TOTAL}" in shown
    assert f"检查了 {MIN_TOTAL} 个文件" in shown
    quiet = on_a_terminal(argv, {**env, "CI": "true"})
    assert "检查记录 [" not in quiet and f"检查了 {MIN_TOTAL} 个文件" in quiet
    piped = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert "检查记录 [" not in piped.stderr + piped.stdout
