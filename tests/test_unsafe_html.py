"""markup.py: finding markup that could run script or load foreign content, and sanitising HTML."""

from __future__ import annotations

import time

import pytest

from yuqing.unsafe_html import code_spans, could_contain_unsafe_markup, find_unsafe_markup, sanitize_page_html


def found(text: str) -> list[tuple[str, str]]:
    """(kind, the text from the finding's start) of every finding, in order."""
    return [(item.kind, text[item.start:item.start + 12]) for item in find_unsafe_markup(text)]


def kinds(text: str) -> list[str]:
    return [item.kind for item in find_unsafe_markup(text)]


POSITIVE = [
    ("<script>alert(1)</script>", "script"),
    ("<ScRiPt>alert(1)</sCrIpT>", "script"),
    ("< script src=x>", "script"),
    ("网民贴出：<script src='https://evil.example/x.js'></script>", "script"),
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ("<IFRAME SRC=x>", "iframe"),
    ('<object data="x.swf"></object>', "iframe"),
    ('<embed src="x.swf">', "iframe"),
    ("<svg><g/></svg>", "style"),
    ('<form action="https://evil.example/"><input name=x></form>', "style"),
    ("<style>body{display:none}</style>", "style"),
    ('<img src="x.png" onerror="alert(1)">', "handler"),
    ("<b onclick=alert(1)>点我</b>", "handler"),
    ("<div ONMOUSEOVER = 'x()'>", "handler"),
    ("<img/onerror=alert(1) src=x>", "handler"),
    ("<details open ontoggle=alert(1)>", "handler"),
    ("[原帖](javascript:alert(1))", "js-url"),
    ("[原帖](JavaScript:alert(1))", "js-url"),
    ("[原帖](JAVASCRIPT :alert(1))", "js-url"),
    ("[原帖]( javascript:alert(1))", "js-url"),
    ('<a href="  javascript:alert(1)">x</a>', "js-url"),
    ('<a href="java\tscript:alert(1)">x</a>', "js-url"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "js-url"),
    ('<a href="javascript&colon;alert(1)">x</a>', "js-url"),
    ("<a href='vbscript:msgbox(1)'>x</a>", "js-url"),
    ("<javascript:alert(1)>", "js-url"),
    ("[数据](data:text/html;base64,PHNjcmlwdD4=)", "data-url"),
    ('<a href="data:text/html,<b>x</b>">x</a>', "data-url"),
    ("<data:text/html,x>", "data-url"),
    ("[1]: data:text/html,x", "data-url"),
    ("![截图](https://evil.example/track.png)", "external-image"),
    ("![截图](http://evil.example/track.png)", "external-image"),
    ("![截图](//evil.example/track.png)", "external-image"),
    ('<img src="https://evil.example/track.png">', "external-image"),
    ("<IMG SRC=//evil.example/track.png>", "external-image"),
]


