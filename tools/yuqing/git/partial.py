"""The history of a few record files: what a merge request's check needs when no history cache is at hand.

A check with ``--base`` judges only the units its range touches, so it asks the history about a
handful of files: their revisions (YQ404's first commit, when each exception was first
recorded, the cache key of a unit's outcome) and the time their base version was merged. Reading
the whole log for that costs about a minute on a ledger of tens of thousands of commits, where
a log limited to those files costs a second or two: Git still walks every commit, but compares
only their paths. :class:`PartialHistory` answers the same questions as
:class:`~yuqing.git.history.GitHistory` from such logs, read on first use for every path asked
for so far (:meth:`PartialHistory.want` gathers them, so that one log serves them all), or in the
background from the start of a check for the paths known then (:meth:`PartialHistory.start`).

A limited log sees a rename as the file being added (its old path lies outside the paths
asked for), so the oldest revision of each file is looked at once more: where that commit
renamed it (or deleted a file of the same id in another directory or type, as the full walk
of :func:`yuqing.git.store.walk` reads it), the old path's log from before that commit is read
too, and so on. Nothing of this is kept in the history cache, which holds whole logs only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import git

from yuqing.git import log as gitlog
from yuqing.git.history import GitHistory, Revision
from yuqing.git.store import walk
from yuqing.layout import RECORD_DIRS


class PartialHistory(GitHistory):
    """Revisions of the record files asked for, each read with a log limited to the files of its round."""

    partial = True  # the front door keeps the units that need it in one process, where it is read

    def __init__(self, repo: git.Repo, prefix: str):
        self.repo, self.prefix = repo, prefix
        self._commits, self._revisions, self._first_seen, self._lacked = None, {}, {}, {}
        self._wanted: set[str] = set()
        self._reading: set[str] = set()  # keys a background read (start) is reading or has read
        self._readers: list[tuple[set[str], threading.Thread]] = []
        self._rows: dict[str, gitlog.Row] = {}
        self._directories = tuple(prefix + directory for directory in RECORD_DIRS)
        self.logs_read = 0  # how many ``git log`` commands it ran (for the tests)

    @property
    def commits(self) -> list[gitlog.Commit]:
        """The commits that changed the files read so far, newest first (with their changes to those files)."""
        return [gitlog.to_commit(row) for row in sorted(self._rows.values(), key=lambda row: row[3], reverse=True)]

    def want(self, paths: Iterable[str]) -> None:
        """Read these paths (relative to the records root) with the next one asked for."""
        self._wanted.update(key for key in map(self._key, paths) if key not in self._revisions
                            and key not in self._reading)

    def start(self, paths: Iterable[str]) -> None:
        """Begin reading these paths now, in the background (Git works while the records are checked);
        asking for one of them waits for that read."""
        keys = sorted({key for key in map(self._key, paths) if key not in self._revisions} - self._reading)
        if not keys:
            return
        reader = threading.Thread(target=self._read_into, args=(keys,), name="yuqing-partial-history", daemon=True)
        self._reading.update(keys)
        self._readers.append((set(keys), reader))
        reader.start()

    def revisions(self, path: str) -> list[Revision]:
        key = self._key(path)
        if key in self._reading:
            for keys, reader in self._readers:
                if key in keys:
                    reader.join()
        if key not in self._revisions:
            self._wanted.add(key)
            wanted, self._wanted = sorted(self._wanted - self._reading), set()
            self._read_into(wanted)
        return self._revisions[key]

    def _read_into(self, keys: list[str]) -> None:
        try:
            found = self._read(keys)
        except git.GitCommandError:
            found = {key: [] for key in keys}
        self._revisions.update(found)  # one update of new keys: safe beside readers of other keys

    def _read(self, keys: list[str]) -> dict[str, list[Revision]]:
        """Every revision of the files ``keys`` (paths in the repository) at HEAD, newest first."""
        found: dict[str, list[Revision]] = {key: [] for key in keys}
        rounds = [("HEAD", {key: key for key in keys})]  # (where the log starts, {path there: today's path})
        while rounds:
            start, lookup = rounds.pop()
            rows = gitlog.parse_rows(gitlog.run_log(self.repo, start, tuple(sorted(lookup))))
            self.logs_read += 1
            self._rows.update((row[0], row) for row in rows)
            revisions, _ = walk(rows)
            older: dict[str, dict[str, str]] = {}
            for newest_path, entries in revisions.items():
                today = lookup.get(newest_path)
                if today is None:
                    continue
                made = [self._revision(rows[len(rows) - 1 - number], status, where, blob)
                        for number, status, where, blob in entries]
                if made and made[-1].status == "A":
                    renamed_from = self._renamed_from(made[-1])
                    if renamed_from is not None:
                        oldest = made[-1]
                        made[-1] = Revision(oldest.sha, oldest.author, oldest.email, oldest.time, oldest.message,
                                            "R", oldest.path, oldest.blob)
                        older.setdefault(f"{oldest.sha}^", {})[renamed_from] = today
                found[today] += made
            rounds += older.items()
        return found

    @staticmethod
    def _revision(row: gitlog.Row, status: str, where: str, blob: str | None) -> Revision:
        commit = gitlog.to_commit(row)
        return Revision(commit.sha, commit.author, commit.email, commit.time, commit.message, status, where, blob)

    def _renamed_from(self, revision: Revision) -> str | None:
        """The path ``revision``'s file had before its commit, where that commit moved it (as the whole
        log's walk reads it: a rename, or the deletion of a file of the same id); None for a new file."""
        rows = gitlog.parse_rows(self.repo.git.log(*gitlog.LOG_OPTIONS, "-1", revision.sha, "--", *self._directories))
        self.logs_read += 1
        if not rows or rows[0][0] != revision.sha:
            return None
        changes = rows[0][6]
        for status, path, old_path, _ in changes:
            if status == "R" and path == revision.path and old_path:
                return old_path
        stem = gitlog.record_stem(revision.path)
        deleted = [path for status, path, _, _ in changes if status == "D" and gitlog.record_stem(path) == stem]
        return deleted[-1] if deleted and len(changes) > 1 else None
