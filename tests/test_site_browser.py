"""The built site in a real browser (headless Debian Chromium through Playwright), served on 127.0.0.1,
once built with MkDocs and once with Zensical (``yuqing build --generator zensical``, DESIGN §11):
every test runs against both builds (ids ``[mkdocs]`` and ``[zensical]``).

Opens the home page, goes to an incident from the index and sees its verdict badges, goes from a
signal (研判预警) to the incident it became and back, searches a Chinese word (养老, a signal's
火车站) and English words, filters and sorts the index, and checks that no
request left 127.0.0.1 and the console stayed clean. Every page kind is opened on a 1280 px desktop
and a 400 px phone: nothing sticks out of the page, a wide table scrolls within its own box.
Screenshots go to test-artifacts/screenshots/<generator>/.
"""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from browserkit import chromium, needs_chromium, serve
from browserkit import shot as _shot
from sitekit import PROJECT_ROOT, copy_project, mkdocs_build
from yuqing.cli import main

pytestmark = needs_chromium

GENERATORS = ("mkdocs", "zensical")


@pytest.fixture(scope="module", params=GENERATORS)
def generator(request) -> str:
    if request.param == "zensical" and find_spec("zensical") is None:
        pytest.skip("Zensical is not installed")
    return request.param


@pytest.fixture(scope="module")
def served(generator, tmp_path_factory):
    """The shipped repository built into a temp dir with ``generator`` and served on 127.0.0.1 (base URL)."""
    root = copy_project(tmp_path_factory.mktemp(f"browser-{generator}"))
    if generator == "mkdocs":
        run = mkdocs_build(root, strict=True)
        assert run.returncode == 0, run.stderr
    else:
        assert main(["build", "--root", str(root), "--quiet", "--strict", "--generator", "zensical"]) == 0
    with serve(root / "site") as base:
        yield base


