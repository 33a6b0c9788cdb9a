"""Shared fixtures for the whole test suite.

Several test modules are written independently and all import from here, so the rule is:
only ADD fixtures and helpers, never rename or change the meaning of an existing one.
Every fixture and helper carries a docstring saying what it gives.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from schemakit import copy_schema
from yuqing.repository import open_repository
from yuqing.workspace import Workspace

pytest.register_assert_rewrite("gitkit")  # its checks of a history read are assertions (before its import)

#: The repository this suite belongs to (the shipped product repository).
PROJECT_ROOT = Path(__file__).resolve().parents[1]

#: The shipped schema/ directory (org.yml, policy.yml, *.schema.json).
SCHEMA_DIR = PROJECT_ROOT / "schema"

#: The organisation's time zone (schema/org.yml says Asia/Shanghai).
TZ = ZoneInfo("Asia/Shanghai")

#: A fixed "current time" for tests that need a clock: 2024-09-01 12:00 Beijing time.
NOW = datetime(2024, 9, 1, 12, 0, tzinfo=TZ)

#: A minimal valid 一般 incident as a Markdown record (id YZMZ-2024-0001, no reports).
#: Save it as incidents/2024/YZMZ-2024-0001.md; it passes YQ001-YQ003.
MINIMAL_INCIDENT = """\
---
id: YZMZ-2024-0001
title: 网民反映某社区养老服务站午餐质量差
level: 一般
status: 处置中
section: 养老服务科
discovered_at: 2024-08-26 09:20
source:
  channel: 微博
summary: 网民在微博发帖反映社区养老服务站午餐质量差。
---

## 事件经过

网民发帖。
"""


class Repo:
    """A throw-away records repository in a temp dir (see the ``repo`` fixture).

    ``root`` holds schema/org.yml and schema/policy.yml copied from the shipped ones and an
    empty incidents/ directory.
    """

    def __init__(self, root: Path):
        self.root = root

    def path(self, relpath: str) -> Path:
        """Absolute path of ``relpath`` (relative to the repository root)."""
        return self.root / relpath

    def write(self, relpath: str, text: str | bytes) -> Path:
        """Write ``text`` (UTF-8, LF kept as given) or raw ``bytes`` to ``relpath``; make parent dirs.

        Returns the absolute path. Overwrites an existing file (use it to edit org.yml or
        policy.yml too).
        """
        target = self.root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_bytes(text.encode("utf-8"))
        return target

    def read(self, relpath: str) -> str:
        """The UTF-8 text of ``relpath``."""
        return (self.root / relpath).read_text(encoding="utf-8")

    def workspace(self) -> Workspace:
        """The workspace of this repository, opened as the CLI opens it (``yuqing.repository.open_repository``:
        ``Workspace.open`` with policy.yml checked against the rules); raises ConfigError like the CLI would."""
        return open_repository(self.root)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A fresh repository in ``tmp_path``: the shipped org.yml and policy.yml, an empty incidents/.

    Use ``repo.write("incidents/2024/X.md", text)`` to add files and ``repo.workspace()`` to
    open it; ``repo.root`` is the directory to pass as ``--root``.
    """
    copy_schema(tmp_path / "schema")
    (tmp_path / "incidents").mkdir()
    return Repo(tmp_path)


@pytest.fixture
def git_repo(tmp_path: Path):
    """A records repository under Git (``gitkit.GitRepo``) in ``tmp_path``, branch main, no commits yet.

    Shipped org.yml/policy.yml in schema/, an empty incidents/; commit with
    ``git_repo.commit(message, who=gitkit.LIUYANG, at="2024-08-26 10:00")``.
    """
    from gitkit import GitRepo

    return GitRepo(tmp_path / "ledger")


@pytest.fixture
def lived(git_repo):
    """``git_repo`` with a record's life of renames and edits beside two other records (``gitkit.live``);
    ``lived.shas`` names the commits."""
    from gitkit import live

    return live(git_repo)


@pytest.fixture
def log_calls(tmp_path, monkeypatch):
    """A private history cache in ``tmp_path / "cache"``, and the revision range of every ``git log`` a
    history read runs (the real one runs), in a list the test may clear."""
    from yuqing.git import log, log_cache

    monkeypatch.setenv("YUQING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(log_cache.NO_CACHE_ENV, raising=False)
    calls = []
    real = log.run_log

    def spy(repo, revision_range, paths):
        calls.append(revision_range)
        return real(repo, revision_range, paths)

    monkeypatch.setattr(log, "run_log", spy)
    return calls


def pytest_configure(config):
    """Register the ``slow`` marker (tests over a minute; still part of ``make test``)."""
    config.addinivalue_line("markers", "slow: takes more than a minute; still run by `make test`")


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Every test run gets its own ``yuqing check`` cache, never the user's."""
    directory = tmp_path_factory.mktemp("yuqing-cache")
    previous = os.environ.get("YUQING_CACHE_DIR")
    os.environ["YUQING_CACHE_DIR"] = str(directory)
    yield directory
    if previous is None:
        os.environ.pop("YUQING_CACHE_DIR", None)
    else:
        os.environ["YUQING_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _outside_ci_platform(monkeypatch):
    """No test sees the CI platform's user (GitLab/GitHub variables) unless it sets them itself."""
    from yuqing.git.platform import VARIABLES

    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def on_a_terminal(argv: list[str], env: dict) -> str:
    """Run ``argv`` with stdout and stderr on a new pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=60)
    os.close(leader)
    return shown.decode("utf-8", errors="replace")
