"""The site built with Zensical (yuqing.generators.zensical, ``yuqing build --generator zensical``).

The generated configuration (the plugin left out, Python tags dropped, the assets listed), and a real
Zensical build of the shipped repository next to the real MkDocs build: the same record pages, the
yuqing CSS and JS, the files the pages link to, the SHA-256 manifest, and no reference to another host.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browserkit import chromium, needs_chromium, serve, shot
from sitekit import PROJECT_ROOT, copy_project, mkdocs_build
from yuqing.cli import main
from yuqing.generators.zensical import prepare, zensical_config
from yuqing.manifest import MANIFEST_NAME, build_manifest, read_manifest

NOW = "2026-12-02 09:00"

pytestmark = pytest.mark.skipif(pytest.importorskip("zensical") is None, reason="Zensical is not installed")


def test_the_generated_configuration_is_mkdocs_yml_without_the_plugin(tmp_path):
    config = zensical_config(PROJECT_ROOT / "mkdocs.yml", "docs", "site")
    names = [plugin if isinstance(plugin, str) else next(iter(plugin)) for plugin in config["plugins"]]
    assert "yuqing" not in names and "search" in names
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert "assets/yuqing/yuqing.css" in config["extra_css"] and "assets/yuqing/yuqing.js" in config["extra_javascript"]
    toc = next(item["toc"] for item in config["markdown_extensions"] if isinstance(item, dict) and "toc" in item)
    # a Python object for MkDocs, as Zensical reads one: Chinese headings keep the anchors MkDocs gives them
    assert toc["slugify"] == {"object": "pymdownx.slugs.slugify", "kwds": {"case": "lower"}}
    assert config["nav"][0] == {"首页": "index.md"} and config["site_name"] == "鄞州区民政局舆情处置台账"


def test_a_broken_mkdocs_yml_is_a_clear_error(tmp_path):
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: [\n", encoding="utf-8")
    from yuqing.errors import ConfigError

    with pytest.raises(ConfigError) as raised:
        zensical_config(broken, "docs", "site")
    assert "无法读取网站配置文件" in raised.value.msg.zh


def test_the_forms_per_record_data_is_left_out_of_what_zensical_reads(tmp_path):
    """Zensical 0.0.73 stalls on a docs/ with tens of thousands of other files (the form's data at 10,000
    incidents): the build writes that data into the built site instead (see the build test below)."""
    from yuqing.site.data import load

    root = copy_project(tmp_path / "repo")
    data = load(root, NOW)
    prepare(data, root / "mkdocs.yml", tmp_path / "work", form_files=False)
    docs = tmp_path / "work" / "docs"
    assert (docs / "calendar.ics").is_file() and (docs / "downloads" / "ledger.xlsx").is_file()
    assert (docs / "form.md").is_file() and not (docs / "form" / "records").exists()
    assert data.form_files() and not any((docs / uri).exists() for uri in data.form_files())
    prepare(data, root / "mkdocs.yml", tmp_path / "served")  # yuqing serve keeps them in docs/
    assert all((tmp_path / "served" / "docs" / uri).is_file() for uri in data.form_files())


def _pages(site: Path, kind: str) -> list[str]:
    return sorted(str(path.parent.relative_to(site)) for path in (site / kind).glob("*/*/index.html"))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The shipped repository built with MkDocs and with Zensical (site-mkdocs/, site/)."""
    root = copy_project(tmp_path_factory.mktemp("generators"))
    run = mkdocs_build(root, strict=False, now=NOW)
    assert run.returncode == 0, run.stderr
    (root / "site").rename(root / "site-mkdocs")
    code = main(["build", "--root", str(root), "--now", NOW, "--quiet", "--generator", "zensical"])
    assert code == 0
    return root / "site-mkdocs", root / "site"


def test_zensical_builds_every_record_page_mkdocs_builds(both):
    mkdocs_site, zensical_site = both
    for kind in ("incidents", "reviews"):
        assert _pages(zensical_site, kind) == _pages(mkdocs_site, kind) != []
    for page in ("index.html", "incidents/index.html", "stats/index.html", "duties/index.html", "form/index.html",
                 "rules/YQ301/index.html"):
        assert (zensical_site / page).is_file(), page


def _article_text(page: Path) -> str:
    import html

    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      page.read_text(encoding="utf-8"), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else ""


def test_every_page_says_the_same_in_both_builds(both):
    """Word for word, every page of the MkDocs build is in the Zensical build: e.g. the home page's links to
    the hand-written guides (the renderer is told which pages docs/ has), the anchors of Chinese headings."""
    mkdocs_site, zensical_site = both
    pages = sorted(path.relative_to(mkdocs_site) for path in mkdocs_site.rglob("index.html"))
    assert len(pages) > 80
    for page in pages:
        assert (zensical_site / page).is_file(), page
        assert _article_text(zensical_site / page) == _article_text(mkdocs_site / page), page
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert "应急预案全文" in home and "提交指南" in home
    messages = (zensical_site / "guide" / "ci-messages" / "index.html").read_text(encoding="utf-8")
    assert 'id="检查的范围"' in messages