@pytest.fixture(scope="module")
def browser(served, tmp_path_factory):
    """A Chromium context; records every request and every console error of every page."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as opened:
        yield opened


@pytest.fixture
def shot(generator):
    """``shot(page, name)``: the page to test-artifacts/screenshots/<generator>/<name>.png."""
    return lambda page, name: _shot(page, name, generator)


def open_page(context, url, width: int = 1280):
    page = context.pages[0] if context.pages else context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def test_home_to_an_incident_with_verdict_badges(served, browser, shot):
    context, _ = browser
    page = open_page(context, served)
    assert "舆情处置台账" in page.title()
    assert "舆情处置台账" in page.locator("h1").first.inner_text()
    shot(page, "home")
    page.get_by_role("link", name="舆情事件").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/incidents/")
    shot(page, "incident-index")
    first = page.locator("table[data-yq-table] tbody tr").first.locator("a").first
    record_id = first.inner_text()
    first.click()
    page.wait_for_load_state("networkidle")
    assert record_id in page.locator("h1").inner_text()
    badges = page.locator(".yq-badge")
    assert badges.count() > 0
    words = badges.all_inner_texts()
    assert any(word.startswith(("按时", "已说明")) for word in words), words
    assert page.locator("text=处置时间线").count() >= 1
    shot(page, "incident")


def test_every_verdict_kind_on_the_shipped_data_and_a_drill(served, browser, shot):
    context, _ = browser
    page = open_page(context, served + "stats/")
    texts = page.locator(".yq-badge").all_inner_texts()
    assert any(t.startswith("已说明（超时") for t in texts) and any(t.startswith("已说明（缺失") for t in texts)
    assert page.locator(".yq-chart svg").count() >= 4
    shot(page, "stats")


def test_filter_and_sort_the_index(served, browser, shot):
    context, _ = browser
    page = open_page(context, served + "incidents/")
    rows = page.locator("table[data-yq-table] tbody tr")
    total = rows.count()
    headers = page.locator("table[data-yq-table] thead th").all_inner_texts()
    level_column = [h.strip() for h in headers].index("级别")
    options = page.locator("select[name='级别'] option").all_inner_texts()
    assert options == ["全部", "一般", "较大", "重大"]  # the plan's order, not the pinyin's
    page.locator("select[name='级别']").select_option("重大")
    visible = page.locator("table[data-yq-table] tbody tr:not([hidden])")
    count = visible.count()
    assert 0 < count < total
    for index in range(count):
        assert visible.nth(index).locator("td").nth(level_column).inner_text().strip() == "重大"
    assert f"显示 {count} / {total} 条" in page.locator(".yq-filtercount").inner_text()
    shot(page, "incident-index-filtered")
    page.get_by_role("button", name="清除筛选").click()
    assert page.locator("table[data-yq-table] tbody tr:not([hidden])").count() == total
    page.locator("table[data-yq-table] thead th", has_text="编号").click()
    ids = [rows.nth(i).locator("td").first.inner_text() for i in range(total)]
    assert ids == sorted(ids)
    page.locator("table[data-yq-table] thead th", has_text="编号").click()
    ids = [rows.nth(i).locator("td").first.inner_text() for i in range(total)]
    assert ids == sorted(ids, reverse=True)
    # a filter preset from the address
    page = open_page(context, served + "incidents/?级别=一般")
    assert page.locator("select[name='级别']").input_value() == "一般"


def search(page, generator, words):
    """Type ``words`` into the site's search; the result items. Material draws its own search box and
    list; Zensical opens a dialog in a shadow root (role locators see into it)."""
    if generator == "zensical":
        page.locator("button.md-search__button:visible").first.click()
        field = page.get_by_role("combobox").first
        field.wait_for()
        field.fill(words)
        results = page.get_by_role("listbox").first.get_by_role("option")
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        field = page.locator("input.md-search__input")
        field.fill(words)
        field.press("End")  # Material searches on key events; a real keyboard (or IME) sends them
        results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


@pytest.mark.parametrize("words", ["养老", "grave-oral-report", "exceptions"])
def test_search_finds_chinese_and_english_words(served, browser, shot, generator, words):
    context, _ = browser
    page = open_page(context, served)
    results = search(page, generator, words)
    assert results.count() > 0
    text = " ".join(results.all_inner_texts())
    if words == "养老":
        assert "养老" in text
    if words == "grave-oral-report":
        assert "YQ301" in text
    shot(page, f"search-{'zh' if words == '养老' else words}")


def test_the_search_box_speaks_chinese(served, browser, shot, generator):
    """Material's search box comes in Chinese; Zensical's dialog has English words of its own, which
    yuqing.js puts in Chinese (placeholder, the count of results, the buttons' names)."""
    context, _ = browser
    page = open_page(context, served)
    search(page, generator, "养老")
    if generator == "zensical":
        assert page.get_by_role("combobox").first.get_attribute("placeholder") == "搜索"
        page.wait_for_function("""() => [...document.body.children].some(el => el.shadowRoot
            && /找到 [0-9,]+ 个结果/.test(el.shadowRoot.textContent))""", timeout=15000)
        assert page.get_by_role("button", name="关闭搜索").count() == 1
        assert page.get_by_role("listbox", name="搜索结果").count() == 1
        words = page.evaluate("() => [...document.body.children].filter(el => el.shadowRoot)"
                              ".flatMap(el => [...el.shadowRoot.childNodes]).filter(node => node.nodeName !== 'STYLE')"
                              ".map(node => node.textContent).join(' ')")
        for english in ("Search", "results", "Filters", "Loading"):
            assert english not in words, english
    else:
        assert page.locator("input.md-search__input").get_attribute("placeholder") == "搜索"
    shot(page, "search-dialog")


@pytest.mark.parametrize("name, path", [
    ("duties", "duties/"), ("reviews", "reviews/"), ("rules", "rules/"), ("rule", "rules/YQ301/"),
    ("quick-card", "training/quick-card/"), ("cases", "training/cases/"), ("plan", "plan/"),
    ("guide", "guide/submit/"),
])
def test_page_kinds_render(served, browser, shot, name, path):
    context, _ = browser
    page = open_page(context, served + path)
    assert page.locator("h1").count() == 1
    assert page.locator("article").inner_text().strip()
    shot(page, name)


def test_a_review_page(served, browser, shot):
    context, _ = browser
    page = open_page(context, served + "reviews/")
    page.locator("table tbody tr").first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("复盘评估")
    assert page.locator("text=整改措施").count() >= 1
    shot(page, "review")


PRINTS = PROJECT_ROOT / "test-artifacts" / "print"


def _print(page, generator: str, name: str) -> tuple[int, str]:
    """Print the page as Chromium does (A4, the print stylesheet) to test-artifacts/print/<generator>/<name>.pdf,
    with a PNG per sheet (pdftoppm -r 60) to look at; (number of sheets, the PDF's text)."""
    import re
    import shutil
    import subprocess

    folder = PRINTS / generator
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.pdf"
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    page.pdf(path=str(target), format="A4", print_background=True)
    data = target.read_bytes()
    sheets = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        assert f"Pages:           {sheets}" in info or re.search(rf"Pages:\s+{sheets}\b", info), info
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(target), str(folder / name)], check=True)
    text = ""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
    return sheets, text


