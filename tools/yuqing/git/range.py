"""The merge request's range ``REV..HEAD``: which records changed, their base versions, who committed.

Used by ``yuqing check --base REV``. Every way the range can be unusable (no repository,
a shallow clone without REV, an unknown REV, uncommitted record changes) is a
:class:`~yuqing.errors.ConfigError` with a Chinese explanation of what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import git

from yuqing.errors import ConfigError
from yuqing.git.log import Change, Commit, open_repo, read_log, record_stem, records_prefix
from yuqing.git.platform import PlatformUser, platform_users
from yuqing.i18n import Msg
from yuqing.layout import ORG_FILE, POLICY_FILE, RECORD_DIRS
from yuqing.loader import RECORD_SUFFIXES


@dataclass
class Range:
    """What changed between the base and HEAD, seen from the records root."""

    repo: git.Repo
    base: str  # the merge base's full sha
    base_label: str  # what the user typed
    prefix: str
    commits: list[Commit]  # newest first, merges included
    changed: dict[str, str | None] = field(default_factory=dict)  # head path -> base path (None = added)
    deleted: list[str] = field(default_factory=list)  # base paths with no head file
    config_changed: list[str] = field(default_factory=list)  # schema/org.yml, schema/policy.yml if the range changed them
    config_commits: list[Commit] = field(default_factory=list)  # the range's commits touching them, newest first
    platform_users: list[PlatformUser] = field(default_factory=list)  # CI's authenticated users
    memo: dict = field(default_factory=dict, repr=False)  # what the range's rules share (yuqing.rules._merged)
    _texts: dict = field(default_factory=dict, repr=False)

    def base_text(self, base_path: str) -> str | None:
        """The record's text at the base commit (None if it did not exist or is not text)."""
        return self.text_at(self.base, base_path)

    def head_text(self, path: str) -> str | None:
        """A file's text at HEAD (None if it does not exist there)."""
        return self.text_at("HEAD", path)

    def text_at(self, revision: str, path: str) -> str | None:
        """A file's text at ``revision`` (None if it is not a file there), read once."""
        key = (revision, path)
        if key not in self._texts:
            try:
                kind = self.repo.git.cat_file("-t", f"{revision}:{self.prefix + path}")
                data = self.repo.git.cat_file("blob", f"{revision}:{self.prefix + path}", stdout_as_string=False,
                                              strip_newline_in_stdout=False) \
                    if kind == "blob" else None
            except git.GitCommandError:
                data = None
            self._texts[key] = data.decode("utf-8", errors="replace") if data is not None else None
        return self._texts[key]

    def base_records(self) -> list[str]:
        """Record paths that existed at the base (incidents, signals, trainings)."""
        found = []
        for directory in RECORD_DIRS:
            try:
                tree = self.repo.commit(self.base).tree / (self.prefix + directory)
            except KeyError:
                continue
            found += [item.path[len(self.prefix):] for item in tree.traverse()
                      if item.type == "blob" and _is_record(item.path)]
        return sorted(found)


def _is_record(path: str) -> bool:
    return path.lower().endswith(RECORD_SUFFIXES) and not Path(path).name.startswith(".")


def _dirty(porcelain_z: str) -> list[str]:
    """Paths of ``git status --porcelain -z`` (unquoted, so Chinese names read as written)."""
    tokens = porcelain_z.split("\0")
    paths, index = [], 0
    while index < len(tokens):
        entry = tokens[index]
        index += 1
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy is followed by its origin path
            index += 1
    return paths


def _fail(zh: str, en: str):
    raise ConfigError(Msg(zh, en))


def _add_committers_and_merge_changes(repo: git.Repo, commits: list[Commit], revisions: str,
                                      paths: tuple[str, ...]) -> None:
    """Fill in each commit's committer, and what each merge carries itself.

    A merge's changes are the files that differ from every one of its parents (``git diff-tree
    --cc``): what the merge commit itself brought in, not what its branches did (they are in the
    range on their own).
    """
    if not commits:
        return
    by_sha = {commit.sha: commit for commit in commits}
    raw = repo.git.log("--format=%x1e%H%x1f%cn%x1f%ce", revisions, "--", *paths)
    for chunk in raw.split("\x1e"):
        fields = chunk.strip("\n").split("\x1f")
        if len(fields) == 3 and fields[0] in by_sha:
            by_sha[fields[0]].committer, by_sha[fields[0]].committer_email = fields[1], fields[2]
    for commit in commits:
        if not commit.is_merge:
            continue
        names = repo.git.diff_tree("--cc", "--name-only", "-z", "-r", "--no-commit-id", commit.sha, "--", *paths)
        commit.changes = [Change("M", name) for name in names.split("\0") if name]


