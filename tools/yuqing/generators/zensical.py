"""The site built with Zensical instead of MkDocs (DESIGN §11): the same pages, from the pure renderer.

Zensical reads mkdocs.yml but runs no MkDocs plugins. So the pages the yuqing plugin would add
are written first, as ``yuqing render-pages`` writes them, into a copy of docs/ in a temporary
directory, with the files they link to (calendar feeds, the ledger workbook) and the site's CSS
and JS; then Zensical builds that copy with a configuration generated from mkdocs.yml (docs_dir
and site_dir pointed at the copy and the output, the plugin left out, the assets listed); then the
SHA-256 manifest is written as the MkDocs build writes it. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

import yaml

from yuqing.errors import ConfigError
from yuqing.generators.pages import ASSET_URI, ASSETS_DIR, write_form_files, write_pages
from yuqing.i18n import Msg
from yuqing.manifest import write_manifest
from yuqing.render.form import repository

PLUGIN = "yuqing"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data; a ``!!python/...`` tag (a Python object for MkDocs) is read as a
    :class:`_PythonCall` and, but for a slugify function, left out of the generated configuration."""


class _PythonCall:
    """A ``!!python/object/apply:NAME`` (or another Python tag) of mkdocs.yml: the callable's dotted name
    and its keyword arguments."""

    def __init__(self, name: str, kwds: dict):
        self.name, self.kwds = name, kwds


def _python_tag(loader, suffix, node):
    kwds = {}
    if isinstance(node, yaml.MappingNode):
        mapping = loader.construct_mapping(node, deep=True)
        kwds = mapping.get("kwds") if isinstance(mapping.get("kwds"), dict) else {}
    return _PythonCall(suffix.removeprefix("object/apply:").removeprefix("name:"), kwds)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_Loader.add_multi_constructor("!", _python_tag)


def _without_python_objects(value, key: str | None = None):
    """``value`` with its Python objects left out, but for a slugify function (the toc's, which gives the
    headings their anchors), written as Zensical reads one: ``{object: "pymdownx.slugs.slugify", kwds: {...}}``.
    Without it Zensical's anchors of Chinese headings are ``_1``, ``_2``…, and links to them break."""
    if isinstance(value, _PythonCall):
        return {"object": value.name, "kwds": value.kwds} if key == "slugify" and "." in value.name else None
    if isinstance(value, dict):
        kept = {name: _without_python_objects(item, name) for name, item in value.items()}
        return {name: item for name, item in kept.items() if item is not None}
    if isinstance(value, list):
        return [item for item in (_without_python_objects(item) for item in value) if item is not None]
    return value