def _nav_labels() -> list[str]:
    import yaml

    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(item)) for item in config["nav"] if isinstance(item, dict)]


def test_the_quick_card_prints_on_one_a4_sheet(served, browser, generator):
    context, _ = browser
    page = open_page(context, served + "training/quick-card/")
    sheets, text = _print(page, generator, "quick-card")
    assert sheets == 1
    if text:
        squeezed = "".join(text.split())
        for words in ("应急速查卡", "最初15分钟", "35分钟", "打电话报告", "找谁", "0574-87110002", "记住"):
            assert words in squeezed, words
        assert squeezed.index("获知后15分钟内") < squeezed.index("三、之后") < squeezed.index("把事件记录提交到台账")


def test_an_incident_page_prints_as_a_clean_record(served, browser, generator):
    context, _ = browser
    page = open_page(context, served + "incidents/2024/YZMZ-2024-0001/")
    labels = _nav_labels()
    screen = page.locator(".md-tabs").inner_text()
    assert all(label in screen for label in labels[1:4])  # on screen the navigation is there
    page.emulate_media(media="print")
    try:
        for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                         ".md-search", ".md-top", ".md-sidebar-button"):  # the last: Zensical's contents button
            if page.locator(selector).count() == 0 and selector == ".md-sidebar-button" and generator == "mkdocs":
                continue
            hidden = page.eval_on_selector(selector, "e => getComputedStyle(e).display")
            assert hidden == "none", selector
        after = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')].map(
            a => getComputedStyle(a, '::after').content).filter(c => c && c !== 'none' && c !== 'normal')""")
        assert after == []  # links stay as their words: no address written out after them
        for selector in ("table", ".yq-badge"):  # the verdict table and its badges are kept
            assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") != "none"
    finally:
        page.emulate_media(media="null")  # back to no emulation: the PDF is printed with print media
    sheets, text = _print(page, generator, "incident")
    assert 1 <= sheets <= 4
    if text:
        squeezed = "".join(text.split())
        assert "YZMZ-2024-0001" in squeezed and "时限核查" in squeezed and "处置时间线" in squeezed
        assert "按时" in squeezed
        content = "".join(page.inner_text(".md-content").split())
        for label in labels:  # a tab's name is there only as often as the record's own text has it
            assert squeezed.count(label) <= content.count(label), label
        assert "".join(labels[:3]) not in squeezed
        for chrome in ("搜索", "返回顶部", "鄞州区民政局舆情处置台账", "http://127.0.0.1"):
            assert chrome not in squeezed, chrome


@pytest.mark.parametrize("width", [1280, 400])
def test_a_record_page_fits_desktop_and_phone(served, browser, shot, width):
    """No page-wide sideways scroll at either width: a wide table scrolls within its own box, its last
    column (结论) reachable there; record pages give the content the width the empty left column took."""
    context, _ = browser
    page = open_page(context, served + "incidents/2024/YZMZ-2024-0002/")
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("table", has=page.locator("th", has_text="结论")).first
    box = table.evaluate("t => { const w = t.closest('.md-typeset__scrollwrap') || t.parentElement;"
                         " return [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX]; }")
    assert box[0] <= box[1] or box[2] in ("auto", "scroll")
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display === 'none' || "
                                                          "e.hasAttribute('hidden') || e.offsetWidth === 0") \
        or width < 1220  # Material hides the navigation on pages whose front matter says so (desktop)
    shot(page, f"incident-page-{width}px")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("path", ["monitoring/", "incidents/"])
def test_record_ids_in_a_tables_first_column_stay_on_one_line_on_a_phone(served, browser, path):
    """A 400 px phone: YZMZ-YJ-2026-0003 is not broken into YZMZ-YJ- / 2026-0003."""
    context, _ = browser
    page = open_page(context, served + path, width=400)
    links = page.locator("td:first-child > a")
    assert links.count() > 0
    lines = links.evaluate_all("links => links.map(a => [a.innerText, a.getClientRects().length])")
    assert [text for text, count in lines if count != 1] == []
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_signal_to_its_incident_and_back(served, browser, shot):
    """研判预警: the tab, a signal with its YQ314 badge, the incident it became, the incident's link back."""
    context, _ = browser
    page = open_page(context, served)
    page.locator(".md-tabs").get_by_role("link", name="研判预警").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/monitoring/")
    assert page.locator("h1").inner_text().startswith("研判预警")
    assert page.locator("h2", has_text="2026 年 3 月").count() == 1
    shot(page, "signal-index")
    page.get_by_role("link", name="YZMZ-YJ-2026-0001").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/monitoring/2026/YZMZ-YJ-2026-0001/")
    assert "YZMZ-YJ-2026-0001" in page.locator("h1").inner_text()
    assert any(word.startswith("按时研判") for word in page.locator(".yq-badge").all_inner_texts())
    assert page.locator("text=研判经过").count() >= 1
    shot(page, "signal")
    page.locator("article table").first.get_by_role("link", name="YZMZ-2026-0001").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/incidents/2026/YZMZ-2026-0001/")
    row = page.locator("article table tr", has_text="来自预警信息")
    assert row.count() == 1
    shot(page, "incident-from-signal")
    row.get_by_role("link", name="YZMZ-YJ-2026-0001").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/monitoring/2026/YZMZ-YJ-2026-0001/")


