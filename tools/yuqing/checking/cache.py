"""A content-hash cache of ``yuqing check``'s results, so that a second check of unchanged files skips their work.

It keeps two kinds of entries, both keyed by content:

- for every record file (its bytes and path): the :class:`Summary` that the cross-file rules
  and the grouping into units need (kind, id, whether it is readable and valid);
- for every unit (an incident with its reviews, see :func:`yuqing.engine.group_units`; the
  key covers the unit's files and, in a Git repository, the first commit of each incident, which the
  rules that declare they need the history read):
  the findings of the per-record rules and the window of current times in which they hold
  (:mod:`yuqing.clock`). A warm check at a later time recomputes only the units whose window
  has closed, e.g. an incident whose next report has fallen due since.

What every entry also depends on (the organisation, the policy, this program's code) names the
pack: one pack file per configuration in the platform's cache directory (or
``$YUQING_CACHE_DIR``), replaced atomically; a damaged or foreign pack is ignored.
``yuqing check --no-cache`` keeps the entries in memory only, for the duration of the run.

Like Git's index, the pack also remembers each file's size, modification and change times
and inode with its key, so that an unchanged file is not even read again. A file modified
within two seconds before it was stamped is read again next time (a file system's clock may
be that coarse).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from yuqing.engine import UnitOutcome
from yuqing.layout import ORG_FILE, POLICY_FILE, cache_dir
from yuqing.rules import needing

PACK_SUFFIX = ".pack"
KEEP_PACKS = 4  # older configurations' packs beyond this are removed
_FORMAT = 3
RACY_NS = 2_000_000_000  # a file changed this close to its stamp may change again unseen


def _code_fingerprint() -> bytes:
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def fingerprint(root: Path) -> str:
    """What every cached result depends on besides the file itself."""
    import pydantic
    import yaml

    digest = hashlib.sha256()
    for part in (str(_FORMAT), sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(part.encode() + b"\0")
    digest.update(_code_fingerprint())
    for name in (ORG_FILE, POLICY_FILE):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:24]


def file_key(relative: str, raw: bytes) -> bytes:
    return hashlib.sha256(relative.encode() + b"\0" + raw).digest()


@dataclass(frozen=True)
class Summary:
    """What is known of a record file without loading it again."""

    kind: str  # "incident" | "review" | "signal" | "training" | "doc"
    record_id: str | None
    valid: bool
    readable: bool
    own_id: str | None = None  # a signal's own id (its record_id is the incident it became), for YQ102

    @classmethod
    def of(cls, record) -> Summary:
        return cls(record.kind, record.record_id, record.valid, record.readable, record.own_id)


def unit_key(unit: list, ctx) -> bytes | None:
    """The key of a unit's outcome: its files' keys and, with Git history when a registered rule
    declares that it needs it (``NEEDS = {"history"}``: YQ404, YQ306, YQ312), each incident's revisions
    (their commits and blobs: the first commit, and when each exception was first recorded)."""
    history = ctx.history is not None and bool(needing("history"))
    digest = hashlib.sha256(b"history" if history else b"files")
    for record in unit:
        if record.key is None:
            return None  # not read from a file (an unreadable directory): never cached
        digest.update(record.key)
        if history and record.kind == "incident" and record.valid:
            revisions = ctx.history.revisions(record.path)
            digest.update(";".join(f"{r.sha}:{r.blob}@{r.time.isoformat()}" for r in revisions).encode()
                          if revisions else b"uncommitted")
    return digest.digest()


class CheckCache:
    """Cached summaries and unit outcomes of one configuration; :meth:`save` writes back what changed.

    ``directory=None`` with ``persistent=False`` keeps everything in memory (``--no-cache``).
    """

    def __init__(self, root: Path | None, directory: Path | None = None, persistent: bool = True):
        self.persistent = persistent and root is not None
        self.directory = directory or cache_dir()
        self.path = self.directory / (fingerprint(root) + PACK_SUFFIX) if self.persistent else None
        self.files: dict[bytes, bytes] = {}
        self.units: dict[bytes, bytes] = {}
        self.stamps: dict[str, tuple] = {}  # relative path -> (stat stamp, file key, when stamped)
        self.used: set[bytes] = set()
        self.seen: set[str] = set()  # paths stamped or looked up in this run
        self.restamped = 0
        self.started = time.time_ns()
        self.added: dict[str, dict[bytes, bytes]] = {"files": {}, "units": {}}
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                loaded = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError,
                IndexError, KeyError):
            return
        if isinstance(loaded, dict) and all(isinstance(loaded.get(part), dict) for part in ("files", "units", "stamps")):
            self.files, self.units, self.stamps = loaded["files"], loaded["units"], loaded["stamps"]

    def known_key(self, relative: str, stamp: tuple) -> bytes | None:
        """The key of a file whose ``os.stat`` stamp is the one remembered (long enough ago to be trusted)."""
        self.seen.add(relative)
        entry = self.stamps.get(relative)
        if (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == stamp and isinstance(entry[1], bytes)
                and isinstance(entry[2], int) and stamp[0] + RACY_NS < entry[2]):
            return entry[1]
        return None

    def stamp(self, relative: str, stamp: tuple, key: bytes) -> None:
        self.seen.add(relative)
        self.stamps[relative] = (stamp, key, self.started)
        self.restamped += 1

    @staticmethod
    def _unpickle(blob: bytes | None, kind: type):
        if blob is None:
            return None
        try:
            value = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a failure
            return None
        return value if isinstance(value, kind) else None

    def summary(self, key: bytes) -> Summary | None:
        found = self._unpickle(self.files.get(key), Summary)
        if found is not None:
            self.used.add(key)
        return found

    def remember(self, key: bytes, summary: Summary) -> None:
        self._add("files", self.files, key, pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))

    def unit_key(self, unit: list, ctx) -> bytes | None:
        return unit_key(unit, ctx)

    def lookup(self, key: bytes | None, now) -> UnitOutcome | None:
        """The cached findings of the unit ``key`` (see :func:`unit_key`) if they still hold at ``now``."""
        stored = self._unpickle(self.units.get(key), tuple) if key is not None else None
        if stored is None or len(stored) != 2:
            return None
        window, findings = stored
        if not window.holds(now):
            return None
        self.used.add(key)
        return UnitOutcome(findings, {}, window)

    def outcomes(self, verdicts: bool = False):
        """The unit outcomes for :meth:`Engine.run` (its ``outcome_of``): from the cache while they hold,
        else evaluated and kept. The cache holds findings only: with ``verdicts`` every unit is
        evaluated (and its verdicts reported); without, no verdicts are reported at all."""

        def outcome_of(unit, ctx, evaluate) -> UnitOutcome:
            key = self.unit_key(unit, ctx)
            outcome = None if verdicts else self.lookup(key, ctx.clock.time)
            if outcome is None:
                outcome = evaluate(unit, ctx)
                self.keep(key, outcome)
                if not verdicts:
                    outcome = UnitOutcome(outcome.findings, {}, outcome.window)
            return outcome

        return outcome_of

    def keep(self, key: bytes | None, outcome: UnitOutcome) -> None:
        if key is not None:
            blob = pickle.dumps((outcome.window, outcome.findings), protocol=pickle.HIGHEST_PROTOCOL)
            self._add("units", self.units, key, blob)

    def _add(self, kind: str, entries: dict, key: bytes, blob: bytes) -> None:
        entries[key] = blob
        self.added[kind][key] = blob
        self.used.add(key)

    def merge(self, added: dict[str, dict[bytes, bytes]]) -> None:
        """Take the entries another process added (see :attr:`added`)."""
        for kind, entries in (("files", self.files), ("units", self.units)):
            for key, blob in added[kind].items():
                self._add(kind, entries, key, blob)

    def save(self, complete: bool = True) -> None:
        """Write the pack if anything changed; never fails the check.

        After a ``complete`` run (every file and unit looked at) only what it used is kept;
        after a partial one (``--base``, named paths) the other entries stay for the next run.
        """
        if self.path is None:
            return
        stale = complete and (len(self.used) < len(self.files) + len(self.units) or len(self.seen) < len(self.stamps))
        if not (self.added["files"] or self.added["units"] or self.restamped or stale):
            return
        keep = (lambda entries, used: {k: v for k, v in entries.items() if k in used}) if complete else (
            lambda entries, used: dict(entries))
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=PACK_SUFFIX)
            with os.fdopen(handle, "wb") as out:
                pickle.dump({"files": keep(self.files, self.used), "units": keep(self.units, self.used),
                             "stamps": keep(self.stamps, self.seen)}, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        packs = sorted(self.directory.glob("*" + PACK_SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in packs[KEEP_PACKS:]:
            with contextlib.suppress(OSError):
                old.unlink()
