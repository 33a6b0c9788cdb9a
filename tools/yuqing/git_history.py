"""The Git history of the records, read with one ``git log`` for all files.

Follows renames, so each current record file knows every revision it went through and
the commit that first added it. Blob contents of old revisions are read through one
persistent ``git cat-file --batch`` process when a page needs them (when an entry was
first recorded), never one process per file.

Reading the whole log is slow on a big ledger (tens of thousands of commits take about a
minute of Git's own tree diffs), so the parsed log is kept in the platform cache directory
(``$YUQING_CACHE_DIR``): one file per work tree and records root, with the HEAD it was read
at. When HEAD has not moved, no ``git log`` runs at all. When HEAD descends from the cached
commit without merges in between, only the new commits are read (``git log CACHED..HEAD``)
and placed before the cached ones, which is exactly what a full read gives. Anything else
(new merges, a rewritten or reset history, a shallow clone, a damaged or foreign cache file)
is a full read that rewrites the cache. The cache is never
a reason for a run to fail. ``GitHistory.read(root, use_cache=False)`` or
``$YUQING_NO_CACHE=1`` bypass it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import git

from yuqing.workspace import RECORDS_DIR, cache_dir

_LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%ct%x1f%P%x1f%s"
_LOG_OPTIONS = ("-z", f"--format={_LOG_FORMAT}", "--raw", "--no-abbrev", "-M")
ZERO_SHA = "0" * 40

NO_CACHE_ENV = "YUQING_NO_CACHE"  # set (to anything but "" or "0") to bypass the history cache
HISTORY_DIR = "git-history"  # under yuqing.workspace.cache_dir()
HISTORY_SUFFIX = ".history"
KEEP_HISTORIES = 16  # the least recently used history files beyond this are removed
_MAGIC = b"yuqing-git-history\n"
MAX_CHUNKS = 64  # pickled parts of the log kept apart before they are joined
# a new layout, parser or log format makes older files foreign
_FORMAT = f"3|{sys.byteorder}|{array('I').itemsize}|" + "|".join(_LOG_OPTIONS)

# A commit in compact form (cheap to parse, store and load):
#   (sha, author, email, commit time (epoch seconds), parents "p1 p2", subject, changes)
# with each change (status, path, old_path, blob): the fields of :class:`Change`.
Row = tuple


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R, C, T
    path: str  # the path after the change
    old_path: str | None = None  # for renames and copies
    blob: str | None = None  # the blob after the change (None when deleted)


@dataclass
class Commit:
    sha: str
    author: str
    email: str
    time: datetime
    parents: list[str]
    message: str
    changes: list[Change] = field(default_factory=list)

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


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


def open_repo(root: Path) -> git.Repo | None:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _parse(raw: str) -> list[Row]:
    """Compact rows of ``git log -z --raw`` output made with :data:`_LOG_FORMAT` (newest commit first)."""
    rows: list[Row] = []
    strings: dict[str, str] = {}  # one object per distinct name, email and path: a smaller, faster cache
    share = strings.setdefault
    for chunk in raw.split("\x1e"):
        if not chunk.strip("\n\0"):
            continue
        header, _, rest = chunk.partition("\0")
        sha, author, email, stamp, parents, message = header.split("\x1f", 5)
        changes = []
        tokens = rest.lstrip("\n").split("\0")
        index = 0
        while index < len(tokens):
            meta = tokens[index]
            if not meta.startswith(":"):
                index += 1
                continue
            fields = meta[1:].split()
            status = fields[-1][0]
            blob = fields[3] if len(fields) >= 4 and fields[3] != ZERO_SHA else None
            if status in "RC":
                path = tokens[index + 2]
                changes.append((status, share(path, path), tokens[index + 1], blob))
                index += 3
            else:
                path = tokens[index + 1]
                changes.append((status, share(path, path), None, blob))
                index += 2
        rows.append((sha, share(author, author), share(email, email), int(stamp), parents, message.strip(),
                     tuple(changes)))
    return rows


def _commit(row: Row) -> Commit:
    sha, author, email, stamp, parents, message, changes = row
    return Commit(sha, author, email, datetime.fromtimestamp(stamp, UTC), parents.split() if parents else [], message,
                  [Change(*change) for change in changes])


def _row(commit: Commit) -> Row:
    return (commit.sha, commit.author, commit.email, int(commit.time.timestamp()), " ".join(commit.parents),
            commit.message,
            tuple((c.status, c.path, c.old_path, c.blob) for c in commit.changes))


def parse_log(raw: str) -> list[Commit]:
    """Parse ``git log -z --raw`` output made with :data:`_LOG_FORMAT` (newest commit first)."""
    return [_commit(row) for row in _parse(raw)]


def _run_log(repo: git.Repo, revision_range: str | None, paths: tuple[str, ...]) -> str:
    """The raw output of the one ``git log`` every history read is made of."""
    args = list(_LOG_OPTIONS)
    if revision_range:
        args.append(revision_range)
    return repo.git.log(*args, "--", *paths)


def read_log(repo: git.Repo, revision_range: str | None = None, paths: tuple[str, ...] = (RECORDS_DIR,)) -> list[Commit]:
    """One ``git log`` over ``paths`` (newest first), renames detected."""
    return parse_log(_run_log(repo, revision_range, paths))


def _walk(rows: list[Row], older: int = 0) -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """Today's path of each record file -> its revisions, newest first, and the renames followed.

    Each revision is (number, status, path, blob), where ``number`` counts the commits from the
    oldest one (``older`` commits lie beyond ``rows``), so that newer commits put in front later
    leave the numbers as they are. The second result maps a path in older commits to today's
    path: where a walk on into older commits would start.
    """
    revisions: dict[str, list[tuple]] = {}
    alias: dict[str, str] = {}
    last = older + len(rows) - 1
    for position, row in enumerate(rows):
        changes = row[6]
        deleted = None
        if len(changes) > 1:
            deleted = {record_stem(path): path for status, path, _, _ in changes if status == "D"}
        for status, path, old_path, blob in changes:
            if status == "D":
                continue
            current = alias.get(path, path)
            if status == "A" and deleted:
                stem = record_stem(path)
                if stem in deleted:
                    # moved and rewritten too much for Git's rename detection, or .md <-> .yml
                    old_path, status = deleted[stem], "R"
            entry = (last - position, status, path, blob)
            found = revisions.get(current)
            if found is None:
                revisions[current] = [entry]
            else:
                found.append(entry)
            if status == "R" and old_path:
                alias[old_path] = current
    return revisions, alias


class _Log:
    """The parsed log in columns, newest commit first: cheap to keep, load and extend.

    Commit names are fixed-width slices of one string (padded with spaces, should names of
    different lengths ever come); the parents and changes of each commit, needed only to walk
    the log again, stay pickled (one chunk per read) until asked for.
    """

    __slots__ = ("count", "width", "shas", "people", "who", "stamps", "messages", "_chunks", "_rows", "times")

    def __init__(self, count: int, width: int, shas: str, people: list[tuple[str, str]], who: array,
                 stamps: array, messages: list[str], chunks: list[bytes] | None, rows: list[Row] | None = None):
        self.count, self.width, self.shas, self.people, self.who = count, width, shas, people, who
        self.stamps, self.messages, self._chunks, self._rows = stamps, messages, chunks, rows
        self.times: list[datetime] | None = None  # the commits' own times, when made from Commit objects

    @classmethod
    def of_rows(cls, rows: list[Row]) -> _Log:
        ids: dict[tuple[str, str], int] = {}
        who = array("I", [ids.setdefault((row[1], row[2]), len(ids)) for row in rows])
        width = max((len(row[0]) for row in rows), default=0)
        return cls(len(rows), width, "".join(row[0].ljust(width) for row in rows), list(ids), who,
                   array("q", [row[3] for row in rows]), [row[5] for row in rows], None, rows)

    def chunks(self) -> list[bytes]:
        if self._chunks is None:
            rows = self._rows or []
            self._chunks = [pickle.dumps(([row[4] for row in rows], [row[6] for row in rows]),
                                         protocol=pickle.HIGHEST_PROTOCOL)]
        return self._chunks

    def rows(self) -> list[Row]:
        if self._rows is None:
            parents: list[str] = []
            changes: list[tuple] = []
            for chunk in self._chunks or ():
                more_parents, more_changes = pickle.loads(chunk)
                parents += more_parents
                changes += more_changes
            if len(parents) != self.count or len(changes) != self.count:
                raise ValueError("damaged history cache")
            people, who, sha = self.people, self.who, self.sha
            self._rows = [(sha(i), *people[who[i]], self.stamps[i], parents[i], self.messages[i], changes[i])
                          for i in range(self.count)]
        return self._rows

    def sha(self, position: int) -> str:
        return self.shas[position * self.width:(position + 1) * self.width].rstrip()

    def time(self, position: int) -> datetime:
        if self.times is not None:
            return self.times[position]
        return datetime.fromtimestamp(self.stamps[position], UTC)

    def prepend(self, newer: _Log) -> _Log:
        """This log with ``newer`` (later, linear history) in front."""
        width = newer.width if not self.count else self.width
        if newer.count and newer.width != width:
            raise ValueError("commit names of another length")
        people = list(self.people)
        ids = {person: number for number, person in enumerate(people)}
        for person in newer.people:
            ids.setdefault(person, len(ids))
        people = list(ids)
        mapped = [ids[person] for person in newer.people]
        who = array("I", [mapped[number] for number in newer.who])
        who.extend(self.who)
        chunks = newer.chunks() + self.chunks()
        log = _Log(newer.count + self.count, width, newer.shas + self.shas, people, who,
                   newer.stamps + self.stamps, newer.messages + self.messages, chunks)
        if len(chunks) > MAX_CHUNKS:
            log._chunks, log._rows = None, newer.rows() + self.rows()
        return log

    def state(self) -> tuple:
        return (self.count, self.width, self.shas, self.people, self.who.tobytes(), self.stamps.tobytes(),
                self.messages, self.chunks())

    @classmethod
    def of_state(cls, state: tuple) -> _Log:
        count, width, shas, people, who_bytes, stamp_bytes, messages, chunks = state
        who, stamps = array("I"), array("q")
        who.frombytes(who_bytes)
        stamps.frombytes(stamp_bytes)
        if not (len(shas) == count * width and len(who) == len(stamps) == len(messages) == count
                and all(isinstance(chunk, bytes) for chunk in chunks)
                and all(number < len(people) for number in set(who))):
            raise ValueError("damaged history cache")
        return cls(count, width, shas, people, who, stamps, messages, list(chunks))


class _Index:
    """Today's path of each record file -> its revisions (newest first), packed in columns.

    Revision ``i`` of all is (numbers[i], statuses[i], paths.get(i, key), the ``i``-th blob name
    of ``blobs``, fixed width, padded with spaces; all spaces: none); ``ends`` closes each key's run.
    """

    __slots__ = ("keys", "ends", "numbers", "statuses", "blobs", "paths", "width", "_where")

    def __init__(self, keys: list[str], ends: array, numbers: array, statuses: str, blobs: str,
                 paths: dict[int, str], width: int):
        self.keys, self.ends, self.numbers, self.statuses = keys, ends, numbers, statuses
        self.blobs, self.paths, self.width = blobs, paths, width
        self._where: dict[str, int] | None = None

    @classmethod
    def pack(cls, revisions: dict[str, list[tuple]]) -> _Index:
        ends, numbers = array("I"), array("I")
        statuses: list[str] = []
        blobs: list[str] = []
        paths: dict[int, str] = {}
        width = max((len(entry[3] or "") for found in revisions.values() for entry in found), default=0)
        for key, found in revisions.items():
            for number, status, path, blob in found:
                if path != key:
                    paths[len(numbers)] = path
                numbers.append(number)
                statuses.append(status)
                blobs.append((blob or "").ljust(width))
            ends.append(len(numbers))
        joined = "".join(statuses)
        if len(joined) != len(numbers):
            raise ValueError("a change status is one letter")
        return cls(list(revisions), ends, numbers, joined, "".join(blobs), paths, width)

    def _positions(self) -> dict[str, int]:
        if self._where is None:
            self._where = {name: number for number, name in enumerate(self.keys)}
        return self._where

    def _start(self, number: int) -> int:
        return self.ends[number - 1] if number else 0

    def get(self, key: str) -> list[tuple] | None:
        number = self._positions().get(key)
        if number is None:
            return None
        width = self.width
        return [(self.numbers[entry], self.statuses[entry], self.paths.get(entry, key),
                 self.blobs[entry * width:(entry + 1) * width].rstrip() or None)
                for entry in range(self._start(number), self.ends[number])]

    def under(self, newer: dict[str, list[tuple]], alias: dict[str, str]) -> _Index | None:
        """This index with newer commits (a linear history) in front, from their own walk.

        Walking on from the newer commits, every older path goes through their renames first,
        so each older file's revisions move, in order, under its name after ``alias``, behind the
        newer revisions of that name; the other files' runs are copied as they are. When two older
        files end up under one name their revisions interleave by commit: None then (walk
        everything again).
        """
        where = self._positions()
        moved = {key: target for key, target in alias.items() if key in where}
        targets = set(moved.values())
        if len(targets) != len(moved) or any(target in where and target not in moved for target in targets):
            return None
        changed = set(moved) | {key for key in newer if key in where}
        revisions = {key: list(found) for key, found in newer.items()}
        for key in changed:
            revisions.setdefault(moved.get(key, key), []).extend(self.get(key) or ())
        front = _Index.pack(revisions)
        if front.numbers and self.numbers and front.width != self.width:
            return None
        width = front.width if front.numbers else self.width
        keys, ends, numbers = list(front.keys), array("I", front.ends), array("I", front.numbers)
        statuses, blobs, paths = [front.statuses], [front.blobs], dict(front.paths)
        renamed = sorted(self.paths)  # revisions whose path differs from their key
        previous = 0
        for stop in [*sorted(where[key] for key in changed), len(self.keys)]:
            if previous < stop:  # the unchanged runs of keys previous..stop-1: one slice each
                first, last = self._start(previous), self.ends[stop - 1]
                shift = len(numbers) - first
                keys += self.keys[previous:stop]
                ends.extend(end + shift for end in self.ends[previous:stop])
                numbers += self.numbers[first:last]
                statuses.append(self.statuses[first:last])
                blobs.append(self.blobs[first * width:last * width])
                for entry in renamed[bisect_left(renamed, first):bisect_left(renamed, last)]:
                    paths[entry + shift] = self.paths[entry]
            previous = stop + 1
        return _Index(keys, ends, numbers, "".join(statuses), "".join(blobs), paths, width)

    def state(self) -> tuple:
        return (self.keys, self.ends.tobytes(), self.numbers.tobytes(), self.statuses, self.blobs, self.paths,
                self.width)

    @classmethod
    def of_state(cls, state: tuple, count: int) -> _Index:
        keys, end_bytes, number_bytes, statuses, blobs, paths, width = state
        ends, numbers = array("I"), array("I")
        ends.frombytes(end_bytes)
        numbers.frombytes(number_bytes)
        total = len(numbers)
        if not (len(ends) == len(keys) and (not ends or ends[-1] == total) and len(statuses) == total
                and len(blobs) == total * width and isinstance(paths, dict)
                and all(a <= b for a, b in zip(ends, ends[1:], strict=False))
                and (not numbers or max(numbers) < count)):
            raise ValueError("damaged history cache")
        return cls(keys, ends, numbers, statuses, blobs, paths, width)


class GitHistory:
    """Revisions of every record file, following renames, from one log read (or the cache of one)."""

    def __init__(self, repo: git.Repo, commits: list[Commit], prefix: str = ""):
        self.repo = repo
        self.prefix = prefix  # the records root's path inside the Git work tree
        rows = [_row(commit) for commit in commits]
        self._log = _Log.of_rows(rows)
        self._log.times = [commit.time for commit in commits]
        self._index = _Index.pack(_walk(rows)[0])
        self._commits: list[Commit] | None = commits
        self._revisions: dict[str, list[Revision]] = {}  # made on first use

    @classmethod
    def _of(cls, repo: git.Repo, prefix: str, log: _Log, index: _Index) -> GitHistory:
        history = cls.__new__(cls)
        history.repo, history.prefix, history._log, history._index = repo, prefix, log, index
        history._commits, history._revisions = None, {}
        return history

    @classmethod
    def read(cls, root: Path, use_cache: bool = True) -> GitHistory | None:
        """The history of the records under ``root`` at HEAD (None outside a Git work tree or on a Git error).

        Kept in the cache directory between runs unless ``use_cache`` is false or
        ``$YUQING_NO_CACHE`` is set; the result is the same either way.
        """
        repo = open_repo(root)
        if repo is None:
            return None
        try:
            if not repo.head.is_valid():
                return cls(repo, [], _prefix(repo, root))
            prefix = _prefix(repo, root)
            paths = (prefix + RECORDS_DIR,)
            if not use_cache or _cache_disabled() or _is_shallow(repo):
                head = repo.head.commit.hexsha
                return cls._of(repo, prefix, *_full_read(repo, head, paths))
            return cls._of(repo, prefix, *_cached_read(repo, prefix, paths))
        except git.GitCommandError:
            return None

    @property
    def commits(self) -> list[Commit]:
        """Every commit that changed a record, newest first (merges included, without changes)."""
        if self._commits is None:
            self._commits = [_commit(row) for row in self._log.rows()]
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

    def first_commit(self, path: str) -> Revision | None:
        revisions = self.revisions(path)
        return revisions[-1] if revisions else None

    def blob_text(self, sha: str) -> str | None:
        try:
            return self.repo.odb.stream(bytes.fromhex(sha)).read().decode("utf-8", errors="replace")
        except (ValueError, git.BadObject, OSError):
            return None


def _full_read(repo: git.Repo, head: str, paths: tuple[str, ...]) -> tuple[_Log, _Index]:
    rows = _parse(_run_log(repo, head, paths))
    return _Log.of_rows(rows), _Index.pack(_walk(rows)[0])


# -- the persistent cache -------------------------------------------------------------------


def _cache_disabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0")


def _is_shallow(repo: git.Repo) -> bool:
    """A shallow clone's history changes when it is deepened, with the same HEAD: never cached."""
    return (Path(repo.common_dir) / "shallow").exists()


