"""The packed store: the parsed log and the revisions of every record file, kept in columns.

:class:`PackedLog` holds the commits (newest first) as a few arrays and strings, with their
parents and changes pickled until a walk needs them again; :class:`PackedIndex` maps today's
path of each record file to its revisions, following renames (:func:`walk`). Both are cheap to
keep in memory, to write to and load from the history cache (``state``/``of_state``, which
check what they load), and to extend with newer commits (``prepend``/``under``) without
walking the whole log again. :func:`read_store` makes both from one full ``git log`` read.
"""

from __future__ import annotations

import pickle
from array import array
from bisect import bisect_left
from datetime import UTC, datetime

import git

from yuqing.git import log as gitlog
from yuqing.git.log import Row, record_stem

MAX_CHUNKS = 64  # pickled parts of the log kept apart before they are joined


def walk(rows: list[Row], older: int = 0) -> tuple[dict[str, list[tuple]], dict[str, str]]:
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


class PackedLog:
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
    def of_rows(cls, rows: list[Row]) -> PackedLog:
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

    def prepend(self, newer: PackedLog) -> PackedLog:
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
        log = PackedLog(newer.count + self.count, width, newer.shas + self.shas, people, who,
                   newer.stamps + self.stamps, newer.messages + self.messages, chunks)
        if len(chunks) > MAX_CHUNKS:
            log._chunks, log._rows = None, newer.rows() + self.rows()
        return log

    def state(self) -> tuple:
        return (self.count, self.width, self.shas, self.people, self.who.tobytes(), self.stamps.tobytes(),
                self.messages, self.chunks())

    @classmethod
    def of_state(cls, state: tuple) -> PackedLog:
        count, width, shas, people, who_bytes, stamp_bytes, messages, chunks = state
        who, stamps = array("I"), array("q")
        who.frombytes(who_bytes)
        stamps.frombytes(stamp_bytes)
        if not (len(shas) == count * width and len(who) == len(stamps) == len(messages) == count
                and all(isinstance(chunk, bytes) for chunk in chunks)
                and all(number < len(people) for number in set(who))):
            raise ValueError("damaged history cache")
        return cls(count, width, shas, people, who, stamps, messages, list(chunks))


class PackedIndex:
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
    def pack(cls, revisions: dict[str, list[tuple]]) -> PackedIndex:
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

    def under(self, newer: dict[str, list[tuple]], alias: dict[str, str]) -> PackedIndex | None:
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
        front = PackedIndex.pack(revisions)
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
        return PackedIndex(keys, ends, numbers, "".join(statuses), "".join(blobs), paths, width)

    def state(self) -> tuple:
        return (self.keys, self.ends.tobytes(), self.numbers.tobytes(), self.statuses, self.blobs, self.paths,
                self.width)

    @classmethod
    def of_state(cls, state: tuple, count: int) -> PackedIndex:
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


def read_store(repo: git.Repo, head: str, paths: tuple[str, ...]) -> tuple[PackedLog, PackedIndex]:
    """The log and index at ``head``: one full ``git log`` read."""
    rows = gitlog.parse_rows(gitlog.run_log(repo, head, paths))
    return PackedLog.of_rows(rows), PackedIndex.pack(walk(rows)[0])
