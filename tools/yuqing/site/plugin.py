"""The ``yuqing`` MkDocs plugin: loads and checks the records once, adds the generated pages.

- ``on_config``: opens the repository (schema/org.yml, policy.yml), loads every record once
  and runs the full check. A configuration error or a record that cannot be read at all
  stops the build with a clear :class:`PluginError`. Record errors are logged as warnings
  (so ``mkdocs build --strict`` fails on an invalid record, with the words of ``yuqing
  check``); rule warnings (such as an excused delay) are logged at info level.
- ``on_files``: adds every page of :func:`yuqing.render.render_pages` with
  ``File.generated``; incident and review pages are kept out of the navigation; adds the static files
  the pages link to, built from the same check: the calendar feeds of
  :func:`yuqing.render.render_calendars` (``calendar.ics``, ``calendar/*.ics``) and the ledger workbook
  (``downloads/ledger.xlsx``, linked from the statistics page) and the 填报 page's per-record data
  (``form/records/*.json``, ``form/signals/*.json``), which the SHA-256 manifest then lists.
- ``on_page_content``, ``on_post_page``: a progress bar over both passes through the pages
  (on a terminal only; quiet in CI).
- ``on_serve``: ``mkdocs serve`` rebuilds when anything under incidents/, monitoring/, trainings/ or schema/ changes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from yuqing.errors import ConfigError
from yuqing.generators.pages import ASSET_URI, ASSETS_DIR
from yuqing.layout import ORG_FILE, RECORD_DIRS
from yuqing.manifest import write_manifest
from yuqing.progress import Progress
from yuqing.render import RULES, record_pages
from yuqing.render.form import repository
from yuqing.render.model import rule_uri
from yuqing.render.rules import short_title
from yuqing.rules import OBLIGATION_RULES
from yuqing.rules import RULES as RULE_MODULES
from yuqing.site.config import YuqingConfig
from yuqing.site.data import SiteData, finding_line, load
from yuqing.unsafe_html import sanitize_page_html

log = logging.getLogger("mkdocs.plugins.yuqing")

#: Rules whose errors are deadline verdicts (late or missing obligations), not broken records.
DEADLINE_RULES = frozenset(rule.ID for rule in OBLIGATION_RULES)

WATCHED = (*RECORD_DIRS, "schema")


def rule_nav_title(rule) -> str:
    """``YQ301 重大舆情 15 分钟内口头报告`` (the docstring title without its code in brackets)."""
    return f"{rule.ID} {short_title(rule)}"


class YuqingPlugin(BasePlugin[YuqingConfig]):
    """Generates the records' pages of the site from the repository's incidents/ and schema/."""

    supports_multiple_instances = False

    def __init__(self):
        #: Set by ``yuqing build`` when it has already loaded and checked the records (and printed
        #: the findings): the plugin then uses this instead of loading them a second time.
        self.preloaded: SiteData | None = None
        self.data: SiteData | None = None
        self.root: Path | None = None
        self._record_uris: set[str] = set()
        self._progress: Progress | None = None

    # -- configuration ---------------------------------------------------------------------

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.root).resolve() if self.config.root else base

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = self._root(config)
        if self.preloaded is not None:
            self.data = self.preloaded
            if config.strict:  # the command printed the findings; strict mode still has to count the errors
                self._log_findings(self.data, errors_only=True)
        else:
            if not (self.root / ORG_FILE).is_file():
                raise PluginError(f"yuqing：在 {self.root} 中找不到 {ORG_FILE}。"
                                  "请在 mkdocs.yml 的 yuqing 插件下用 root 指定台账仓库目录。")
            try:
                self.data = load(self.root, self.config.now)
            except ConfigError as exc:
                raise PluginError(f"yuqing：{exc.text()}") from None
            self._log_findings(self.data)
        unreadable = self.data.unreadable
        if unreadable:
            lines = "\n".join(finding_line(f) for f in unreadable)
            raise PluginError(f"yuqing：有记录无法读取，网站没有生成。请先修正这些文件：\n{lines}")
        for path in ("yuqing.css", "yuqing-form.css"):
            if f"{ASSET_URI}/{path}" not in config.extra_css:
                config.extra_css.append(f"{ASSET_URI}/{path}")
        for path in ("yuqing.js", "yuqing-form.js"):  # the form's script does nothing on pages without the form
            if f"{ASSET_URI}/{path}" not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(f"{ASSET_URI}/{path}")
        if self.config.rules_in_nav and config.nav:
            config.nav = self._expand_rules(config.nav)
        return config

    @staticmethod
    def _log_findings(data: SiteData, errors_only: bool = False) -> None:
        """Record errors as MkDocs warnings (``--strict`` fails on them), everything else at info level.

        An overdue or late obligation (a deadline rule's error) is not an error of the record
        itself: the site shows it and the scheduled alarm raises it, but it must not stop the
        site from being published or another section's merge request from building it.
        """
        result = data.result
        for finding in result.findings:
            if finding.level == "error" and finding.rule not in DEADLINE_RULES:
                log.warning(finding_line(finding))
            elif not errors_only:
                log.info(finding_line(finding))
        if not errors_only:
            log.info(f"yuqing：检查了 {result.files} 个文件：{result.errors} 个错误，{result.warnings} 个警告。")

    def _expand_rules(self, nav):
        """Replace the nav leaf ``rules/index.md`` by a section listing every rule page."""
        expanded = []
        for item in nav:
            if isinstance(item, dict):
                new = {}
                for key, value in item.items():
                    if value == RULES:
                        value = [{"规则一览": RULES}] + [{rule_nav_title(r): rule_uri(r.ID)} for r in RULE_MODULES]
                    elif isinstance(value, list):
                        value = self._expand_rules(value)
                    new[key] = value
                expanded.append(new)
            else:
                expanded.append(item)
        return expanded

    # -- pages -------------------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.data is None:
            return files
        existing = {f.src_uri for f in files.documentation_pages()}
        pages = self.data.pages(existing, repository(config.repo_url, config.edit_uri, self.config.platform),
                                site_url=config.site_url or None)
        hidden = record_pages(pages)
        self._record_uris = hidden
        for uri, text in pages.items():
            clash = files.get_file_from_path(uri)
            if clash is not None:
                log.info(f"yuqing：docs/{uri} 与生成的页面同名，使用生成的页面。")
                files.remove(clash)
            inclusion = InclusionLevel.NOT_IN_NAV if uri in hidden else InclusionLevel.UNDEFINED
            files.append(File.generated(config, uri, content=text, inclusion=inclusion))
        static = self.data.files(config.site_url or None, config.use_directory_urls)
        for uri, content in static.items():  # static files: MkDocs copies them as they are
            clash = files.get_file_from_path(uri)
            if clash is not None:
                files.remove(clash)
            files.append(File.generated(config, uri, content=content))
        for asset in sorted(ASSETS_DIR.iterdir()):
            if asset.is_file():
                uri = f"{ASSET_URI}/{asset.name}"
                clash = files.get_file_from_path(uri)
                if clash is not None:
                    files.remove(clash)
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
        log.info(f"yuqing：生成了 {len(pages)} 个页面（其中事件和复盘页面 {len(hidden)} 个）。")
        # MkDocs goes through the pages twice: Markdown to HTML, then the theme's templates
        self._progress = Progress(2 * len(files.documentation_pages()), "生成网站")
        return files

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str | None:
        """Record pages carry text from many hands: their HTML passes the allow-list once more."""
        if self._progress is not None:
            self._progress.advance()
        if self.config.enabled and self.data is not None and page.file.src_uri in self._record_uris:
            return sanitize_page_html(html)
        return html

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str | None:
        if self._progress is not None:
            self._progress.advance()
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the SHA-256 manifest of every built file (``yuqing verify-site`` compares against it)."""
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        if self.config.enabled:
            target = write_manifest(Path(config.site_dir))
            log.info(f"yuqing：已写入网站完整性清单 {target.name}。")

    # -- serve -------------------------------------------------------------------------------

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.config.enabled and self.root is not None:
            for name in WATCHED:
                path = self.root / name
                if path.exists():
                    server.watch(str(path))
        return server