def _cache_file(repo: git.Repo, prefix: str) -> tuple[Path, str]:
    tree = os.path.realpath(repo.working_tree_dir)
    name = hashlib.sha256(f"{tree}\0{prefix}".encode()).hexdigest()[:24]
    return cache_dir() / HISTORY_DIR / (name + HISTORY_SUFFIX), tree


def _load(path: Path, tree: str, prefix: str, paths: tuple[str, ...]) -> tuple[str, _Log, _Index] | None:
    """(head, log, index) from the cache file, or None when it is missing, damaged or someone else's."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    digest, payload = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
    if hashlib.blake2b(payload, digest_size=32).digest() != digest:
        return None
    collecting = gc.isenabled()
    gc.disable()  # many new objects, none of them garbage
    try:
        stored = pickle.loads(payload)
        if not (isinstance(stored, tuple) and len(stored) == 7 and stored[:4] == (_FORMAT, tree, prefix, paths)
                and isinstance(stored[4], str)):
            return None
        log = _Log.of_state(stored[5])
        index = _Index.of_state(stored[6], log.count)
    except Exception:  # noqa: BLE001 - a damaged file is a miss, never a failure
        return None
    finally:
        if collecting:
            gc.enable()
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning below
    return stored[4], log, index


def _save(path: Path, tree: str, prefix: str, paths: tuple[str, ...], head: str, log: _Log, index: _Index) -> None:
    """Replace the cache file atomically; a cache that cannot be written is no failure."""
    payload = pickle.dumps((_FORMAT, tree, prefix, paths, head, log.state(), index.state()),
                           protocol=pickle.HIGHEST_PROTOCOL)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=HISTORY_SUFFIX)
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC)
            out.write(hashlib.blake2b(payload, digest_size=32).digest())
            out.write(payload)
        os.replace(temporary, path)
        temporary = None
        _prune(path.parent)
    except OSError:
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _prune(directory: Path) -> None:
    files = sorted(directory.glob("*" + HISTORY_SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_HISTORIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _cached_read(repo: git.Repo, prefix: str, paths: tuple[str, ...]) -> tuple[_Log, _Index]:
    """The log and index at HEAD: from the cache, the cache and the new commits, or a full read."""
    head = repo.head.commit.hexsha
    path, tree = _cache_file(repo, prefix)
    cached = _load(path, tree, prefix, paths)
    if cached is not None and cached[0] == head:
        return cached[1], cached[2]
    advanced = _advance(repo, *cached, head, paths) if cached is not None else None
    log, index = advanced or _full_read(repo, head, paths)
    _save(path, tree, prefix, paths, head, log, index)
    return log, index


def _advance(repo: git.Repo, base: str, log: _Log, index: _Index, head: str,
             paths: tuple[str, ...]) -> tuple[_Log, _Index] | None:
    """The log and index at ``head`` from those at its ancestor ``base``, reading only ``base..head``.

    None when that cannot give exactly what a full read gives: read everything then.
    """
    try:
        return _advance_unsafe(repo, base, log, index, head, paths)
    except Exception:  # noqa: BLE001 - a Git error or a damaged cache: read everything, never fail here
        return None


def _advance_unsafe(repo: git.Repo, base: str, log: _Log, index: _Index, head: str,
                    paths: tuple[str, ...]) -> tuple[_Log, _Index] | None:
    if not repo.is_ancestor(base, head):
        return None  # a rewritten history, another branch
    if repo.git.rev_list("--merges", f"{base}..{head}"):
        # Where a merged branch's commits go among the older ones (and whether Git's simplification
        # shows them at all) only a walk of the whole history can say exactly: read everything.
        return None
    new = _parse(_run_log(repo, f"{base}..{head}", paths))
    if not new:
        return log, index
    # No merges: Git walks the new commits one by one down to ``base``, then on as it did before.
    combined = log.prepend(_Log.of_rows(new))
    revisions, alias = _walk(new, older=log.count)
    return combined, index.under(revisions, alias) or _Index.pack(_walk(combined.rows())[0])


def record_stem(path: str) -> str:
    """A record file's name without its type: the id (``X.review`` for a review), whatever the directory."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _prefix(repo: git.Repo, root: Path) -> str:
    relative = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    return "" if relative == "." else relative + "/"


ENTRY_LISTS = ("reports", "responses", "escalations", "exceptions", "actions")


@dataclass
class RecordHistory:
    """One record's revisions (newest first) and when each entry first appeared in Git."""

    revisions: list[Revision]
    first_seen: dict[tuple[str, int], datetime] = field(default_factory=dict)

    def entry_recorded(self, list_name: str, index: int) -> datetime | None:
        return self.first_seen.get((list_name, index))


def record_history(history: GitHistory, path: str) -> RecordHistory:
    """Revisions of ``path`` and the commit time at which each list entry was first recorded."""
    from yuqing.loader import list_lengths  # local: the loader is not needed for plain log reads

    revisions = history.revisions(path)
    result = RecordHistory(revisions)
    for revision in reversed(revisions):
        if revision.blob is None:
            continue
        text = history.blob_text(revision.blob)
        if text is None:
            continue
        suffix = "." + revision.path.rsplit(".", 1)[-1].lower()
        for name, length in list_lengths(text, suffix, ENTRY_LISTS).items():
            for index in range(length):
                result.first_seen.setdefault((name, index), revision.time)
    return result
