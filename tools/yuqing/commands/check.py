"""``yuqing check``: all file rules over the records; exit 0 (no errors), 1 (errors) or 2 (usage).

A full check (no paths, no ``--base``) also exits 1 while an obligation is late or missing and
unexplained, whatever its rule's level (the office's alarm, ``Result.alarm``); a merge request's
check and a check of named paths follow the levels.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now, paused_gc
from yuqing.reporters import REPORTERS, default_format


def run(args) -> int:
    with paused_gc():
        return _run(args)


def _run(args) -> int:
    workspace = open_workspace(args)
    now = parse_now(args.now, workspace)
    fmt = args.format or default_format(os.environ)
    reporter = REPORTERS[fmt]
    check = run_check(workspace, now, paths=args.paths, base=args.base, allow_dirty=args.allow_dirty,
                      cache=not args.no_cache, verdicts=reporter.NEEDS_VERDICTS)
    result = check.result
    stream_is_tty = args.output is None and sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and stream_is_tty and not os.environ.get("NO_COLOR"))
    output = reporter(lang=args.lang, color=color).render(result)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 1 if result.errors or result.alarm else 0