def open_range(root: Path, base: str, allow_dirty: bool = False) -> Range:
    repo = open_repo(root)
    if repo is None:
        _fail(f"{root} 不是 Git 仓库，无法使用 --base。请在克隆下来的台账仓库中运行。",
              f"{root} is not a Git repository; --base needs one.")
    if not repo.head.is_valid():
        _fail("仓库还没有任何提交，无法比较 --base。", "the repository has no commits yet.")
    prefix = records_prefix(repo, root)
    shallow = Path(repo.git_dir, "shallow").exists()
    try:
        sha = repo.git.rev_parse("--verify", "--quiet", "--end-of-options", base + "^{commit}")
        base_commit = repo.commit(sha)
    except (git.BadName, ValueError, git.BadObject, git.GitCommandError):
        if shallow:
            _fail(f"这是一个浅克隆（shallow clone），其中没有基准版本 {base}。请先运行 "
                  f"`git fetch --unshallow`（或 `git fetch origin {base}`）；在 CI 中请设置 "
                  "GitHub 的 `fetch-depth: 0` 或 GitLab 的 `GIT_DEPTH: 0`。",
                  f"shallow clone without {base}: run `git fetch --unshallow` "
                  "(CI: fetch-depth: 0 / GIT_DEPTH: 0).")
        _fail(f"找不到基准版本“{base}”。请检查分支名或提交号（例如 origin/main），必要时先 git fetch。",
              f"base revision '{base}' not found; check the name or git fetch it.")
    if not allow_dirty:
        watched = [*(prefix + directory for directory in RECORD_DIRS), prefix + ORG_FILE, prefix + POLICY_FILE]
        dirty = _dirty(repo.git.status("--porcelain", "-z", "--", *watched))
        if dirty:
            files = "、".join(dirty[:5])
            _fail(f"工作区有未提交的记录修改（{files}）。--base 检查的是已提交的内容，"
                  "请先提交（git commit）或暂存（git stash）这些修改。",
                  f"uncommitted changes to records ({files}); commit or stash them first.")
    try:
        merge_bases = repo.merge_base(base_commit, repo.head.commit)
    except git.GitCommandError:
        merge_bases = []
    if not merge_bases and shallow:
        _fail(f"这是一个浅克隆（shallow clone），缺少 {base} 与当前分支之间的历史。请先运行 "
              "`git fetch --unshallow`；在 CI 中请设置 GitHub 的 `fetch-depth: 0` 或 GitLab 的 `GIT_DEPTH: 0`。",
              "shallow clone without the history between base and HEAD: run `git fetch --unshallow`.")
    if not merge_bases:
        _fail(f"基准版本 {base} 与当前分支没有共同祖先，无法比较。",
              f"{base} and HEAD share no history.")
    merge_base = merge_bases[0].hexsha
    records = tuple(prefix + directory for directory in RECORD_DIRS)  # incidents/, monitoring/, trainings/
    commits = read_log(repo, f"{merge_base}..HEAD", paths=records)
    _add_committers_and_merge_changes(repo, commits, f"{merge_base}..HEAD", records)
    result = Range(repo, merge_base, base, prefix, commits, platform_users=platform_users())
    config = (prefix + ORG_FILE, prefix + POLICY_FILE)
    config_diff = repo.git.diff("-z", "--name-only", merge_base, "HEAD", "--", *config)
    result.config_changed = [path[len(prefix):] for path in config if path in config_diff.split("\0")]
    if result.config_changed:
        result.config_commits = read_log(repo, f"{merge_base}..HEAD", paths=config)
    diff = repo.git.diff("-z", "--name-status", "-M", merge_base, "HEAD", "--", *records)
    tokens = diff.split("\0")
    index = 0
    while index < len(tokens) and tokens[index]:
        status = tokens[index][0]
        if status in "RC":
            old, new = tokens[index + 1][len(prefix):], tokens[index + 2][len(prefix):]
            index += 3
        else:
            old = new = tokens[index + 1][len(prefix):]
            index += 2
        if status == "D":
            if _is_record(old):
                result.deleted.append(old)
            continue
        if _is_record(new):
            result.changed[new] = None if status == "A" else old
        if status == "R" and _is_record(old) and not _is_record(new):
            result.deleted.append(old)
    # A record moved and rewritten beyond Git's rename detection, or turned from .md into .yml,
    # shows as deleted + added under the same id: follow it, so its entries are still compared.
    added = {record_stem(path): path for path, base_path in result.changed.items() if base_path is None}
    for old in list(result.deleted):
        new = added.get(record_stem(old))
        if new is not None:
            result.changed[new] = old
            result.deleted.remove(old)
    return result
