"""The Git history of the records: :class:`GitHistory`, read with one ``git log`` for all files.

Follows renames, so each current record file knows every revision it went through and the
commit that first added it. Blob contents of old revisions are read through one persistent
``git cat-file --batch`` process when a page needs them (when an entry was first recorded),
never one process per file. The log comes from the history cache when it can
(:mod:`yuqing.git.log_cache`); the answers are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

from yuqing.git import log_cache
from yuqing.git.log import Commit, open_repo, records_prefix, to_commit, to_row
from yuqing.git.store import PackedIndex, PackedLog, walk
from yuqing.layout import RECORD_DIRS
from yuqing.loader import list_lengths

#: The lists whose entries' first-recorded times are read (the site's 首次记入台账, the exceptions' coverage).
ENTRY_LISTS = ("reports", "responses", "escalations", "exceptions", "actions")


@dataclass(frozen=True)
class Revision:
    """One commit in the life of one record file."""

    sha: str
    author: str
    email: str
    time: datetime
    message: str
    status: str
    path: str  # the file's path in that commit
    blob: str | None


class GitHistory:
    """Revisions of every record file, following renames, from one log read (or the cache of one)."""

    def __init__(self, repo: git.Repo, commits: list[Commit], prefix: str = ""):
        self.repo = repo
        self.prefix = prefix  # the records root's path inside the Git work tree
        rows = [to_row(commit) for commit in commits]
        self._log = PackedLog.of_rows(rows)
        self._log.times = [commit.time for commit in commits]
        self._index = PackedIndex.pack(walk(rows)[0])
        self._commits: list[Commit] | None = commits
        self._revisions: dict[str, list[Revision]] = {}  # made on first use
        self._first_seen: dict[str, dict] = {}  # per record: (list, index) -> first commit time, on first use
        self._lacked: dict[str, dict] = {}  # per record: (list, index) -> time of the version before it, made with it

    @classmethod
    def _of(cls, repo: git.Repo, prefix: str, log: PackedLog, index: PackedIndex) -> GitHistory:
        history = cls.__new__(cls)
        history.repo, history.prefix, history._log, history._index = repo, prefix, log, index
        history._commits, history._revisions, history._first_seen, history._lacked = None, {}, {}, {}
        return history

    @classmethod
    def read(cls, root: Path, use_cache: bool = True, few: Callable | None = None) -> GitHistory | None:
        """The history of the records under ``root`` at HEAD (None outside a Git work tree or on a Git error).

        Kept in the cache directory between runs unless ``use_cache`` is false or
        ``$YUQING_NO_CACHE`` is set; the result is the same either way. ``few(repo, prefix)``: for a check
        that asks about a few files only, the history to use where the cache cannot answer without a
        read of the whole log (:class:`~yuqing.git.partial.PartialHistory`, which reads those files alone).
        """
        repo = open_repo(root)
        if repo is None:
            return None
        try:
            if not repo.head.is_valid():
                return cls(repo, [], records_prefix(repo, root))
            prefix = records_prefix(repo, root)
            paths = tuple(prefix + directory for directory in RECORD_DIRS)  # incidents, signals, trainings
            stored = log_cache.read(repo, prefix, paths, use_cache, whole=few is None)
            return cls._of(repo, prefix, *stored) if stored is not None else few(repo, prefix)
        except git.GitCommandError:
            return None

    @property
    def commits(self) -> list[Commit]:
        """Every commit that changed a record, newest first (merges included, without changes)."""
        if self._commits is None:
            self._commits = [to_commit(row) for row in self._log.rows()]
        return self._commits

    def _key(self, path: str) -> str:
        return self.prefix + path

    def revisions(self, path: str) -> list[Revision]:
        """Revisions of the record at ``path`` (relative to the records root), newest first."""
        key = self._key(path)
        made = self._revisions.get(key)
        if made is None:
            entries = self._index.get(key)
            if not entries:
                return []
            log = self._log
            made = []
            for number, status, where, blob in entries:
                position = log.count - 1 - number
                author, email = log.people[log.who[position]]
                made.append(Revision(log.sha(position), author, email, log.time(position), log.messages[position],
                                     status, where, blob))
            self._revisions[key] = made
        return made

    def first_seen(self, path: str) -> dict[tuple[str, int], datetime]:
        """(list name, index) -> the commit time at which that entry of ``path`` first appeared, from the
        record's revisions oldest first (entries are only appended); read once per record."""
        key = self._key(path)
        seen = self._first_seen.get(key)
        if seen is None:
            seen = self._first_seen[key] = {}
            lacked = self._lacked[key] = {}
            before = None  # the commit time of the previous version read
            for revision in reversed(self.revisions(path)):
                text = self.blob_text(revision.blob) if revision.blob is not None else None
                if text is None:
                    continue
                suffix = "." + revision.path.rsplit(".", 1)[-1].lower()
                for name, length in list_lengths(text, suffix, ENTRY_LISTS).items():
                    for index in range(length):
                        if (name, index) not in seen:
                            seen[(name, index)] = revision.time
                            if before is not None:
                                lacked[(name, index)] = before
                before = revision.time
        return seen

    def lacked(self, path: str) -> dict[tuple[str, int], datetime]:
        """(list name, index) -> the commit time of the version of ``path`` just before the one in which
        that entry first appeared (an earlier version that lacked it); entries of the first version
        have none. An entry whose own time is before it was written in later (补记)."""
        self.first_seen(path)
        return self._lacked.get(self._key(path), {})

    def entry_recorded(self, path: str, list_name: str, index: int) -> datetime | None:
        """When entry ``index`` of the list ``list_name`` of ``path`` was first committed (None: not yet)."""
        return self.first_seen(path).get((list_name, index))

    def first_commit(self, path: str) -> Revision | None:
        revisions = self.revisions(path)
        return revisions[-1] if revisions else None

    def blob_text(self, sha: str) -> str | None:
        try:
            return self.repo.odb.stream(bytes.fromhex(sha)).read().decode("utf-8", errors="replace")
        except (ValueError, git.BadObject, OSError):
            return None
