"""Reading ``git log``: the one log command every history read is made of, and its parser.

``git log -z --raw -M`` in :data:`_LOG_FORMAT` gives each commit with its changes to record
files, renames detected. :func:`parse_rows` turns that output into compact rows (cheap to parse,
store and load: what the packed store and its cache keep); :func:`parse_log` into
:class:`Commit` objects. Also the few facts about the repository every reader needs: where it
is (:func:`open_repo`), where the records root lies in its work tree (:func:`records_prefix`),
and a record file's id whatever its directory and type (:func:`record_stem`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import git

from yuqing.layout import RECORDS_DIR

_LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%ct%x1f%P%x1f%s"
LOG_OPTIONS = ("-z", f"--format={_LOG_FORMAT}", "--raw", "--no-abbrev", "-M")
ZERO_SHA = "0" * 40

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
    committer: str = ""  # the committer's name and email: read for a merge request's range only
    committer_email: str = ""

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


def open_repo(root: Path) -> git.Repo | None:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def records_prefix(repo: git.Repo, root: Path) -> str:
    """The records root's path inside the Git work tree ("" at its top, else ending in "/")."""
    relative = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    return "" if relative == "." else relative + "/"


def record_stem(path: str) -> str:
    """A record file's name without its type: the id (``X.review`` for a review), whatever the directory."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def parse_rows(raw: str) -> list[Row]:
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


def to_commit(row: Row) -> Commit:
    sha, author, email, stamp, parents, message, changes = row
    return Commit(sha, author, email, datetime.fromtimestamp(stamp, UTC), parents.split() if parents else [], message,
                  [Change(*change) for change in changes])


def to_row(commit: Commit) -> Row:
    return (commit.sha, commit.author, commit.email, int(commit.time.timestamp()), " ".join(commit.parents),
            commit.message,
            tuple((c.status, c.path, c.old_path, c.blob) for c in commit.changes))


def parse_log(raw: str) -> list[Commit]:
    """Parse ``git log -z --raw`` output made with :data:`_LOG_FORMAT` (newest commit first)."""
    return [to_commit(row) for row in parse_rows(raw)]


def run_log(repo: git.Repo, revision_range: str | None, paths: tuple[str, ...]) -> str:
    """The raw output of the one ``git log`` every history read is made of."""
    args = list(LOG_OPTIONS)
    if revision_range:
        args.append(revision_range)
    return repo.git.log(*args, "--", *paths)


def read_log(repo: git.Repo, revision_range: str | None = None, paths: tuple[str, ...] = (RECORDS_DIR,)) -> list[Commit]:
    """One ``git log`` over ``paths`` (newest first), renames detected."""
    return parse_log(run_log(repo, revision_range, paths))
