"""The yuqing MkDocs plugin, through the real ``mkdocs build`` on copies of the shipped repository."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitekit import (
    NOW,
    RESTRICTED_ID,
    RESTRICTED_TITLE,
    SECRETS,
    copy_project,
    generated_records,
    mkdocs_build,
    verdict_files,
)
from yuqing import cli

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "content", "style", "xlink:href"}


class _References(HTMLParser):
    """Every URL-bearing attribute value of an HTML document (text inside <code> is not an attribute)."""

    def __init__(self):
        super().__init__()
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name.lower() in URL_ATTRIBUTES:
                self.values.append(value)


def external_references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    found = []
    for value in parser.values:
        for url in re.findall(r"(?:https?:)?//[^\s\"')]+", value):
            host = re.sub(r"^(?:https?:)?//", "", url).split("/", 1)[0].split(":", 1)[0]
            if host not in ("127.0.0.1", "localhost", "www.w3.org"):
                found.append(url)
    return found


def check_output(root: Path, now: str | None = None) -> list[str]:
    out = io.StringIO()
    args = ["check", "--root", str(root), "--color", "never"] + (["--now", now] if now else [])
    with contextlib.redirect_stdout(out):
        cli.main(args)
    lines = out.getvalue().splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("检查了"))]  # the counts, the alarm


def site_text(site: Path) -> dict[Path, str]:
    """Every text file of the site; calendar lines unfolded (RFC 5545 folds them at 75 octets)."""
    return {path: path.read_bytes().decode("utf-8", errors="replace").replace("\r\n ", "")
            for path in site.rglob("*")
            if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js", ".css", ".txt", ".ics"}}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped repository copied and built with ``mkdocs build --strict``."""
    root = copy_project(tmp_path_factory.mktemp("shipped"))
    return root, mkdocs_build(root)


def test_shipped_repository_builds_strict(shipped):
    root, run = shipped
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    site = root / "site"
    for page in ("index.html", "duties/index.html", "incidents/index.html", "reviews/index.html", "stats/index.html",
                 "rules/index.html", "rules/YQ301/index.html", "training/quick-card/index.html",
                 "training/cases/index.html", "plan/index.html", "guide/submit/index.html",
                 "assets/yuqing/yuqing.js", "assets/yuqing/yuqing.css", "search/search_index.json"):
        assert (site / page).is_file(), page
    incidents = sorted((root / "incidents").glob("*/*.md"))
    records = [p for p in incidents if not p.name.endswith(".review.md")]
    for record in records:
        assert (site / "incidents" / record.parent.name / record.stem / "index.html").is_file()


def test_the_site_offers_the_ledger_workbook(shipped):
    import hashlib
    import json

    import openpyxl

    from yuqing.manifest import MANIFEST_NAME

    root, _ = shipped
    site = root / "site"
    workbook = site / "downloads" / "ledger.xlsx"
    assert workbook.is_file()
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["舆情台账", "时限核查", "整改措施", "预警信息", "培训记录", "说明"]
    records = [p for p in (root / "incidents").glob("*/*") if p.suffix in (".md", ".yml") and ".review." not in p.name]
    ledger = book["舆情台账"]
    assert ledger.max_row == len(records) + 1 and ledger.freeze_panes == "A2"
    assert sorted(row[0] for row in ledger.iter_rows(min_row=2, values_only=True)) == sorted(p.stem for p in records)
    stats = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/ledger.xlsx"' in stats and "下载舆情台账" in stats
    manifest = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert manifest["downloads/ledger.xlsx"] == hashlib.sha256(workbook.read_bytes()).hexdigest()


def test_rule_warnings_are_info_and_the_summary_is_logged(shipped):
    _, run = shipped
    warnings = [line for line in check_output(shipped[0]) if ": 警告 " in line]
    assert warnings, "the shipped data shows excused delays"
    for line in warnings:
        assert f"INFO    -  {line}" in run.stderr
    assert "yuqing：检查了" in run.stderr and "yuqing：生成了" in run.stderr