@pytest.mark.parametrize("text, kind", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_unsafe_markup_is_found(text, kind):
    assert kind in kinds(text), found(text)


@pytest.mark.parametrize("text, kind", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_the_quick_test_lets_every_finding_through(text, kind):
    assert could_contain_unsafe_markup(text)
    assert could_contain_unsafe_markup(f"{text}（网民原文）\n")


NEGATIVE = [
    "网民反映午餐质量差。",
    "[区民政局](https://www.nbyz.gov.cn/)",
    "[预案原文](../plan.md)",
    "详见 <https://www.nbyz.gov.cn/>",
    "![本地截图](images/screenshot.png)",
    "<b>加粗</b>、<em>强调</em>、<table><tr><td>表格</td></tr></table>",
    "<a href=\"https://www.nbyz.gov.cn/\" title=\"区民政局\">链接</a>",
    "请看 `<script>` 标签",
    "引用代码：`<img src=x onerror=alert(1)>`",
    "``<iframe src=x>``",
    "```html\n<script>alert(1)</script>\n<a href=\"javascript:x\">x</a>\n```\n",
    "~~~\n<iframe src=\"https://evil.example/\"></iframe>\n~~~\n",
    "时间：2024-08-26，地点：某社区。说明：无。",
    "网民称：这是 javascript 写的？",
    "处置要点: 核实、回应、跟踪。",
    "回复（data：无）",
    "统计(data: 2024 年)",
    "数量 a<b 且 c>d，online=1",
    "收入 < 3000 元的家庭 onboard = 是",
    "metadata: 无",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_text_and_quoted_code_are_not_flagged(text):
    assert kinds(text) == [], found(text)


@pytest.mark.parametrize("text", ["网民反映午餐质量差。", "截至 6：54，阅读 1.2 万", "javascript 教程 data 统计"])
def test_text_without_a_tag_colon_entity_or_url_needs_no_search(text):
    assert not could_contain_unsafe_markup(text) and not list(find_unsafe_markup(text))


def test_several_findings_in_order_with_their_positions():
    text = '前言 <script>x</script> 中间 <img src="a.png" onerror="b()"> 结尾 [x](javascript:y)'
    items = list(find_unsafe_markup(text))
    assert [i.kind for i in items] == ["script", "handler", "js-url"]
    assert text[items[0].start:].startswith("<script")
    assert text[items[1].start:].startswith("onerror")  # the handler itself, not the tag
    assert text[items[2].start:].startswith("javascript")
    assert all(i.label and i.label_en for i in items)


def test_markup_outside_a_code_span_is_still_found():
    text = "`<script>` 是代码，<script>alert(1)</script> 不是"
    items = list(find_unsafe_markup(text))
    assert [i.kind for i in items] == ["script"]
    assert items[0].start == text.index("<script>alert")


def test_an_unclosed_fence_does_not_hide_markup_from_the_check():
    assert kinds("```\n<script>alert(1)</script>\n") == ["script"]


def test_code_spans():
    text = "a `b` c\n```\nd\n```\ne"
    spans = code_spans(text)
    assert [text[s:e] for s, e in spans] == ["`b`", "```\nd\n```"]


def test_text_full_of_angle_brackets_is_read_in_linear_time():
    for text in ("<a b " * 100_000, "<" * 300_000, "<img " * 100_000, "![" * 200_000, "`a`<script>" * 50_000):
        started = time.perf_counter()
        list(find_unsafe_markup(text))
        assert time.perf_counter() - started < 5, text[:20]


# --- sanitize_page_html (a record page's HTML) ----------------------------------------------------------------------------

def test_sanitize_removes_scripts_with_their_content():
    out = sanitize_page_html("<p>正文</p><script>alert('x')</script><ScRiPt>steal()</ScRiPt>")
    assert out == "<p>正文</p>"


def test_sanitize_removes_event_handlers_and_keeps_the_element():
    out = sanitize_page_html('<p onclick="alert(1)" onmouseover=x>点我</p><b onerror=y>粗</b>')
    assert out == "<p>点我</p><b>粗</b>"


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
])
def test_sanitize_drops_dangerous_hrefs(href):
    out = sanitize_page_html(f'<a href="{href}">链接</a>')
    assert "href" not in out and "script:" not in out.lower() and "data:" not in out
    assert "链接" in out


def test_sanitize_keeps_tables_links_and_formatting():
    html = ('<table><thead><tr><th align="left">时间</th></tr></thead><tbody><tr><td>09:20</td></tr></tbody></table>'
            '<p><a href="https://www.nbyz.gov.cn/" title="区民政局">区民政局</a> <strong>重要</strong> '
            '<code>x</code></p><ul><li>一</li></ul>')
    out = sanitize_page_html(html)
    for piece in ('<table>', '<th align="left">时间</th>', "<td>09:20</td>", 'href="https://www.nbyz.gov.cn/"',
                  'title="区民政局"', "<strong>重要</strong>", "<code>x</code>", "<li>一</li>"):
        assert piece in out, piece


def test_sanitize_keeps_the_search_exclusion_of_a_record_pages_sections():
    out = sanitize_page_html('<h2 data-search-exclude id="时限核查">时限核查</h2><div class="yq-unsearched" '
                             'data-search-exclude><p>列表</p></div><p data-x="1">正文</p>')
    assert '<h2 data-search-exclude="" id="时限核查">' in out or '<h2 id="时限核查" data-search-exclude="">' in out
    assert 'data-search-exclude=""' in out.split("<div", 1)[1] and "data-x" not in out


@pytest.mark.parametrize("html", [
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x"></object>',
    '<embed src="x">',
    '<svg onload="alert(1)"></svg>',
    '<img src="https://evil.example/track.png">',
    '<form action="https://evil.example/"><input name="x"></form>',
    '<style>body{display:none}</style>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
])
def test_sanitize_removes_embeds_images_forms_and_styles(html):
    out = sanitize_page_html(html + "<p>正文</p>")
    assert out.endswith("<p>正文</p>")
    for word in ("iframe", "object", "embed", "svg", "form", "input", "style", "meta", "evil.example"):
        assert word not in out  # an image from the site itself may stay; one from outside loses its src


def test_sanitize_escapes_what_is_not_markup():
    assert sanitize_page_html("收入 < 3000 & 支出 > 0") == "收入 &lt; 3000 &amp; 支出 &gt; 0"