def read_mkdocs_yml(mkdocs_yml: Path) -> dict:
    """mkdocs.yml as data (its ``!!python/...`` objects left out); a clear error when it cannot be read."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(Msg(f"无法读取网站配置文件 {mkdocs_yml}：{exc}", f"cannot read {mkdocs_yml}: {exc}")) from None
    if not isinstance(config, dict):
        raise ConfigError(Msg(f"网站配置文件 {mkdocs_yml} 的内容不是一组设置。", f"{mkdocs_yml} is not a mapping."))
    return _without_python_objects(config)


def zensical_config(mkdocs_yml: Path | dict, docs_dir: str, site_dir: str) -> dict:
    """The configuration Zensical builds with: mkdocs.yml's (the file, or as read), with docs_dir and
    site_dir set, the yuqing plugin left out (its pages are already written) and the yuqing CSS and JS listed."""
    config = dict(read_mkdocs_yml(mkdocs_yml) if isinstance(mkdocs_yml, Path) else mkdocs_yml)
    plugins = []
    for plugin in config.get("plugins") or []:
        name = plugin if isinstance(plugin, str) else next(iter(plugin), None) if isinstance(plugin, dict) else None
        if name != PLUGIN:
            plugins.append(plugin)
    config["plugins"] = plugins
    config["docs_dir"] = docs_dir  # relative to the generated configuration file
    config["site_dir"] = site_dir
    css = [f"{ASSET_URI}/{path.name}" for path in sorted(ASSETS_DIR.glob("*.css"))]
    js = [f"{ASSET_URI}/{path.name}" for path in sorted(ASSETS_DIR.glob("*.js"))]
    config["extra_css"] = list(dict.fromkeys([*(config.get("extra_css") or []), *css]))
    config["extra_javascript"] = list(dict.fromkeys([*(config.get("extra_javascript") or []), *js]))
    return config


def page_options(config: dict, docs: Path) -> dict:
    """What the MkDocs plugin gives the renderer, from mkdocs.yml (as read) and the hand-written ``docs``: the
    pages there (the home page links to the guides that exist), the records repository the 填报 form opens
    (repo_url, edit_uri, the plugin's ``platform``), the site's address and its directory URLs."""
    platform = None
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get(PLUGIN), dict):
            platform = plugin[PLUGIN].get("platform")
    existing = {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")} if docs.is_dir() else set()
    return {"existing": existing, "repository": repository(config.get("repo_url"), config.get("edit_uri"), platform),
            "site_url": config.get("site_url") or None, "directory_urls": config.get("use_directory_urls", True)}


def write_sources(data, docs: Path, target: Path, config: dict | None = None, form_files: bool = True) -> int:
    """The hand-written pages of ``docs`` and the generated ones, with what they link to, into ``target``
    (``config``: mkdocs.yml as read, for :func:`page_options`; ``form_files``: as :func:`write_pages`)."""
    if docs.is_dir():
        shutil.copytree(docs, target, dirs_exist_ok=True)
    return write_pages(data, target, **page_options(config or {}, docs), form_files=form_files)


def _require_zensical() -> None:
    if find_spec("zensical") is None:
        raise ConfigError(Msg("没有安装 Zensical。请运行 pip install -c requirements/ci.txt -e . 安装依赖后再试，"
                              "或去掉 --generator zensical 用 MkDocs 生成。",
                              "Zensical is not installed; install the dependencies or build with MkDocs."))


def prepare(data, mkdocs_yml: Path, work: Path, form_files: bool = True) -> tuple[Path, Path, dict]:
    """The sources (docs/ and the generated pages) and the configuration in ``work``: (the configuration
    file, the hand-written docs directory it copied, mkdocs.yml as read)."""
    original = read_mkdocs_yml(mkdocs_yml)
    docs = mkdocs_yml.parent / str(original.get("docs_dir") or "docs")
    write_sources(data, docs, work / "docs", original, form_files=form_files)
    config_file = work / "mkdocs.yml"
    config = zensical_config(original, "docs", "site")
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file, docs, original


def build(data, mkdocs_yml: Path, site_dir: Path, strict: bool = False, quiet: bool = False) -> int:
    """Build the site into ``site_dir`` with Zensical; the exit code (0: built)."""
    _require_zensical()
    site_dir = site_dir.resolve()
    with tempfile.TemporaryDirectory(prefix="yuqing-zensical-") as work:
        work = Path(work)
        built = work / "site"  # Zensical writes only inside its project's directory: moved to site_dir after
        # Zensical 0.0.73 stalls for good (no CPU, no output) when docs/ holds tens of thousands of other
        # files, as the 填报 form's per-record data does at 10,000 incidents: it is written into the built site.
        config_file, _, _ = prepare(data, mkdocs_yml, work, form_files=False)
        command = [sys.executable, "-m", "zensical", "build", "-f", str(config_file), "--clean"]
        if strict:
            command.append("--strict")
        run = subprocess.run(command, cwd=work, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        output = (run.stdout + run.stderr).strip()
        if output and (not quiet or run.returncode != 0):
            print(output, file=sys.stderr)
        if run.returncode != 0 or not (built / "index.html").is_file():
            print("Zensical 没有生成网站（见上面的提示）。", file=sys.stderr)
            return 1
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(site_dir))
    write_form_files(data, site_dir)
    write_manifest(site_dir)
    return 0


def _stamp(root: Path, watched: tuple[str, ...]) -> tuple:
    """What changed under the watched directories: every file's path, size and modification time."""
    found = []
    for name in watched:
        for path in sorted((root / name).rglob("*")) if (root / name).exists() else []:
            if path.is_file():
                status = path.stat()
                found.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(found)


def serve(reload, mkdocs_yml: Path, port: int, watched: tuple[str, ...], interval: float = 1.0) -> int:
    """Serve the site with Zensical's live-reloading server on 127.0.0.1:``port``. ``reload()`` checks
    the repository again and gives the site's data; it runs whenever a file under ``watched`` changes,
    and the pages are written anew (Zensical then reloads the browser)."""
    _require_zensical()
    root = mkdocs_yml.parent
    with tempfile.TemporaryDirectory(prefix="yuqing-zensical-") as work:
        work = Path(work)
        config_file, docs, original = prepare(reload(), mkdocs_yml, work)
        server = subprocess.Popen([sys.executable, "-m", "zensical", "serve", "-f", str(config_file),
                                   "-a", f"127.0.0.1:{port}"], cwd=work, env={**os.environ, "NO_COLOR": "1"})
        seen = _stamp(root, watched)
        try:
            while server.poll() is None:
                time.sleep(interval)
                now = _stamp(root, watched)
                if now != seen:
                    seen = now
                    try:
                        write_sources(reload(), docs, work / "docs", original)
                    except ConfigError as exc:  # a broken org.yml while it is being edited: keep serving
                        print(exc.msg.zh, file=sys.stderr)
        except KeyboardInterrupt:
            pass
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()
    return 0
