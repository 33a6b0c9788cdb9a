"""Which files a check concerns: the paths named on the command line, and the files besides
the records (hand-written pages, configuration, other text) that a check of them reads.

A path that names nothing to check (it does not exist, lies outside the repository, or holds
no checkable file) is a usage error: a check of nothing must never look like a pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from yuqing.errors import UsageError
from yuqing.i18n import Msg
from yuqing.layout import ORG_FILE, POLICY_FILE, RECORD_DIRS, is_review_path
from yuqing.loader import RECORD_SUFFIXES

CONFIG_FILES = (ORG_FILE, POLICY_FILE)
# a YAML file outside incidents/ is a record (a draft) when its name is a record's or a review's, or it has an id
_RECORD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*-\d{4}-\d+\.ya?ml$", re.I)
_ID_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?id[ \t]*:", re.M)
SNIFF_BYTES = 65536


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def selected_paths(workspace, paths: list[str], records: list[str] | None = None) -> set[str] | None:
    """Relative paths of the files named on the command line (files, or the checkable files in
    directories); None = all. A path that does not exist, a directory outside the repository and a
    directory holding nothing to check are usage errors: a check of nothing must not pass.

    ``records``: the workspace's :meth:`~yuqing.workspace.Workspace.record_paths` when the caller
    has walked them already (the walk also finds the directories it could not enter or follow)."""
    if not paths:
        return None
    root = str(workspace.root)
    records = workspace.record_paths() if records is None else records
    pages = [str(path) for path in workspace.doc_files()]
    listed = set(workspace.relatives(records + pages))
    configs = [os.path.join(root, name) for name in CONFIG_FILES]
    standing = [str(link) for link in workspace.outside_dirs] + [str(exc.filename) for exc in workspace.unreadable_dirs]
    chosen: set[str] = set()
    for raw in paths:
        absolute = os.path.abspath(raw)
        if not os.path.lexists(absolute):
            raise UsageError(_missing(raw, absolute))
        if os.path.isdir(absolute):
            chosen |= _directory(workspace, raw, absolute, records + pages + configs, standing)
        else:
            chosen.add(_file(workspace, raw, absolute, listed))
    return chosen


def _directory(workspace, raw: str, absolute: str, files: list[str], standing: list[str]) -> set[str]:
    """The checkable files under a named directory (records, site pages, org.yml and policy.yml)."""
    root = str(workspace.root)
    if absolute in standing:  # a link leading outside, or a directory that cannot be read: its YQ001
        return {workspace.relative(Path(absolute))}
    real = os.path.realpath(absolute)
    if not _within(real, root):
        raise UsageError(_outside(raw, absolute, real, root))
    prefix = real.rstrip(os.sep) + os.sep
    picked = {workspace.relative(Path(path)) for path in files + standing if path.startswith(prefix)}
    if not picked:
        raise UsageError(Msg(
            f"“{raw}”中没有可检查的文件。yuqing check 检查 incidents/ 下的事件和复盘记录（.md、.yml）、"
            f"docs/ 下的页面，以及 schema/ 中的 org.yml 和 policy.yml（台账仓库：{root}）。"
            "请检查路径是否写错；不写路径则检查整个台账；别处的单个记录文件请直接写出文件名。",
            f"'{raw}' holds nothing to check: yuqing check reads the incident and review records under "
            f"incidents/ (.md, .yml), the pages under docs/ and schema/org.yml and schema/policy.yml "
            f"(repository: {root}). Check the path, name none to check the whole repository, or name a "
            "record file elsewhere by its file name."))
    return picked


def _file(workspace, raw: str, absolute: str, listed: set[str]) -> str:
    """A named file's path relative to the root; a file outside the repository keeps its own path."""
    root = str(workspace.root)
    relative = workspace.relative(Path(absolute))
    if os.path.isabs(relative):  # named by a way around (a link to the repository): find it inside
        parent = os.path.realpath(os.path.dirname(absolute))
        if _within(parent, root):
            relative = workspace.relative(Path(os.path.join(parent, os.path.basename(absolute))))
    if relative in listed or relative in CONFIG_FILES:
        return relative  # what cannot be read of it is reported on the file (YQ001)
    if not os.path.exists(absolute):
        raise UsageError(Msg(f"“{raw}”是失效的符号链接：它指向的文件不存在，无法检查。",
                             f"'{raw}' is a broken symbolic link: what it points to does not exist."))
    if not os.path.isfile(absolute):
        raise UsageError(Msg(f"“{raw}”不是普通文件（可能是管道或设备文件），无法检查。",
                             f"'{raw}' is not a regular file (a pipe or a device); not checked."))
    return relative


