"""Inline SVG bar charts: proportional segments, escaped labels, no script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from yuqing.compliance import Tally
from yuqing.render.svg import BAR_W, bar_chart, text_width


def svg_of(block: str) -> ET.Element:
    assert block.startswith('<div class="yq-chart">') and block.endswith("</div>")
    assert "\n\n" not in block  # one raw HTML block for Markdown
    inner = block[len('<div class="yq-chart">'):-len("</div>")].strip()
    return ET.fromstring(inner)


def test_segments_are_proportional_to_the_outcomes():
    block = bar_chart([("养老服务科", Tally(met=3, late=1)), ("社会救助科", Tally(met=1, excused=1, missing=2))], "按科室")
    svg = svg_of(block)
    widths = {}
    for rect in svg.iter("rect"):
        title = rect.find("title")
        if title is not None:
            widths[title.text] = float(rect.get("width"))
    assert abs(widths["养老服务科：按时 3 项"] - BAR_W * 0.75) < 0.2
    assert abs(widths["养老服务科：超时 1 项"] - BAR_W * 0.25) < 0.2
    assert abs(widths["社会救助科：缺失 2 项"] - BAR_W * 0.5) < 0.2
    texts = [t.text for t in svg.iter("text")]
    assert "75.0%（3/4）" in texts and "25.0%（1/4）" in texts
    assert svg.get("aria-label") == "按科室" and svg.find("title").text == "按科室"


def test_labels_are_escaped_and_nothing_runs():
    block = bar_chart([("<script>alert(1)</script>", Tally(met=1))], "x\"y")
    assert "<script>" not in block
    svg_of(block)  # still well-formed XML
    assert not re.search(r"\son\w+=", block)


def test_long_labels_are_shown_whole_and_the_chart_widens_for_them():
    label = "YQ404 较大/重大事件及时登记入台账"
    svg = svg_of(bar_chart([(label, Tally(met=1))], "按规则"))
    texts = [t for t in svg.iter("text") if t.find("title") is not None]
    assert texts[0].find("title").text == label and texts[0].find("title").tail == label
    width = float(svg.get("viewBox").split()[2])
    bar = next(r for r in svg.iter("rect") if r.get("fill") == "#e0e0e0")
    assert float(bar.get("x")) >= text_width(label)  # the label column holds the whole label
    short = svg_of(bar_chart([("一般", Tally(met=1))], "按级别"))
    assert float(short.get("viewBox").split()[2]) < width


def test_rows_without_decided_obligations_and_no_rows():
    block = bar_chart([("2026 年", Tally(pending=2))], "按年份")
    assert "暂无到期义务" in block
    assert "暂无数据" in bar_chart([], "空")
