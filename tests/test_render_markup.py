"""Markdown building blocks: escaping record text, links, tables, verdict badges, heading demotion."""

from __future__ import annotations

from datetime import datetime, timedelta

import markdown
import pytest

from conftest import TZ
from yuqing.findings import Outcome, Verdict
from yuqing.i18n import Msg
from yuqing.render import markup as m

START = datetime(2024, 8, 26, 9, 20, tzinfo=TZ)


def html(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list"])


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "**粗体**", "[链接](javascript:alert(1))", "a | b", "`代码`", "_下划线_",
    "{: onclick=x }", "&lt;已转义&gt;",
])
def test_text_renders_literally(hostile):
    rendered = html(f"前缀 {m.text(hostile)} 后缀")
    assert "<script" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    assert "<code>" not in rendered and "<em>" not in rendered and 'onclick="' not in rendered
    # what the reader sees is the original text
    import html as std_html
    import re

    visible = std_html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert hostile in visible


def test_text_in_a_table_cell_keeps_the_table_shape():
    rendered = html(m.table(["a", "b"], [[m.text("x | y"), "z"]]))
    assert rendered.count("<td>") == 2
    assert "x | y" in rendered


def test_text_flattens_newlines_and_handles_none():
    assert m.text("第一行\n\n第二行") == "第一行 第二行"
    assert m.text(None) == ""


def test_code_survives_backticks():
    assert html(m.code("a`b")).count("<code>") == 1
    assert "a`b" in html(m.code("a`b"))


def test_relative_links_between_pages():
    assert m.relative("incidents/2024/X.md", "reviews/2024/X.md") == "../../reviews/2024/X.md"
    assert m.relative("index.md", "incidents/index.md") == "incidents/index.md"
    assert m.relative("incidents/index.md", "incidents/2024/X.md") == "2024/X.md"
    assert m.link("标题", "stats.md", "rules/YQ301.md") == "[标题](rules/YQ301.md)"


def test_table_alignment_and_empty_cells():
    text = m.table(["a", "b"], [["1", ""]], ["l", "r"])
    assert "| --- | --: |" in text
    assert "| 1 |   |" in text


def _verdict(outcome, done=None, due=timedelta(minutes=15), **extra):
    return Verdict("YQ301", Msg("口头报告", "oral"), outcome, START, START + due if due else None,
                   START + done if done is not None else None, **extra)


def test_verdict_labels_for_every_outcome():
    assert m.verdict_label(_verdict(Outcome.MET, timedelta(minutes=11))) == "按时 用时11分钟"
    assert m.verdict_label(_verdict(Outcome.LATE, timedelta(minutes=20))) == "超时5分钟"
    assert m.verdict_label(_verdict(Outcome.MISSING)) == "缺失"
    assert m.verdict_label(_verdict(Outcome.PENDING)) == "未到期"
    late = _verdict(Outcome.EXCUSED, timedelta(minutes=75), was=Outcome.LATE, excuse="领导开会")
    assert m.verdict_label(late) == "已说明（超时1小时）"
    missing = _verdict(Outcome.EXCUSED, was=Outcome.MISSING, excuse="领导开会")
    assert m.verdict_label(missing) == "已说明（缺失）"
    no_clock = Verdict("YQ309", Msg("要素", "elements"), Outcome.MET, done_at=START)
    assert m.verdict_label(no_clock) == "按时"


def test_badge_carries_the_outcome_class_and_escapes_words():
    badge = m.badge(_verdict(Outcome.LATE, timedelta(minutes=20)))
    assert badge.startswith('<span class="yq-badge yq-late"')
    assert "超时5分钟" in badge
    assert m.span("x", "<b>") == '<span class="x">&lt;b&gt;</span>'


def test_demote_headings_skips_code_fences():
    text = "## 经过\n\n```\n# 不是标题\n```\n\n### 细节\n"
    assert m.demote_headings(text) == "### 经过\n\n```\n# 不是标题\n```\n\n#### 细节"


@pytest.mark.parametrize("narrative, demoted", [
    ("## 经过\n正文", "### 经过 { data-search-exclude }\n正文"),
    ("# 经过 ##\n", "## 经过 { data-search-exclude }"),  # closing hashes go before the attribute list
    ("##### 五级\n", "###### 五级 { data-search-exclude }"),
    ("```\n## 代码\n```\n", "```\n## 代码\n```"),
    ("#不是标题\n", "#不是标题"),
])
def test_demote_headings_can_keep_a_narrative_out_of_the_search(narrative, demoted):
    assert m.demote_headings(narrative, 1, searched=False) == demoted


def test_an_unsearched_heading_carries_the_exclusion_both_search_indexers_read():
    from material.plugins.search.plugin import Parser

    html = markdown.markdown("# 标题\n\n导语\n\n" + m.unsearched_heading("时限核查") + "\n\n内容",
                             extensions=["attr_list", "toc"])
    assert '<h2 data-search-exclude id="' in html and ">时限核查</h2>" in html
    parser = Parser()
    parser.feed(html)
    parser.close()
    kept = [("".join(section.title).strip(), "".join(section.text).strip()) for section in parser.data if not section.is_excluded()]
    assert kept == [("标题", "<p>导语</p>")]


@pytest.mark.parametrize("length, cut", [(1, False), (m.LEDE_CHARS, False), (m.LEDE_CHARS + 1, True)])
def test_lede_is_cut_at_its_limit_and_the_whole_text_kept_out_of_the_search(length, cut):
    words = "养" * (length - 1) + "*"
    lines = m.lede("事件概要", words)
    if not cut:
        assert lines == [f"**事件概要**：{'养' * (length - 1)}\\*", ""]
        return
    assert lines[0] == f"**事件概要**：{'养' * m.LEDE_CHARS}……（全文见下）"
    assert lines[2] == "## 事件概要 { data-search-exclude }"
    assert lines[4] == "养" * (length - 1) + "\\*"  # nothing lost, still escaped


def test_admonition_indents_its_body():
    rendered = markdown.markdown(m.admonition("note", "演练", "第一段\n\n第二段"), extensions=["admonition"])
    assert 'class="admonition note"' in rendered
    assert "第二段" in rendered


def test_names():
    assert m.names(["分管领导", "主要领导"]) == "分管领导、主要领导"
    assert m.names_unique(["市民政局", "区委办", "市民政局"]) == "市民政局、区委办"