def _missing(raw: str, absolute: str) -> Msg:
    where_zh = where_en = ""
    if not os.path.isabs(raw):
        where_zh = f"（从当前目录算起，即 {absolute}）"
        where_en = f" (from the current directory: {absolute})"
    return Msg(f"路径不存在：{raw}{where_zh}。请检查拼写；不写路径则检查整个台账。",
               f"no such path: {raw}{where_en}; check the spelling, or name no path to check the whole repository.")


def _outside(raw: str, absolute: str, real: str, root: str) -> Msg:
    if _within(absolute, root):
        return Msg(f"“{raw}”是指向仓库之外（{real}）的符号链接，那里的文件不属于台账仓库 {root}，不会检查。"
                   "请指定仓库中的目录，例如 incidents/2024。",
                   f"'{raw}' is a symbolic link leading outside the repository {root} (to {real}); not checked. "
                   "Name a directory inside it, e.g. incidents/2024.")
    shown_zh = f"（即 {absolute}）" if raw != absolute else ""
    shown_en = f" ({absolute})" if raw != absolute else ""
    return Msg(f"目录“{raw}”{shown_zh}不在台账仓库 {root} 之内，其中的文件不会被检查。"
               "请指定仓库中的目录，例如 incidents/2024；要检查另一个仓库，请用 --root 指定它。",
               f"the directory '{raw}'{shown_en} is outside the repository {root}; its files are not checked. "
               "Name a directory inside it (e.g. incidents/2024), or pass --root for another repository.")


def _looks_like_record(path: str, target: Path) -> bool:
    """Under incidents/; a Markdown file that opens with front matter; a YAML file named like a record
    or a review, or with a top-level ``id`` (any other YAML, e.g. mkdocs.yml, is text)."""
    if any(path.startswith(directory + "/") for directory in RECORD_DIRS):
        return True
    lower = path.lower()
    if not lower.endswith(RECORD_SUFFIXES):
        return False
    try:
        with open(target, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return True  # loading it as a record says why it cannot be read
    if not lower.endswith((".yml", ".yaml")):
        return head.lstrip(b"\xef\xbb\xbf").startswith(b"---")
    name = os.path.basename(path)
    return bool(_RECORD_NAME.match(name) or is_review_path(name) or _ID_KEY.search(head))


def other_files(workspace, only: set[str] | None, git_range, walked: list[str] | None = None) -> list:
    """Files besides incidents/ to check: the hand-written pages (all of them in a full check),
    and in a check of named paths any other text file named. org.yml and policy.yml were checked
    when the workspace was opened. ``walked``: the record paths, when walked already."""
    docs = {workspace.relative(path): path for path in workspace.doc_files()}
    if only is None:
        return [] if git_range is not None else [workspace.load_doc(path) for path in docs.values()]
    records = []
    known = set(workspace.relatives(workspace.record_paths() if walked is None else walked))
    for path in sorted(only - known - set(CONFIG_FILES)):
        target = workspace.root / path
        if path in docs:
            records.append(workspace.load_doc(docs[path]))
        elif target.is_file() and not _looks_like_record(path, target):
            records.append(workspace.load_doc(target))  # any other text: spam, markup, personal data
        elif target.is_file():
            records.append(workspace.load_record(target))
    return records
