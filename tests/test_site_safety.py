"""Publication safety of the built site (issue 6): a hostile record, restricted records, the manifest.

The real ``mkdocs build --strict`` of the shipped repository plus one record full of hostile
content; then the whole built site (HTML, search index, everything) is searched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitekit import copy_project, mkdocs_build
from yuqing.cli import main
from yuqing.manifest import MANIFEST_NAME, build_manifest, read_manifest

pytestmark = pytest.mark.slow

ID_NUMBER = "11010519491231002X"  # check digit valid
MOBILE = "13912345678"
CARD = "6222021234567890128"  # Luhn valid
MARKER = "HOSTILEPAYLOAD"

HOSTILE = f"""---
id: YZMZ-2026-0099
title: 网帖称某社区救助款发放不公（联系人 {MOBILE}）
level: 一般
status: 已办结
section: 社会救助科
discovered_at: 2026-09-01 09:00
source:
  channel: 微博
  url: javascript:alert('{MARKER}')
summary: 网民张某（身份证 {ID_NUMBER}）发帖<script>alert('{MARKER}')</script>。
reports: []
responses:
  - at: 2026-09-01 15:00
    channel: 微博评论区
    text: 已联系当事人，银行卡 {CARD} 的款项已核实。<img src=x onerror="alert('{MARKER}')">
    approvals:
      - {{role: 分管领导, at: 2026-09-01 14:00}}
      - {{role: 主要领导, at: 2026-09-01 14:30}}
closed_at: 2026-09-02 17:00
---

## 事件经过

<script>document.title='{MARKER}'</script>
<iframe src="https://evil.example/{MARKER}"></iframe>
<a href="javascript:alert('{MARKER}')" onclick="alert('{MARKER}')">点这里</a>
[链接](javascript:alert('{MARKER}'))
![图](https://evil.example/{MARKER}.png)
<div onmouseover="alert('{MARKER}')">当事人电话 {MOBILE}，身份证 {ID_NUMBER}。</div>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    (root / "incidents" / "2026" / "YZMZ-2026-0099.md").write_text(HOSTILE, encoding="utf-8")
    result = mkdocs_build(root, strict=False, now="2026-11-28 12:00")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _all_text(site: Path) -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8", errors="replace"))
            for path in site.rglob("*") if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt")]


def test_the_hostile_check_reports_what_the_site_drops(tmp_path, capsys):
    root = copy_project(tmp_path / "repo")
    (root / "incidents" / "2026" / "YZMZ-2026-0099.md").write_text(HOSTILE, encoding="utf-8")
    code = main(["check", "--root", str(root), "--now", "2026-11-28 12:00", str(root / "incidents/2026/YZMZ-2026-0099.md")])
    out = capsys.readouterr().out
    assert code == 1
    for rule in ("YQ501", "YQ502"):
        assert rule in out


def test_no_foreign_script_reaches_the_site(hostile_site):
    for path, text in _all_text(hostile_site):
        for block in re.findall(r"<script\b[^>]*>.*?</script>", text, re.S | re.I):
            assert MARKER not in block, path
        if path.suffix == ".html":
            # the theme's own scripts are the only ones: every <script> is the config, a bundle or an asset
            for tag in re.findall(r"<script\b[^>]*>", text, re.I):
                assert ("src=" in tag and "assets/" in tag) or tag in ("<script>", '<script id="__config" type="application/json">'), (path, tag)


def test_no_event_handler_or_script_link_reaches_the_site(hostile_site):
    for path, text in _all_text(hostile_site):
        if path.suffix != ".html":
            continue
        assert not re.search(r"<[a-z][^<>]*\son[a-z]+\s*=", text, re.I), path
        assert not re.search(r"""<[a-z][^<>]*(?:href|src|action)\s*=\s*["']?\s*javascript:""", text, re.I), path
        assert "<iframe" not in text.lower(), path
        assert "evil.example" not in text or f'href="https://evil.example/{MARKER}.png"' in text, path


def test_the_form_offers_the_hostile_record_by_id_only(hostile_site):
    """Its text holds what the site drops: no per-record file for the form, and every other one is inert JSON."""
    files = sorted((hostile_site / "form").rglob("*.json"))
    assert files and not [path for path in files if "YZMZ-2026-0099" in path.name]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert json.loads(text)["id"] and not re.search(r"[<>&]", text), path
    manifest = read_manifest(hostile_site / MANIFEST_NAME)
    assert {path.relative_to(hostile_site).as_posix() for path in files} <= set(manifest)


def test_no_personal_data_reaches_any_file(hostile_site):
    for path, text in _all_text(hostile_site):
        compact = re.sub(r"[\s-]", "", text)
        for secret in (ID_NUMBER, MOBILE, CARD):
            assert secret not in compact, (path, secret)


def test_the_hostile_page_still_shows_its_facts_masked(hostile_site):
    page = (hostile_site / "incidents" / "2026" / "YZMZ-2026-0099" / "index.html").read_text(encoding="utf-8")
    assert "网帖称某社区救助款发放不公" in page
    assert "139****5678" in page
    assert "1101**********002X" in page


def test_the_build_writes_a_manifest_that_verify_site_accepts(hostile_site, capsys):
    manifest = read_manifest(hostile_site / MANIFEST_NAME)
    assert manifest == build_manifest(hostile_site)
    assert "index.html" in manifest and "search/search_index.json" in manifest
    assert main(["verify-site", str(hostile_site), "--manifest", str(hostile_site / MANIFEST_NAME)]) == 0
    capsys.readouterr()


def test_an_overdue_obligation_does_not_stop_a_strict_build(tmp_path):
    root = copy_project(tmp_path / "repo")
    overdue = HOSTILE.split("---\n")[1]
    overdue = overdue.replace("level: 一般", "level: 较大").replace("YZMZ-2026-0099", "YZMZ-2026-0098")
    clean = re.sub(r"<[^>\n]*>|javascript:[^\n]*|（联系人[^）]*）|（身份证[^）]*）|，银行卡[^。]*。", "", overdue)
    (root / "incidents" / "2026" / "YZMZ-2026-0098.md").write_text(
        "---\n" + clean + "tracking: {owner: 陈静}\n---\n\n正文。\n", encoding="utf-8")
    result = mkdocs_build(root, strict=True, now="2026-11-28 12:00")
    assert result.returncode == 0, result.stderr
    assert "YQ307" in result.stderr or "YQ30" in result.stderr  # shown, at info level