def test_search_finds_a_signal(served, browser, shot, generator):
    context, _ = browser
    page = open_page(context, served + "monitoring/")
    results = search(page, generator, "火车站")
    texts = " ".join(results.all_inner_texts())
    assert "YZMZ-YJ-2026-0003" in texts, texts
    shot(page, "search-signal")


@pytest.mark.parametrize("name, path", [("training-records", "training/records/"),
                                        ("leading-group", "plan/leading-group/")])
def test_training_records_and_the_leading_group(served, browser, shot, name, path):
    context, _ = browser
    page = open_page(context, served + path)
    assert page.locator("h1").count() == 1 and page.locator("article table").count() >= 2
    shot(page, name)

PAGE_KINDS = [("home", ""), ("incident-index", "incidents/"), ("incident", "incidents/2024/YZMZ-2024-0002/"),
              ("review", "reviews/2024/YZMZ-2024-0002/"), ("rules", "rules/"), ("stats", "stats/"),
              ("duties", "duties/"), ("plan", "plan/"), ("signal-index", "monitoring/"),
              ("signal", "monitoring/2026/YZMZ-YJ-2026-0001/"), ("training-records", "training/records/"),
              ("leading-group", "plan/leading-group/"), ("form", "form/")]

# What sticks out: a content element whose right edge is past the window and that no scrolling box
# (a table's wrapper) holds; a table's scrolling box itself past the window.
STICKING_OUT = """(width) => {
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const held = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
      if (p.matches('article, .md-content')) return false; if (scrolls(p)) return true; } return false; };
  const out = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || getComputedStyle(e).visibility === 'hidden') continue;
    if ((r.right > width + 0.5 || r.left < -0.5) && !held(e)) out.push(e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 30));
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("name, path", PAGE_KINDS, ids=[name for name, _ in PAGE_KINDS])
def test_every_page_kind_on_desktop_and_phone(served, browser, shot, name, path):
    """Screenshots: test-artifacts/screenshots/<generator>/<page>-1280.png and -400.png. No sideways scroll of
    the page at either width, nothing in the content past the window's edge except inside a box that scrolls."""
    context, _ = browser
    for width in (1280, 400):
        page = open_page(context, served + path, width)
        assert page.locator("h1").count() == 1
        assert page.locator("article").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        assert page.evaluate(STICKING_OUT, page.evaluate("document.documentElement.clientWidth")) == [], width
        shot(page, f"{name}-{width}")
    open_page(context, served)  # back to the desktop width for the tests after


def test_nothing_left_127_0_0_1_and_no_console_errors(served, browser):
    _, log = browser
    assert log["requests"], "the tests above made requests"
    outside = [url for url in log["requests"] if not url.startswith(("http://127.0.0.1:", "data:", "blob:"))]
    assert outside == []
    assert log["errors"] == []
