"""The Git history of the records, read with one ``git log`` for all files.

Follows renames, so each current record file knows every revision it went through and
the commit that first added it. Blob contents of old revisions are read through one
persistent ``git cat-file --batch`` process when a page needs them (when an entry was
first recorded), never one process per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import git

from yuqing.workspace import RECORDS_DIR

_LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%ct%x1f%P%x1f%s"
ZERO_SHA = "0" * 40


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


def parse_log(raw: str) -> list[Commit]:
    """Parse ``git log -z --raw`` output made with :data:`_LOG_FORMAT` (newest commit first)."""
    commits = []
    for chunk in raw.split("\x1e"):
        if not chunk.strip("\n\0"):
            continue
        header, _, rest = chunk.partition("\0")
        sha, author, email, stamp, parents, message = header.split("\x1f", 5)
        commit = Commit(sha, author, email, datetime.fromtimestamp(int(stamp), UTC),
                        parents.split() if parents else [], message.strip())
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
                commit.changes.append(Change(status, tokens[index + 2], tokens[index + 1], blob))
                index += 3
            else:
                commit.changes.append(Change(status, tokens[index + 1], None, blob))
                index += 2
        commits.append(commit)
    return commits


def read_log(repo: git.Repo, revision_range: str | None = None, paths: tuple[str, ...] = (RECORDS_DIR,)) -> list[Commit]:
    """One ``git log`` over ``paths`` (newest first), renames detected."""
    args = ["-z", f"--format={_LOG_FORMAT}", "--raw", "--no-abbrev", "-M"]
    if revision_range:
        args.append(revision_range)
    raw = repo.git.log(*args, "--", *paths)
    return parse_log(raw)


class GitHistory:
    """Revisions of every record file, following renames, from one log read."""

    def __init__(self, repo: git.Repo, commits: list[Commit], prefix: str = ""):
        self.repo = repo
        self.commits = commits
        self.prefix = prefix  # the records root's path inside the Git work tree
        self._revisions: dict[str, list[Revision]] = {}
        self._build()

    @classmethod
    def read(cls, root: Path) -> GitHistory | None:
        repo = open_repo(root)
        if repo is None:
            return None
        try:
            if not repo.head.is_valid():
                return cls(repo, [], _prefix(repo, root))
            prefix = _prefix(repo, root)
            return cls(repo, read_log(repo, paths=(prefix + RECORDS_DIR,)), prefix)
        except git.GitCommandError:
            return None

    def _build(self) -> None:
        # Walk newest to oldest; ``alias`` maps a path in older commits to today's path.
        alias: dict[str, str] = {}
        for commit in self.commits:
            deleted = {record_stem(c.path): c.path for c in commit.changes if c.status == "D"}
            for change in commit.changes:
                current = alias.get(change.path, change.path)
                if change.status == "D":
                    continue
                old_path, status = change.old_path, change.status
                if status == "A" and record_stem(change.path) in deleted:
                    # moved and rewritten too much for Git's rename detection, or .md <-> .yml
                    old_path, status = deleted[record_stem(change.path)], "R"
                self._revisions.setdefault(current, []).append(Revision(
                    commit.sha, commit.author, commit.email, commit.time, commit.message,
                    status, change.path, change.blob))
                if status == "R" and old_path:
                    alias[old_path] = current

    def _key(self, path: str) -> str:
        return self.prefix + path

    def revisions(self, path: str) -> list[Revision]:
        """Revisions of the record at ``path`` (relative to the records root), newest first."""
        return self._revisions.get(self._key(path), [])

    def first_commit(self, path: str) -> Revision | None:
        revisions = self.revisions(path)
        return revisions[-1] if revisions else None

    def blob_text(self, sha: str) -> str | None:
        try:
            return self.repo.odb.stream(bytes.fromhex(sha)).read().decode("utf-8", errors="replace")
        except (ValueError, git.BadObject, OSError):
            return None


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
    from yuqing.loader import load_text  # local: the loader is not needed for plain log reads

    revisions = history.revisions(path)
    result = RecordHistory(revisions)
    for revision in reversed(revisions):
        if revision.blob is None:
            continue
        text = history.blob_text(revision.blob)
        if text is None:
            continue
        suffix = "." + revision.path.rsplit(".", 1)[-1].lower()
        data = load_text(text, suffix).data
        if not isinstance(data, dict):
            continue
        for name in ENTRY_LISTS:
            entries = data.get(name)
            if isinstance(entries, list):
                for index in range(len(entries)):
                    result.first_seen.setdefault((name, index), revision.time)
    return result
