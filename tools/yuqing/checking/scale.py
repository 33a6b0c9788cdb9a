"""A whole check of the repository, fast at scale.

Every record file is keyed by its content. A file the cache knows is not parsed: its summary
(kind, id, valid) is enough for the cross-file rules, and the findings of its unit (an incident
with its reviews) come from the cache while the current time is inside their window; a file
whose size, times and inode are the ones remembered is not even read. The other files are
read, parsed and checked, in worker processes when there are many: each worker checks whole
units (files that belong together travel together) and sends back only keys, summaries and
findings, which are small. The engine then runs over records that are parsed again only where
a rule needs more than the summary (a finding to place, a unit a worker could not see whole),
so a warm check of unchanged files parses nothing.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from datetime import datetime

from yuqing.checking.cache import CheckCache, Summary, file_key
from yuqing.engine import Engine, Result, concerns, group_units
from yuqing.layout import record_kind, stem, unit_name
from yuqing.loader import LoadedDocument, load_bytes, read_bytes
from yuqing.progress import Progress
from yuqing.workspace import Record, Workspace

PARALLEL_THRESHOLD = 400  # below this many files to parse, starting workers costs more than it saves
BATCHES_PER_JOB = 8


def parallel_jobs(count: int) -> int:
    """How many processes check ``count`` files: every core (at most 8), or $YUQING_JOBS; one for few files."""
    configured = os.environ.get("YUQING_JOBS", "")
    jobs = int(configured) if configured.isdigit() and int(configured) > 0 else (os.cpu_count() or 1)
    if count < PARALLEL_THRESHOLD or sys.platform == "win32":
        return 1
    return max(1, min(jobs, 8))


class LazyRecord:
    """A record known by its cached summary; read and validated only when a rule needs more of it."""

    __slots__ = ("path", "kind", "record_id", "own_id", "valid", "readable", "key", "_source", "_record")

    def __init__(self, path: str, summary: Summary, key: bytes, source: Callable[[], Record]):
        self.path = path
        self.kind = summary.kind
        self.record_id = summary.record_id
        self.own_id = summary.own_id
        self.valid = summary.valid
        self.readable = summary.readable
        self.key = key
        self._source = source
        self._record: Record | None = None

    @property
    def stem(self) -> str:
        return stem(self.path)

    @property
    def record(self) -> Record:
        if self._record is None:
            self._record = self._source()
        return self._record

    def __getattr__(self, name: str):  # doc, model, problems, derived, body, locate: from the loaded record
        return getattr(self.record, name)

    def __repr__(self) -> str:
        return f"LazyRecord({self.path!r}, {self.kind}, {self.record_id!r})"


class _Files:
    """The record files of one run: paths, stat stamps, content keys and bytes.

    A file whose stamp the cache knows is not read (its key is known). With ``defer`` (an empty
    cache: nothing to look up by key) the other regular files are not read here either, but by
    whoever loads them, so that worker processes share the reading.
    """

    def __init__(self, workspace: Workspace, cache: CheckCache, defer: bool = False, paths: list[str] | None = None):
        self.workspace = workspace
        self.paths = workspace.record_paths() if paths is None else paths
        self.relatives = workspace.relatives(self.paths)
        self.raws: list[bytes | LoadedDocument | None] = [None] * len(self.paths)  # None: not read (yet)
        self.keys: list[bytes | None] = [None] * len(self.paths)
        self.stamps: list[tuple | None] = [None] * len(self.paths)
        self.read: set[int] = set()  # files whose key comes from their bytes in this run, not from their stamp
        for index, path in enumerate(self.paths):
            self._survey(index, path, cache, defer)

    def _survey(self, index: int, path: str, cache: CheckCache, defer: bool) -> None:
        if self.workspace.leaves_repository(path):
            self.raws[index] = self.workspace.read_guarded(path)
            return
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if status is not None and stat.S_ISREG(status.st_mode):
            self.stamps[index] = (status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)
            self.keys[index] = cache.known_key(self.relatives[index], self.stamps[index])
            if self.keys[index] is not None or defer:
                return
        self.read_file(index)

    def read_file(self, index: int) -> bytes | LoadedDocument:
        raw = self.raws[index] = read_bytes(self.paths[index])
        if isinstance(raw, bytes) and self.keys[index] is None:
            self.keys[index] = file_key(self.relatives[index], raw)
            self.read.add(index)
        return raw

    def stamp_read(self, cache: CheckCache) -> None:
        """Remember the stamps of the files read in this run, so that next time they need not be."""
        for index in sorted(self.read):
            if self.stamps[index] is not None:
                cache.stamp(self.relatives[index], self.stamps[index], self.keys[index])

    def deferred(self, index: int) -> bool:
        """Not read yet, and its key not known."""
        return self.raws[index] is None and self.keys[index] is None

    def load(self, index: int) -> Record:
        raw = self.raws[index]
        if raw is None:
            raw = self.read_file(index) if self.keys[index] is None else self.workspace.read_guarded(self.paths[index])
        doc = raw if isinstance(raw, LoadedDocument) else load_bytes(raw, os.path.splitext(self.relatives[index])[1])
        record = self.workspace.load_record(self.paths[index], doc)
        record.key = self.keys[index]
        return record

    def lazy(self, index: int, summary: Summary) -> LazyRecord:
        return LazyRecord(self.relatives[index], summary, self.keys[index], lambda: self.load(index))


def check_workspace(workspace: Workspace, now: datetime, cache: CheckCache, only: set[str] | None = None,
                    history=None, git_range=None, extra: list[Record] = (), verdicts: bool = False,
                    paths: list[str] | None = None) -> Result:
    """Check every record file (plus ``extra`` records, e.g. hand-written pages) with ``cache``'s help.

    ``paths``: the workspace's record paths when the caller has walked them already.

    With ``verdicts`` (a report of what is overdue needs them) every unit concerned is checked
    again in this process: the cache keeps findings only.
    """
    files = _Files(workspace, cache, defer=not cache.files, paths=paths)
    records: list = [None] * len(files.paths)
    misses = []
    for index, key in enumerate(files.keys):
        summary = cache.summary(key) if key is not None else None
        if summary is not None:
            records[index] = files.lazy(index, summary)
        else:
            misses.append(index)
    jobs = 1 if verdicts else parallel_jobs(len(misses))
    with Progress(len(misses), "检查记录") as progress:
        if jobs > 1:
            for index, key in _check_in_workers(files, misses, jobs, cache, progress, (now, only, history, git_range)):
                files.keys[index] = key
                files.read.add(index)
            for index in misses:
                key = files.keys[index]
                summary = cache.summary(key) if key is not None else None
                records[index] = files.lazy(index, summary) if summary is not None else files.load(index)
        else:
            for index in misses:
                records[index] = files.load(index)
                if records[index].key is not None:
                    cache.remember(records[index].key, Summary.of(records[index]))
                progress.advance()
    files.stamp_read(cache)
    if getattr(history, "partial", False):  # one log for the files of every unit concerned (see _check_batch)
        history.want(_history_paths(records, only, git_range))
    records += workspace.directory_problems() + list(extra)
    return Engine(workspace).run(now, records, only=only, history=history, git_range=git_range,
                                 outcome_of=cache.outcomes(verdicts))


def _history_paths(records: list, only: set[str] | None, git_range) -> list[str]:
    """The files whose history the units concerned ask about: their records and the base paths of the range."""
    paths = [record.path for unit in group_units(records) if concerns(unit, only) for record in unit]
    return paths + [path for path in (git_range.changed.values() if git_range is not None else ()) if path]


_JOB: dict = {}  # what forked workers inherit: the files and the run's settings


def _check_in_workers(files: _Files, misses: list[int], jobs: int, cache: CheckCache, progress: Progress,
                      settings: tuple) -> list[tuple[int, bytes]]:
    """Check the files ``misses`` in ``jobs`` processes; their summaries and unit outcomes go into ``cache``.

    Returns the keys of the files the workers read and keyed (index, key).
    """
    batches = _batches(files, [i for i in misses if files.keys[i] is not None or files.deferred(i)], jobs)
    _JOB.update(files=files, settings=settings)
    keys: list[tuple[int, bytes]] = []
    try:
        import multiprocessing  # only for many files: a check of a few starts faster without it

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for size, added, read in pool.imap_unordered(_check_batch, batches):
                cache.merge(added)
                keys += read
                progress.advance(size)
    finally:
        _JOB.clear()
    return keys


def _batches(files: _Files, indexes: list[int], jobs: int) -> list[list[int]]:
    """Runs of files that never separate a unit: an incident, the reviews named after it and the
    signals whose ``incident:`` line names it (read here for that; a guess that only groups the work:
    a unit a worker sees in part is checked again whole, see :func:`check_workspace`)."""
    size = max(20, min(500, len(indexes) // (jobs * BATCHES_PER_JOB) + 1))
    units: dict[str, list[int]] = {}
    for index in indexes:
        units.setdefault(_unit_guess(files, index), []).append(index)
    batches: list[list[int]] = []
    current: list[int] = []
    for members in units.values():
        if len(current) >= size:
            batches.append(current)
            current = []
        current += members
    if current:
        batches.append(current)
    return batches


_INCIDENT_LINE = re.compile(rb"^incident:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)


def _unit_guess(files: _Files, index: int) -> str:
    """The unit a file most likely belongs to: the id its name carries, or for a signal the incident it names."""
    relative = files.relatives[index]
    if record_kind(relative) != "signal":
        return unit_name(relative)
    raw = files.raws[index]
    if raw is None and files.deferred(index):
        # not kept: the worker that checks the file reads it again, which costs less than the memory
        # thirty thousand files would take in the parent and, after the fork, in every worker
        raw = read_bytes(files.paths[index])
    match = _INCIDENT_LINE.search(raw) if isinstance(raw, bytes) else None
    return match[1].decode("ascii") if match else relative


def _check_batch(indexes: list[int]) -> tuple[int, dict, list[tuple[int, bytes]]]:
    """In a worker: load the files, check the units they form; return the new cache entries and the
    keys of the files read here."""
    files: _Files = _JOB["files"]
    now, only, history, git_range = _JOB["settings"]
    store = CheckCache(None, persistent=False)
    records = [files.load(index) for index in indexes]
    read = [(index, files.keys[index]) for index in indexes if index in files.read]
    for record in records:
        if record.key is not None:
            store.remember(record.key, Summary.of(record))
    engine = Engine(files.workspace)
    ctx = engine.context(now, records, history, git_range)
    # a history read on demand (a merge request's, without a history cache) serves the parent, which
    # reads it once for all the units concerned: they are checked there
    here = not getattr(history, "partial", False)
    for unit in group_units(records):
        if here and concerns(unit, only):
            store.keep(store.unit_key(unit, ctx), engine.evaluate(unit, ctx))
    return len(indexes), store.added, read

