"""A check of the repository at one moment: what :func:`run_check` does and what it returns."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from yuqing.checking.cache import CheckCache
from yuqing.checking.paths import CONFIG_FILES, other_files, selected_paths
from yuqing.checking.scale import check_workspace
from yuqing.compliance import Compliance, Window, compute
from yuqing.engine import Result
from yuqing.errors import ConfigError
from yuqing.git import GitHistory, open_range, record_history
from yuqing.git.partial import PartialHistory
from yuqing.i18n import Msg
from yuqing.layout import ORG_FILE, POLICY_FILE, is_review_path, unit_name
from yuqing.loader import RECORD_SUFFIXES
from yuqing.rules import check_policy
from yuqing.schema_errors import time_error_message
from yuqing.timeparse import TimeFormatError, WrittenTime, parse_datetime, read_written_time
from yuqing.workspace import Workspace

#: Environment variable that fixes the clock of every command (like ``--now``), e.g. for reproducible site builds.
NOW_ENV = "YUQING_NOW"


def parse_now(value: str | None, workspace: Workspace) -> datetime:
    """The "current time" of a run: ``value`` (``--now``), else $YUQING_NOW, else the real time.

    A naive time is in the organisation's time zone; a bare date means the start of that day.
    """
    value = value or os.environ.get(NOW_ENV) or None
    if not value:
        return datetime.now(workspace.org.tz)
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):  # a bare date means the start of that day
        text += " 00:00"
    try:
        return parse_datetime(text, workspace.org.tz)
    except TimeFormatError as exc:
        why = time_error_message(exc.code, value, exc.part) if exc.code in ("bad_offset", "too_precise") else None
        written = read_written_time(value)
        if why is None and isinstance(written, WrittenTime) and written.day is not None:
            why = Msg(f"是不是 {written.text()}？", f" Did you mean {written.text()}?")
        raise ConfigError(Msg(f"--now 的时间“{value}”无法识别，请写成 2024-08-26 10:00。",
                              f"cannot read --now '{value}'; write 2024-08-26 10:00.") + (why or Msg("", ""))) from None


@dataclass
class Check:
    """One check's outcome: the engine's result (``result.full``: the whole ledger at one moment), the history it used."""

    workspace: Workspace
    result: Result
    history: GitHistory | None = None
    git_range: object = None

    def revisions(self) -> dict[str, list] | None:
        """Revisions per incident, review and signal file, for the site's 修订历史 (None outside Git).

        This is the hook between Git and the pure renderer: any mapping of record path to
        revisions with date (or time), author and message will do.
        """
        if self.history is None:
            return None
        return {record.path: self.history.revisions(record.path) for record in self.result.records
                if record.kind in ("incident", "review", "signal")}

    def recorded(self) -> dict[str, dict] | None:
        """When each report, response and escalation was first committed, per incident file (None outside Git)."""
        if self.history is None:
            return None
        return {record.path: record_history(self.history, record.path).first_seen for record in self.result.records
                if record.kind == "incident" and record.model is not None}

    def lacked(self) -> dict[str, dict] | None:
        """Per incident file: when the version before each entry's first was committed (None outside Git;
        see :meth:`yuqing.git.GitHistory.lacked`): the site's 补记 badge."""
        if self.history is None:
            return None
        return {record.path: self.history.lacked(record.path) for record in self.result.records
                if record.kind == "incident" and record.model is not None}

    @cached_property
    def compliance(self) -> Compliance:
        """The compliance figures of this check's verdicts (one definition: :mod:`yuqing.compliance`)."""
        return compute(self.result, self.workspace.org.tz)

    def compliance_in(self, window: Window | None) -> Compliance:
        """The figures of the incidents discovered within ``window`` (all of them without one), same definition."""
        if window is None or window.whole:
            return self.compliance
        return compute(self.result, self.workspace.org.tz, window)


def base_workspace(workspace: Workspace, git_range) -> Workspace:
    """The workspace whose org.yml and policy.yml are the base revision's (the rules in force when
    the merge request was opened), validated as the workspace's own; ``workspace`` itself when the
    base has no such files (the first commit), they cannot be read or are not valid, or they are
    the same as the workspace's."""
    texts = [git_range.base_text(name) for name in (ORG_FILE, POLICY_FILE)]
    if None in texts:
        return workspace
    try:
        if texts == [(workspace.root / name).read_text(encoding="utf-8") for name in (ORG_FILE, POLICY_FILE)]:
            return workspace
    except (OSError, UnicodeDecodeError):
        pass
    try:
        return workspace.with_config(*texts, check_policy=check_policy)
    except ConfigError:
        return workspace


def _range_paths(git_range) -> list[str]:
    """The files whose history a range's check asks about, as far as their names tell: the changed
    records, their base paths, and the incident beside each changed review."""
    paths = set(git_range.changed) | {path for path in git_range.changed.values() if path}
    for path in list(paths):
        if is_review_path(path):
            directory = path.rsplit("/", 1)[0]
            paths.update(f"{directory}/{unit_name(path)}{suffix}" for suffix in RECORD_SUFFIXES)
    return sorted(paths)


def run_check(workspace: Workspace, now: datetime, *, paths: list[str] | None = None, base: str | None = None,
              allow_dirty: bool = False, cache: bool = True, verdicts: bool = False) -> Check:
    """Check the repository at ``now``.

    ``paths`` (as given on a command line: files or directories) limits what is reported;
    ``base`` adds the Git rules of ``base..HEAD`` and limits the report to the files the range
    changed, judged by the base's org.yml and policy.yml (:func:`base_workspace`). ``cache``: use
    and update the cache directory (findings of unchanged units, the
    parsed Git log); without it nothing is read from or written to disk besides the records.
    ``verdicts``: every reported incident's deadline verdicts are wanted (statistics, the site,
    the overdue list), so their units are evaluated afresh (the cache keeps findings only).
    A full check (no paths, no base) also checks the hand-written pages and, in a Git work tree,
    the history rules (YQ404), so every command's figures agree.
    """
    records = workspace.record_paths()  # walked once: the paths named, the other files and the check use it
    only = selected_paths(workspace, paths or [], records)
    git_range = None
    cache_results = True
    if base:
        git_range = open_range(workspace.root, base, allow_dirty=allow_dirty)
        changed = set(git_range.changed)
        only = changed if only is None else only & changed
        judged = base_workspace(workspace, git_range)
        if judged is not workspace:  # the cache's pack is named by the files on disk: not for other rules
            cache_results = False
            records = judged.record_paths()  # the walk also notes the unreadable and outside directories
        workspace = judged
    store = CheckCache(workspace.root, persistent=cache and cache_results)
    # a merge request's check asks about the files of the units it touches: without a usable history
    # cache it reads their logs alone, not the whole log (yuqing.git.partial)
    history = GitHistory.read(workspace.root, use_cache=cache, few=PartialHistory if git_range is not None else None)
    if getattr(history, "partial", False):
        history.start(_range_paths(git_range))  # Git reads their logs while the records are checked
    result = check_workspace(workspace, now, store, only=only, history=history, git_range=git_range,
                             extra=other_files(workspace, only, git_range, records), verdicts=verdicts,
                             paths=records)
    if only is not None:  # a configuration file named: valid, or opening the repository would have stopped
        result.checked += [path for path in CONFIG_FILES if path in only]
    store.save(complete=only is None)
    return Check(workspace, result, history, git_range)