def _search_entries(site: Path) -> list[dict]:
    """The search index's entries: MkDocs' search/search_index.json (``docs``) or Zensical's search.json (``items``)."""
    import json

    mkdocs_index = site / "search" / "search_index.json"
    if mkdocs_index.is_file():
        return json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]
    return json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]


def test_a_record_page_is_one_search_entry_in_both_builds(both):
    """Its title, badges, notes and lede: Zensical's limit on an entry's text shrinks as the number of entries
    grows, and with one entry per section a 5,000-incident ledger already broke the build."""
    for site in both:
        pages: dict[str, list[dict]] = {}
        for entry in _search_entries(site):
            pages.setdefault(entry["location"].split("#")[0].strip("/"), []).append(entry)
        for kind in ("incidents", "reviews", "monitoring"):
            records = _pages(site, kind)
            assert records, (site, kind)
            for record in records:
                assert len(pages.get(record, [])) == 1, (site.name, record, pages.get(record))
        typhoon = pages["incidents/2025/YZMZ-2025-0004"][0]  # 台风期间网传“养老院一楼进水，老人被困”
        title, text = (typhoon[key].replace("\u200b", "") for key in ("title", "text"))
        assert "养老院" in title and "事件概要：" in text, site.name
        assert "按时" not in text and "审核" not in text, site.name  # the deadlines and the timeline are not in it
        assert "补录" in text and "依据纸质台账" not in text, site.name  # its badge, not the note every such page has


def test_zensical_pages_carry_the_yuqing_assets_and_linked_files(both):
    _, site = both
    incident = next((site / "incidents").glob("2024/*/index.html")).read_text(encoding="utf-8")
    assert "assets/yuqing/yuqing.css" in incident and "yq-badge" in incident
    for path in ("assets/yuqing/yuqing.js", "calendar.ics", "downloads/ledger.xlsx", "search.json"):
        assert (site / path).is_file(), path


def test_both_sites_publish_the_forms_per_record_data_in_their_manifests(both):
    mkdocs_site, zensical_site = both
    files = {path.relative_to(mkdocs_site).as_posix(): path.read_bytes() for path in (mkdocs_site / "form").rglob("*.json")}
    assert "form/records/YZMZ-2024-0002.json" in files and any(path.startswith("form/signals/") for path in files)
    for path, content in files.items():
        assert (zensical_site / path).read_bytes() == content, path
    for site in both:
        assert set(files) <= set(read_manifest(site / MANIFEST_NAME))


def test_the_zensical_site_has_its_manifest_and_no_outside_reference(both):
    _, site = both
    assert read_manifest(site / MANIFEST_NAME) == build_manifest(site)
    outside = re.compile(r"""<[a-z][^<>]*\s(?:src|href)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1)""", re.I)
    for path in site.rglob("*.html"):
        assert not outside.search(path.read_text(encoding="utf-8")), path


@needs_chromium
def test_the_zensical_site_in_chromium(both, tmp_path):
    """Home → 舆情事件 → an incident with its badges; search in Chinese and in English; nothing requested
    from another host, no console error. Screenshots: test-artifacts/screenshots/zensical-*.png."""
    _, site = both
    with serve(site) as base, chromium(tmp_path / "profile") as (context, log):
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.get_by_role("link", name="舆情事件").first.click()
        page.wait_for_load_state("networkidle")
        shot(page, "zensical-index")
        page.locator("a[href*='2024/YZMZ-2024-0002']").first.click()
        page.wait_for_load_state("networkidle")
        assert "YZMZ-2024-0002" in page.title()
        assert page.locator(".yq-badge").count() > 0
        shot(page, "zensical-incident")
        page.locator("button.md-search__button:visible").first.click()
        box = page.locator("input[placeholder='搜索']")
        box.wait_for()
        box.fill("养老")  # the results are drawn in the search component's shadow root: locators see them
        page.get_by_text("台风期间网传").first.wait_for(timeout=10_000)
        shot(page, "zensical-search")
        box.fill("grave-oral-report")
        page.get_by_text("grave-oral-report").nth(1).wait_for(timeout=10_000)
        page.goto(base + "form/?id=YZMZ-2024-0002")  # the form fetches the record's data from the Zensical site
        page.wait_for_load_state("networkidle")
        page.locator(".yq-record-info", has_text="较大").wait_for()
        assert base + "form/records/YZMZ-2024-0002.json" in log["requests"]
    assert [url for url in log["requests"] if not url.startswith((base, "data:", "blob:"))] == []
    assert log["errors"] == []
