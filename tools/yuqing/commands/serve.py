"""``yuqing serve``: print the findings, then serve the site on 127.0.0.1 and rebuild on changes.

MkDocs' live-reload server watches docs/, mkdocs.yml and (through the plugin) incidents/
and schema/, so a saved record shows up on the site at once.
"""

from __future__ import annotations

import logging
import sys

from yuqing.commands._shared import open_workspace
from yuqing.commands.build import config_path, mkdocs_logging, print_findings
from yuqing.site.data import NOW_ENV, check_workspace


def run(args) -> int:
    workspace = open_workspace(args)
    config_file = config_path(args, workspace)
    data = check_workspace(workspace, args.now)
    if not print_findings(data, args):
        return 1
    if args.now:
        import os

        os.environ[NOW_ENV] = args.now  # every rebuild uses the same clock
    if getattr(args, "generator", "mkdocs") == "zensical":
        return _zensical(workspace, config_file, args)
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    print(f"正在启动网站：http://127.0.0.1:{args.port}/（按 Ctrl+C 停止）" if args.lang != "en"
          else f"Serving on http://127.0.0.1:{args.port}/ (Ctrl+C stops)")
    with mkdocs_logging(logging.INFO):
        try:
            serve(config_file=str(config_file), dev_addr=f"127.0.0.1:{args.port}", livereload=True)
        except MkDocsException as exc:
            print(f"网站生成失败：{exc}" if args.lang != "en" else f"site build failed: {exc}", file=sys.stderr)
            return 1
    return 0


#: What a change to re-renders the site's pages (the records, their rules, the hand-written pages).
WATCHED = ("incidents", "monitoring", "trainings", "schema", "docs")


def _zensical(workspace, config_file, args) -> int:
    """The same site served by Zensical; the pages are written again whenever a record changes."""
    from yuqing.generators import zensical

    print(f"正在启动网站（Zensical）：http://127.0.0.1:{args.port}/（按 Ctrl+C 停止）" if args.lang != "en"
          else f"Serving with Zensical on http://127.0.0.1:{args.port}/ (Ctrl+C stops)")
    return zensical.serve(lambda: check_workspace(workspace, args.now), config_file, args.port, WATCHED)
