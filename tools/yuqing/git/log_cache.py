"""The history cache: the packed log and index at a HEAD, kept between runs.

Reading the whole log is slow on a big ledger (tens of thousands of commits take about a
minute of Git's own tree diffs), so the packed store (:mod:`yuqing.git.store`) is kept in the
platform cache directory (``$YUQING_CACHE_DIR``): one file per work tree and records root, with
the HEAD it was read at. When HEAD has not moved, no ``git log`` runs at all. When HEAD descends
from the cached commit without merges in between, only the new commits are read (``git log
CACHED..HEAD``) and placed before the cached ones, which is exactly what a full read gives.
Anything else (new merges, a rewritten or reset history, a shallow clone, a damaged or foreign
cache file) is a full read that rewrites the cache. The cache is never a reason for a run to
fail. ``GitHistory.read(root, use_cache=False)`` or ``$YUQING_NO_CACHE=1`` bypass it.
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
from pathlib import Path

import git

from yuqing.git import log as gitlog
from yuqing.git.log import LOG_OPTIONS
from yuqing.git.store import PackedIndex, PackedLog, read_store, walk
from yuqing.layout import cache_dir

NO_CACHE_ENV = "YUQING_NO_CACHE"  # set (to anything but "" or "0") to bypass the history cache
HISTORY_DIR = "git-history"  # under yuqing.layout.cache_dir()
HISTORY_SUFFIX = ".history"
KEEP_HISTORIES = 16  # the least recently used history files beyond this are removed
_MAGIC = b"yuqing-git-history\n"
# a new layout, parser or log format makes older files foreign
_FORMAT = f"3|{sys.byteorder}|{array('I').itemsize}|" + "|".join(LOG_OPTIONS)


def read(repo: git.Repo, prefix: str, paths: tuple[str, ...], use_cache: bool = True,
         whole: bool = True) -> tuple[PackedLog, PackedIndex] | None:
    """The log and index of ``paths`` at HEAD (a valid one): through the cache unless it is bypassed.

    ``whole=False``: only what the cache gives (as it is, or advanced by the new commits); None where
    that would take a read of the whole log (then a caller that needs a few files reads those alone).
    """
    if not use_cache or _cache_disabled() or _is_shallow(repo):
        return read_store(repo, repo.head.commit.hexsha, paths) if whole else None
    return _cached_read(repo, prefix, paths, whole)


def _cache_disabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0")


def _is_shallow(repo: git.Repo) -> bool:
    """A shallow clone's history changes when it is deepened, with the same HEAD: never cached."""
    return (Path(repo.common_dir) / "shallow").exists()


def _cache_file(repo: git.Repo, prefix: str) -> tuple[Path, str]:
    tree = os.path.realpath(repo.working_tree_dir)
    name = hashlib.sha256(f"{tree}\0{prefix}".encode()).hexdigest()[:24]
    return cache_dir() / HISTORY_DIR / (name + HISTORY_SUFFIX), tree


def _load(path: Path, tree: str, prefix: str, paths: tuple[str, ...]) -> tuple[str, PackedLog, PackedIndex] | None:
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
        log = PackedLog.of_state(stored[5])
        index = PackedIndex.of_state(stored[6], log.count)
    except Exception:  # noqa: BLE001 - a damaged file is a miss, never a failure
        return None
    finally:
        if collecting:
            gc.enable()
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning below
    return stored[4], log, index


def _save(path: Path, tree: str, prefix: str, paths: tuple[str, ...], head: str, log: PackedLog, index: PackedIndex) -> None:
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


def _cached_read(repo: git.Repo, prefix: str, paths: tuple[str, ...],
                 whole: bool = True) -> tuple[PackedLog, PackedIndex] | None:
    """The log and index at HEAD: from the cache, the cache and the new commits, or (``whole``) a full read."""
    head = repo.head.commit.hexsha
    path, tree = _cache_file(repo, prefix)
    cached = _load(path, tree, prefix, paths)
    if cached is not None and cached[0] == head:
        return cached[1], cached[2]
    advanced = _advance(repo, *cached, head, paths) if cached is not None else None
    if advanced is None and not whole:
        return None
    log, index = advanced or read_store(repo, head, paths)
    _save(path, tree, prefix, paths, head, log, index)
    return log, index


def _advance(repo: git.Repo, base: str, log: PackedLog, index: PackedIndex, head: str,
             paths: tuple[str, ...]) -> tuple[PackedLog, PackedIndex] | None:
    """The log and index at ``head`` from those at its ancestor ``base``, reading only ``base..head``.

    None when that cannot give exactly what a full read gives: read everything then.
    """
    try:
        return _advance_unsafe(repo, base, log, index, head, paths)
    except Exception:  # noqa: BLE001 - a Git error or a damaged cache: read everything, never fail here
        return None


def _advance_unsafe(repo: git.Repo, base: str, log: PackedLog, index: PackedIndex, head: str,
                    paths: tuple[str, ...]) -> tuple[PackedLog, PackedIndex] | None:
    if not repo.is_ancestor(base, head):
        return None  # a rewritten history, another branch
    if repo.git.rev_list("--merges", f"{base}..{head}"):
        # Where a merged branch's commits go among the older ones (and whether Git's simplification
        # shows them at all) only a walk of the whole history can say exactly: read everything.
        return None
    new = gitlog.parse_rows(gitlog.run_log(repo, f"{base}..{head}", paths))
    if not new:
        return log, index
    # No merges: Git walks the new commits one by one down to ``base``, then on as it did before.
    combined = log.prepend(PackedLog.of_rows(new))
    revisions, alias = walk(new, older=log.count)
    return combined, index.under(revisions, alias) or PackedIndex.pack(walk(combined.rows())[0])
