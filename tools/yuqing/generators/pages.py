"""The site's generated pages as files, for a generator that runs no MkDocs plugin (DESIGN §11).

What ``yuqing render-pages`` writes and what the Zensical build starts from: every page the plugin
makes, the files they link to or fetch (the calendar feeds, the ledger workbook, the 填报 page's
per-record data) and, with ``assets``, the
CSS and JS the badges, charts, tables and the 填报 form use.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "site" / "assets"
ASSET_URI = "assets/yuqing"


def write_pages(data, target: Path, assets: bool = True, existing: set[str] | frozenset[str] = frozenset(),
                repository=None, site_url: str | None = None, directory_urls: bool = True,
                form_files: bool = True) -> int:
    """Write the pages of ``data`` (a checked site) and what they link to under ``target``; the number of pages.
    ``existing`` (the hand-written pages, e.g. ``guide/submit.md``), ``repository`` (the records repository the
    填报 form opens) and ``site_url`` are what the MkDocs plugin gives the renderer from mkdocs.yml and docs/.
    ``form_files=False`` leaves out the 填报 page's per-record data (:func:`write_form_files` writes it)."""
    pages = data.pages(existing, repository, site_url=site_url)
    for uri, text in sorted(pages.items()):
        path = target / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _write_files(data.files(site_url, directory_urls) if form_files else data.linked_files(site_url, directory_urls),
                 target)
    if assets:
        destination = target / ASSET_URI
        destination.mkdir(parents=True, exist_ok=True)
        for asset in ASSETS_DIR.iterdir():
            if asset.is_file():
                shutil.copyfile(asset, destination / asset.name)
    return len(pages)


def write_form_files(data, target: Path) -> int:
    """The 填报 page's per-record data (``form/records/*.json``, ``form/signals/*.json``) under ``target``,
    e.g. a built site; the number of files."""
    files = data.form_files()
    _write_files(files, target)
    return len(files)


def _write_files(files: dict[str, bytes], target: Path) -> None:
    for uri, content in sorted(files.items()):
        path = target / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
