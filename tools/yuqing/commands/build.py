"""``yuqing build``: print the findings, then build the site into site/ with MkDocs.

The site is always built, whatever the findings (they are shown on the site too), unless
a record cannot be read at all; then nothing is built and the exit code is 1. The records
are loaded and checked once: the plugin reuses this command's check.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from yuqing.commands._shared import open_workspace
from yuqing.errors import ConfigError
from yuqing.i18n import Msg
from yuqing.reporters.text import TextReporter
from yuqing.site.data import SiteData, check_workspace

CONFIG_FILE = "mkdocs.yml"


def config_path(args, workspace) -> Path:
    path = Path(args.config_file) if getattr(args, "config_file", None) else workspace.root / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(Msg(f"找不到网站配置文件 {path}。", f"no site configuration {path}."))
    return path


def print_findings(data: SiteData, args) -> bool:
    """Print the findings like ``yuqing check``; False when a record cannot be read (nothing to build)."""
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = TextReporter(lang=args.lang, color=color).render(data.result)
    if getattr(args, "quiet", False):
        text = text.rstrip("\n").rsplit("\n", 1)[-1] + "\n"  # the summary line only
    sys.stdout.write(text)
    if data.unreadable:
        print("有记录无法读取，网站没有生成。请先修正上面标为 YQ001 的文件。" if args.lang != "en"
              else "A record cannot be read; the site was not built. Fix the YQ001 files above first.",
              file=sys.stderr)
        return False
    return True


@contextmanager
def mkdocs_logging(level: int = logging.WARNING):
    """Show MkDocs' messages on stderr while it runs (its own CLI would set this up)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if level > logging.INFO:
        try:  # jieba sets its own logger to DEBUG on import; "Building prefix dict ..." is noise here
            import jieba

            jieba.setLogLevel(logging.WARNING)
        except ImportError:
            pass
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(level)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.INFO))
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def run(args) -> int:
    workspace = open_workspace(args)
    config_file = config_path(args, workspace)
    data = check_workspace(workspace, args.now)
    if not print_findings(data, args):
        return 1
    if getattr(args, "generator", "mkdocs") == "zensical":
        return _zensical(data, config_file, args)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with mkdocs_logging(logging.INFO if args.verbose else logging.WARNING):
        try:
            options = {"site_dir": str(Path(args.site_dir).resolve())} if args.site_dir else {}
            config = load_config(config_file=str(config_file), strict=args.strict or None, **options)
        except MkDocsException as exc:  # MkDocs has logged what is wrong
            print(f"网站配置 {config_file} 有误：{exc}" if args.lang != "en" else f"{config_file}: {exc}", file=sys.stderr)
            return 2
        plugin = config.plugins.get("yuqing")
        if plugin is None:
            print("提示：mkdocs.yml 没有启用 yuqing 插件，网站中不会有事件页面。", file=sys.stderr)
        else:
            plugin.preloaded = data
        try:
            build(config)
        except MkDocsException as exc:
            print(f"网站生成失败：{exc}" if args.lang != "en" else f"site build failed: {exc}", file=sys.stderr)
            return 1
    return _built(Path(config.site_dir), args)


def _built(site_dir: Path, args) -> int:
    # the pages link to directories (use_directory_urls): opened from file:// they would show listings
    if args.lang == "en":
        print(f"Site built in {site_dir}/. Run `make serve` to read it on http://127.0.0.1:8000/, or publish the "
              "directory on a web server.")
    else:
        print(f"网站已生成到 {site_dir}/。请运行 `make serve` 在 http://127.0.0.1:8000/ 浏览，"
              "或把这个目录发布到内网的网站服务器上（直接双击打开文件，页面之间的链接不能用）。")
    return 0


def _zensical(data, config_file: Path, args) -> int:
    """The same site built with Zensical (yuqing.generators.zensical)."""
    from yuqing.generators import zensical

    site_dir = Path(args.site_dir) if args.site_dir else config_file.parent / "site"
    code = zensical.build(data, config_file, site_dir, strict=args.strict, quiet=not args.verbose)
    return _built(site_dir.resolve(), args) if code == 0 else code
