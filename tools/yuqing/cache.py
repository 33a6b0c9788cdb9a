"""A content-hash cache of per-file results, so that a second check of unchanged files skips their work.

For every record file the cache keeps what depends only on the file's bytes, its path, the
organisation, the policy and this program's code: the parsed document, the validated
model, and the problems of the rules marked ``PURE``. Rules that depend on the clock or on
other records run every time. The cache lives in the platform's cache directory (or
``$YUQING_CACHE_DIR``), one pack file per configuration, replaced atomically; a damaged or
foreign pack is ignored. ``yuqing check --no-cache`` bypasses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import platformdirs

from yuqing.workspace import ORG_FILE, POLICY_FILE, Record

PACK_SUFFIX = ".pack"
KEEP_PACKS = 4  # older configurations' packs beyond this are removed
_FORMAT = 1


def cache_dir() -> Path:
    return Path(os.environ.get("YUQING_CACHE_DIR") or platformdirs.user_cache_dir("yuqing", appauthor=False))


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


class RecordCache:
    """Cached records of one configuration; :meth:`save` writes back what was added."""

    def __init__(self, root: Path, directory: Path | None = None):
        self.directory = directory or cache_dir()
        self.name = fingerprint(root)
        self.path = self.directory / (self.name + PACK_SUFFIX)
        self.entries: dict[bytes, bytes] = {}
        self.used: set[bytes] = set()
        self.added = 0
        try:
            with open(self.path, "rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
            self.entries = {}

    def get(self, key: bytes) -> Record | None:
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            record = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a failure
            return None
        self.used.add(key)
        return record if isinstance(record, Record) else None

    def put(self, key: bytes, record: Record) -> None:
        """Keep ``record`` with the problems of its pure rules (the text is not needed again)."""
        pure = record.derived.get("pure_new")
        if pure is None:
            return
        stored = replace(record, doc=replace(record.doc, text=""), derived={"pure": pure})
        self.entries[key] = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
        self.used.add(key)
        self.added += 1

    def save(self) -> None:
        """Write the entries used in this run (others are stale) if anything changed; never fails the check."""
        if not self.added and len(self.used) == len(self.entries):
            return
        kept = {key: blob for key, blob in self.entries.items() if key in self.used}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=PACK_SUFFIX)
            with os.fdopen(handle, "wb") as out:
                pickle.dump(kept, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        packs = sorted(self.directory.glob("*" + PACK_SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in packs[KEEP_PACKS:]:
            with contextlib.suppress(OSError):
                old.unlink()
