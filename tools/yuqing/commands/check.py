"""``yuqing check``: all file rules over the records; exit 0 (no errors), 1 (errors) or 2 (usage)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from yuqing.cache import CheckCache
from yuqing.checkrun import check_workspace
from yuqing.commands._shared import open_workspace, parse_now, paused_gc
from yuqing.git_history import GitHistory
from yuqing.git_range import open_range
from yuqing.i18n import Msg
from yuqing.loader import RECORD_SUFFIXES
from yuqing.reporters import REPORTERS, default_format
from yuqing.workspace import RECORDS_DIR, ConfigError


def selected_paths(workspace, paths: list[str]) -> set[str] | None:
    """Relative record paths named on the command line (files or directories); None = all."""
    if not paths:
        return None
    chosen: set[str] = set()
    records = workspace.record_files()
    for raw in paths:
        target = Path(os.path.abspath(raw))
        if not target.exists():
            raise ConfigError(Msg(f"路径不存在：{raw}", f"no such path: {raw}"))
        if target.is_dir():
            chosen.update(workspace.relative(p) for p in records if target in Path(os.path.abspath(p)).parents)
        else:
            chosen.add(workspace.relative(target))
    return chosen


def _looks_like_record(path: str, target: Path) -> bool:
    """Under incidents/, or a .yml file, or a Markdown file that opens with front matter."""
    if path.startswith(RECORDS_DIR + "/") or path.lower().endswith((".yml", ".yaml")):
        return True
    if not path.lower().endswith(RECORD_SUFFIXES):
        return False
    with open(target, "rb") as handle:
        return handle.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _other_files(workspace, only: set[str] | None, git_range) -> list:
    """Files besides incidents/ to check: the hand-written pages (all of them in a full check),
    and in a check of named paths any other text file named."""
    docs = {workspace.relative(path): path for path in workspace.doc_files()}
    if only is None:
        return [] if git_range is not None else [workspace.load_doc(path) for path in docs.values()]
    records = []
    known = {workspace.relative(path) for path in workspace.record_files()}
    for path in sorted(only - known):
        target = workspace.root / path
        if path in docs:
            records.append(workspace.load_doc(docs[path]))
        elif target.is_file() and not _looks_like_record(path, target):
            records.append(workspace.load_doc(target))  # any other text: spam, markup, personal data
        elif target.is_file():
            records.append(workspace.load_record(target))
    return records


def run(args) -> int:
    with paused_gc():
        return _run(args)


def _run(args) -> int:
    workspace = open_workspace(args)
    now = parse_now(args.now, workspace)
    only = selected_paths(workspace, args.paths)
    git_range = None
    if args.base:
        git_range = open_range(workspace.root, args.base, allow_dirty=args.allow_dirty)
        changed = set(git_range.changed)
        only = changed if only is None else only & changed
    fmt = args.format or default_format(os.environ)
    reporter = REPORTERS[fmt]
    cache = CheckCache(workspace.root, persistent=not args.no_cache)
    history = GitHistory.read(workspace.root, use_cache=not args.no_cache)
    result = check_workspace(workspace, now, cache, only=only, history=history, git_range=git_range,
                             extra=_other_files(workspace, only, git_range), verdicts=reporter.NEEDS_VERDICTS)
    cache.save(complete=only is None)
    stream_is_tty = args.output is None and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and stream_is_tty and not os.environ.get("NO_COLOR"))
    output = reporter(lang=args.lang, color=color).render(result)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 1 if result.errors else 0