def test_record_pages_stay_out_of_the_navigation(shipped):
    root, _ = shipped
    def primary_nav(path: Path) -> str:  # the tabs and the (pruned) sidebar
        html = path.read_text(encoding="utf-8")
        return html.split('<nav class="md-tabs"', 1)[1].split('<nav class="md-nav md-nav--secondary', 1)[0]


    for page in [root / "site" / "index.html", root / "site" / "incidents" / "index.html",
                 next((root / "site" / "incidents").glob("*/*/index.html")),
                 next((root / "site" / "reviews").glob("*/*/index.html"))]:
        nav = primary_nav(page)
        assert "YZMZ-" not in nav, page
        assert "舆情事件" in nav and "合规统计" in nav
    rules = (root / "site" / "rules" / "index.html").read_text(encoding="utf-8")
    assert 'href="YQ301/"' in rules  # the rule pages are listed under 规则说明


def test_the_early_warning_training_and_leading_group_pages_are_built_and_in_the_nav(shipped):
    root, _ = shipped
    site = root / "site"
    def primary_nav(path: Path) -> str:
        html = path.read_text(encoding="utf-8")
        return html.split('<nav class="md-tabs"', 1)[1].split('<nav class="md-nav md-nav--secondary', 1)[0]

    signals = sorted((root / "monitoring").glob("*/*.md"))
    assert len(signals) == 3
    for record in signals:
        page = site / "monitoring" / record.parent.name / record.stem / "index.html"
        assert page.is_file(), page
        assert "YZMZ-YJ-" not in primary_nav(page) and "研判预警" in primary_nav(page)
    home = primary_nav(site / "index.html")
    assert 'href="monitoring/"' in home and "研判预警" in home  # a tab beside 舆情事件
    assert home.index("舆情事件") < home.index("研判预警") < home.index("复盘评估")
    index = (site / "monitoring" / "index.html").read_text(encoding="utf-8")
    assert 'href="2026/YZMZ-YJ-2026-0001/"' in index and 'href="../incidents/2026/YZMZ-2026-0001/"' in index
    incident = (site / "incidents" / "2026" / "YZMZ-2026-0001" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../monitoring/2026/YZMZ-YJ-2026-0001/"' in incident
    training = primary_nav(site / "training" / "records" / "index.html")
    assert "培训记录" in training and "应急速查卡" in training
    records = (site / "training" / "records" / "index.html").read_text(encoding="utf-8")
    assert "苗头性信息的发现与研判" in records and "各科室最近一次培训或演练" in records
    plan = primary_nav(site / "plan" / "leading-group" / "index.html")
    assert "领导小组与联系方式" in plan and "二、组织体系及职责" in plan
    group = (site / "plan" / "leading-group" / "index.html").read_text(encoding="utf-8")
    assert "周建国（主要领导）" in group and "0574-87110004" in group
    organisation = (site / "plan" / "organisation" / "index.html").read_text(encoding="utf-8")
    assert 'href="../leading-group/"' in organisation
    stats = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert "按时研判率" in stats and "经预警信息发现的 1 件" in stats
    import json
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(doc["location"].startswith("monitoring/2026/YZMZ-YJ-2026-0003/") and "流浪人员" in doc["text"].replace("\u200b", "")
               for doc in search)


def test_no_reference_to_another_host(shipped):
    root, _ = shipped
    pages = [(path, text) for path, text in site_text(root / "site").items() if path.suffix == ".html"]
    assert len(pages) > 50
    for path, text in pages:
        assert external_references(text) == [], path
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    assert external_references('<a href="https://cdn.example.com/x.js">x</a><img src="//evil.example/i.png">') == \
        ["https://cdn.example.com/x.js", "//evil.example/i.png"]


def test_a_record_with_an_unknown_level_fails_strict_with_the_check_words(tmp_path):
    root = copy_project(tmp_path / "repo")
    target = sorted(p for p in (root / "incidents").glob("*/*.md") if not p.name.endswith(".review.md"))[0]
    text = target.read_text(encoding="utf-8")
    level = re.search(r"^level: *(\S+)", text, re.M).group(1)
    target.write_text(text.replace(f"level: {level}", "level: 特大", 1), encoding="utf-8")
    expected = [line for line in check_output(root) if " YQ003 " in line]
    assert len(expected) == 1 and "特大" in expected[0]
    run = mkdocs_build(root)
    assert run.returncode != 0
    assert f"WARNING -  {expected[0]}" in run.stderr
    assert "Aborted with 1 warnings in strict mode" in run.stdout + run.stderr


def test_an_unreadable_record_stops_the_build_with_a_clear_message(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "incidents" / "2024" / "YZMZ-2024-0099.md").write_bytes("---\nid: 编号\n---\n".encode("gbk"))
    run = mkdocs_build(root, strict=False)
    assert run.returncode != 0
    assert "有记录无法读取，网站没有生成" in run.stderr and "GBK" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_broken_policy_is_a_friendly_error(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "schema" / "policy.yml").write_text("obligations:\n  YQ999: {}\n", encoding="utf-8")
    run = mkdocs_build(root, strict=False)
    assert run.returncode != 0
    assert "yuqing：schema/policy.yml" in run.stderr and "配置错误" in run.stderr
    assert "Traceback" not in run.stderr


def test_restricted_records_do_not_reach_any_built_file(tmp_path):
    root = copy_project(tmp_path / "repo", with_records=False)
    for path, text in verdict_files().items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    from recordkit import to_markdown
    from test_render_signals import SECRET, SECRET_BODY, SECRET_NOTE, SECRET_SUMMARY, signal

    hidden = signal(SECRET, "2024-09-10 10:00", [("2024-09-10 10:30", "持续关注")], section="区救助管理站",
                    noticed_by="韩雪", summary=SECRET_SUMMARY, visibility="restricted")
    hidden["assessments"][0]["note"] = SECRET_NOTE
    (root / "monitoring" / "2024").mkdir(parents=True)
    (root / "monitoring" / "2024" / f"{SECRET}.md").write_text(to_markdown(hidden, f"## 经过\n\n{SECRET_BODY}\n"),
                                                               encoding="utf-8")
    run = mkdocs_build(root, strict=False, now=NOW)
    assert run.returncode == 0, run.stderr
    files = site_text(root / "site")
    page = (root / "site" / "incidents" / "2024" / RESTRICTED_ID / "index.html").read_text(encoding="utf-8")
    assert RESTRICTED_TITLE in page
    assert (root / "site" / "monitoring" / "2024" / SECRET / "index.html").is_file()
    assert any("search_index" in str(path) for path in files)
    for path, text in files.items():
        for secret in (*SECRETS.values(), SECRET_SUMMARY, SECRET_NOTE, SECRET_BODY):
            assert secret not in text, (path, secret)
    import openpyxl  # the ledger workbook offered for download hides the same

    book = openpyxl.load_workbook(root / "site" / "downloads" / "ledger.xlsx")
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert RESTRICTED_TITLE in cells
    for secret in SECRETS.values():
        assert not any(secret in cell for cell in cells), secret


def test_the_calendar_feeds_are_built_listed_and_parse(tmp_path):
    import json

    import icalendar

    import duekit
    from yuqing.manifest import MANIFEST_NAME
    from yuqing.render.calendar import section_slug

    root = copy_project(tmp_path / "repo", with_records=False)
    duekit.write(root, visibility="restricted")
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://yuqing.yzmz.example.cn/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    run = mkdocs_build(root, now=duekit.NOW)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "WARNING" not in run.stderr
    site = root / "site"
    feed = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    uids = [str(event["UID"]) for event in feed.walk("VEVENT")]
    assert uids == [f"{duekit.OPEN_ID}-YQ306-2@YZMZ", f"{duekit.ACTION_ID}-YQ311-1@YZMZ"]
    from yuqing.workspace import Workspace

    sections = [s.name for s in Workspace.open(root).org.sections]
    for name in sections:
        path = site / "calendar" / f"{section_slug(name)}.ics"
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert str(calendar["X-WR-CALNAME"]).endswith(name)
    mine = icalendar.Calendar.from_ical((site / "calendar" / f"{section_slug('养老服务科')}.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in mine.walk("VEVENT")] == [f"【养老服务科】{duekit.OPEN_ID} 第 2 次续报"]
    assert duekit.OPEN_TITLE not in site_text(site)[site / "calendar.ics"]  # restricted: id and obligation only
    manifest = json.loads((site / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert "calendar.ics" in manifest and f"calendar/{section_slug('社会救助科')}.ics" in manifest
    page = (site / "calendar" / "index.html").read_text(encoding="utf-8")
    assert "日程订阅" in page and "https://yuqing.yzmz.example.cn/calendar.ics" in page
    for name in sections:
        assert f"<td>{name}</td>" in page
        assert f'href="{section_slug(name)}.ics"' in page  # the page is calendar/index.html: links resolve
    assert 'href="../calendar.ics"' in page


def _sizes(site: Path) -> tuple[int, list[int]]:
    """(bytes of everything but the theme's fixed assets, bytes of each incident page)."""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "assets" not in p.relative_to(site).parts)
    pages = [p.stat().st_size for p in (site / "incidents").glob("*/*/index.html")]
    return total, pages


def _build_generated(base: Path, count: int) -> tuple[Path, float]:
    root = copy_project(base / f"n{count}", with_records=False)
    for path, text in generated_records(count).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    started = time.monotonic()
    run = mkdocs_build(root, now="2025-06-01 10:00")
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site", time.monotonic() - started


@pytest.mark.slow  # about 1.5 minutes on two cores: two real builds, one of 1,000 incidents and their reviews
def test_a_thousand_incidents_build_and_grow_linearly(tmp_path):
    small, _ = _build_generated(tmp_path, 200)
    large, seconds = _build_generated(tmp_path, 1000)
    small_total, small_pages = _sizes(small)
    large_total, large_pages = _sizes(large)
    assert len(small_pages) == 200 and len(large_pages) == 1000
    # an incident page costs the same whether there are 200 or 1,000 of them
    small_avg = sum(small_pages) / len(small_pages)
    large_avg = sum(large_pages) / len(large_pages)
    assert 0.9 < large_avg / small_avg < 1.1, (small_avg, large_avg)
    # bytes per incident of the whole site (hand-written pages included) do not grow with the count;
    # a page listing all incidents on every page would make them grow about fivefold
    per_small, per_large = small_total / 200, large_total / 1000
    assert per_large < 1.15 * per_small, (per_small, per_large)
    # no incident page embeds the list of the others
    ident = re.compile(r"YZMZ-2024-\d{4}")
    for page in (large / "incidents").glob("2024/*/index.html"):
        found = set(ident.findall(page.read_text(encoding="utf-8")))
        assert found == {page.parent.name}, (page, sorted(found)[:5])
    assert seconds < 600


def test_a_long_build_shows_a_bar_on_a_terminal_only(tmp_path):
    from conftest import on_a_terminal

    root = copy_project(tmp_path / "repo", with_records=False)
    for relpath, text in generated_records(110).items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "NO_PROGRESS")}
    env.update(NO_MKDOCS_2_WARNING="1", YUQING_NOW="2025-01-01 00:00")
    shown = on_a_terminal(argv, env)
    assert "生成网站 [" in shown and "100%" in shown, shown[-2000:]
    assert "Documentation built" in shown
    quiet = on_a_terminal(argv, {**env, "CI": "true"})
    assert "生成网站 [" not in quiet and "Documentation built" in quiet
