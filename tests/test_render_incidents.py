"""舆情事件 pages: the index and one page per incident, with every verdict kind and a restricted record."""

from __future__ import annotations

import re
from datetime import datetime

import markdown
import pytest
from mkdocs.utils import meta as mkdocs_meta

from conftest import TZ
from recordkit import GRAVE_ID, grave, to_markdown
from sitekit import (
    DRILL_ID,
    EXCUSED_MISSING_ID,
    LATE_ID,
    MISSING_ID,
    PENDING_ID,
    RESTRICTED_ID,
    RESTRICTED_TITLE,
    RESTRICTED_TRACKER,
    SECRETS,
    render,
    write_verdict_repo,
)


@pytest.fixture
def pages(repo):
    write_verdict_repo(repo)
    return render(repo)[1]


def page_of(pages, record_id):
    return pages[f"incidents/{record_id.split('-')[1]}/{record_id}.md"]


def as_html(text):
    """The page body as HTML, its front matter read apart (as MkDocs does)."""
    body, _ = mkdocs_meta.get_data(text)
    return markdown.markdown(body, extensions=["tables", "admonition", "attr_list", "md_in_html"])


def test_index_lists_every_incident_with_links_filters_and_drills(pages):
    index = pages["incidents/index.md"]
    for record_id in (GRAVE_ID, LATE_ID, MISSING_ID, PENDING_ID, EXCUSED_MISSING_ID, RESTRICTED_ID, DRILL_ID):
        assert f"[{record_id.replace('-', '-')}](2024/{record_id}.md)" in index
    assert '<div class="yq-filter" data-filters="年份,级别,责任科室,状态,类型"></div>' in index
    header = next(line for line in index.splitlines() if line.startswith("| 编号"))
    assert header == "| 编号 | 标题 | 年份 | 级别 | 责任科室 | 状态 | 类型 | 获知时间 | 时限核查 |"
    drill_row = next(line for line in index.splitlines() if f"2024/{DRILL_ID}.md" in line)
    assert "演练" in drill_row
    assert "共 9 件记录：实际事件 8 件，演练 1 件；未办结 1 件" in index
    # the table stays a table after Markdown
    rendered = as_html(index)
    assert rendered.count("<tr>") >= 10


def test_index_marks_the_restricted_record_but_shows_only_its_facts(pages):
    index = pages["incidents/index.md"]
    row = next(line for line in index.splitlines() if f"2024/{RESTRICTED_ID}.md" in line)
    assert RESTRICTED_TITLE in row and "受限" in row
    for secret in SECRETS.values():
        assert secret not in index


def test_met_incident_timeline_in_time_order_with_badges(pages):
    page = page_of(pages, GRAVE_ID)
    assert page.startswith(f'---\ntitle: "{GRAVE_ID} 某养老机构护理不到位引发网络关注"\nhide:\n  - navigation\n---\n\n'
                           f"# {GRAVE_ID} 某养老机构护理不到位引发网络关注\n")
    assert "按时 用时10分钟" in page  # oral report 09:30 after discovery 09:20
    assert "按时 用时15分钟" in page  # written report 09:45, 15 minutes after the oral report
    timeline = page.split("## 处置时间线", 1)[1].split("\n## ", 1)[0]
    times = re.findall(r"^- (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) · ", timeline, re.M)
    assert times == sorted(times) and len(times) >= 8
    for words in ("**事发**", "**获知舆情**", "**口头报告**", "**书面报告**", "**续报**", "**终报**", "**对外回应**",
                  "**向上级报告**：市民政局", "**办结**", "**复盘评估**"):
        assert words in timeline, words
    assert "审核：分管领导 2024-08-26 15:50；主要领导 2024-08-26 16:10" in timeline
    assert f"[查看复盘记录](../../reviews/2024/{GRAVE_ID}.md)" in timeline
    assert "回应内容：已关注到您反映的问题，正在核查。" in timeline
    assert "## 详细经过" in page and "### 事件经过" in page  # the narrative's ## became ###


def test_late_verdict(pages):
    page = page_of(pages, LATE_ID)
    assert '<span class="yq-badge yq-late" title="重大舆情口头报告（分管领导、主要领导）">超时5分钟</span>' in page
    assert "## 检查发现" in page and "YQ301" in page.split("## 检查发现")[1]


def test_missing_verdict_names_what_is_missing(pages):
    page = page_of(pages, MISSING_ID)
    assert '<span class="yq-badge yq-missing"' in page
    assert ">缺失</span>" in page and "发布前缺少 主要领导 的审核" in page


def test_pending_verdicts_show_their_due_time_in_the_timeline(pages):
    page = page_of(pages, PENDING_ID)
    assert page.count(">未到期</span>") >= 2
    assert "- 2024-10-01 10:20 · **时限**：较大舆情首报（分管领导、主要领导）" in page
    assert "处置中" in page and "| 办结时间 | — |" in page


def test_excused_verdicts_show_the_reason(pages):
    page = page_of(pages, EXCUSED_MISSING_ID)
    assert ">已说明（缺失）</span>" in page
    assert "### 情况说明" in page
    assert "情况说明：事件办结时终报由局办公室口头转达，未形成书面终报。" in page
    assert page.count(">缺失</span>") >= 1  # the follow-up it also missed, unexplained


def test_every_verdict_kind_is_rendered_somewhere(pages):
    everything = "\n".join(page_of(pages, i) for i in (GRAVE_ID, LATE_ID, MISSING_ID, PENDING_ID, EXCUSED_MISSING_ID,
                                                         RESTRICTED_ID))
    for kind in ("met", "late", "missing", "pending", "excused"):
        assert f'class="yq-badge yq-{kind}"' in everything, kind


def test_restricted_page_shows_facts_and_verdicts_only(pages):
    page = page_of(pages, RESTRICTED_ID)
    assert RESTRICTED_TITLE in page and "区社会福利院" in page and "重大" in page
    assert "受限记录" in page
    assert ">已说明（超时5分钟）</span>" in page and "已登记情况说明（受限记录，内容不公开）" in page
    assert "**口头报告**（报告第 1 条）：报告 分管领导、主要领导" in page
    assert "**对外回应**（回应第 1 条）：微博评论区" in page
    assert "| 跟踪专人 | 已指定 |" in page
    for secret in SECRETS.values():
        assert secret not in page, secret
    assert RESTRICTED_TRACKER not in page and "王芳" not in page
    for absent in ("**事件概要**", "## 详细经过", "回应内容：", "内容：", "要素：", "weibo.example"):
        assert absent not in page, absent
    # its finding (the excused YQ301) is listed by rule only: the message would quote the reason
    findings = page.split("## 检查发现", 1)[1]
    assert "YQ301" in findings and "重大：15 分钟内口头报告分管领导和主要领导" in findings


def test_drill_is_marked(pages):
    page = page_of(pages, DRILL_ID)
    assert '<span class="yq-tag yq-tag-drill">演练</span>' in page
    assert '!!! info "演练"' in page


def test_an_incident_page_does_not_embed_other_incidents(pages):
    ids = {GRAVE_ID, LATE_ID, MISSING_ID, PENDING_ID, EXCUSED_MISSING_ID, RESTRICTED_ID, DRILL_ID}
    for record_id in ids:
        page = page_of(pages, record_id)
        for other in ids - {record_id}:
            assert other not in page, (record_id, other)


def test_record_text_cannot_inject_markup(repo):
    hostile = grave(title="<script>alert(1)</script>**加粗**", summary="<img src=x onerror=alert(1)> | 竖线")
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(hostile))
    _, pages = render(repo)
    rendered = as_html(page_of(pages, GRAVE_ID))
    assert "<script" not in rendered and "<img" not in rendered and "<strong>加粗" not in rendered


def test_corrections_are_shown_on_both_entries(repo):
    data = grave()
    data["reports"].append({"kind": "续报", "at": "2024-08-27 10:00", "by": "刘洋", "to": ["分管领导"],
                            "corrects": 3, "reason": "续报时间记错"})
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(data))
    _, pages = render(repo)
    page = page_of(pages, GRAVE_ID)
    assert "已被报告第 5 条更正" in page
    assert "更正报告第 3 条：续报时间记错" in page


def test_history_section_only_when_history_is_given(repo):
    write_verdict_repo(repo)
    when = datetime(2024, 8, 26, 10, 5, tzinfo=TZ)
    history = {f"incidents/2024/{GRAVE_ID}.md": [(when, "刘洋", "登记重大舆情")],
               f"incidents/2024/{RESTRICTED_ID}.md": [(when, SECRETS["reporter"], SECRETS["content"])]}
    _, with_history = render(repo, history=history)
    _, without = render(repo)
    assert "## 修订历史" not in page_of(without, GRAVE_ID)
    page = page_of(with_history, GRAVE_ID)
    assert "## 修订历史" in page and "| 2024-08-26 10:05 | 刘洋 | 登记重大舆情 |" in page
    restricted = page_of(with_history, RESTRICTED_ID)
    assert "| 2024-08-26 10:05 | 受限记录，修改人和说明不公开 |" in restricted
    assert SECRETS["reporter"] not in restricted and SECRETS["content"] not in restricted
    assert "（没有找到修订记录）" in page_of(with_history, LATE_ID)


def test_invalid_records_are_listed_on_the_index(repo):
    repo.write("incidents/2024/YZMZ-2024-0002.md", to_markdown(grave(id="YZMZ-2024-0002", level="特大")))
    _, pages = render(repo)
    index = pages["incidents/index.md"]
    assert "## 暂不能显示的记录" in index and "`incidents/2024/YZMZ-2024-0002.md`" in index
    assert "[YQ003](../rules/YQ003.md)" in index
    assert "incidents/2024/YZMZ-2024-0002.md" not in pages


def test_each_entry_shows_when_it_was_first_recorded(repo):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sitekit import render

    write_verdict_repo(repo)
    site, _ = render(repo)
    view = next(v for v in site.incidents if v.incident.reports and not v.restricted)
    stamp = datetime(2024, 9, 3, 8, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    from yuqing.render import render_pages

    result = site.result
    pages = render_pages(site.org, site.policy, result, recorded={view.record.path: {("reports", 0): stamp}})
    page = pages[view.uri]
    assert "首次记入台账：2024-09-03 08:05" in page
    assert all("首次记入台账" not in text for uri, text in pages.items() if uri != view.uri)


def test_seconds_that_decide_a_verdict_are_shown(repo):
    record = grave(discovered_at="2024-08-26 09:00:30")
    record["reports"][0]["at"] = "2024-08-26 09:15:40"
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(record))
    _, pages = render(repo)
    page = page_of(pages, GRAVE_ID)
    row = next(line for line in page.splitlines() if line.startswith("| 重大舆情口头报告"))
    assert "2024-08-26 09:15:30 | 2024-08-26 09:15:40 |" in row and "超时10秒" in row
    assert "- 2024-08-26 09:00:30 · " in page  # the timeline keeps the recorded seconds
    assert "应在 09:15 前" not in page


def test_a_regrading_is_in_the_timeline(repo):
    data = grave()
    data["regradings"] = [{"at": "2024-08-26 09:25", "to": "重大", "by": "刘洋", "reason": "转发量快速上升，升为重大。"}]
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(data))
    timeline = page_of(render(repo)[1], GRAVE_ID).split("## 处置时间线", 1)[1].split("\n## ", 1)[0]
    assert "- 2024-08-26 09:25 · **级别调整：较大 → 重大**：刘洋 记录" in timeline
    assert "原因：转发量快速上升，升为重大。" in timeline
    assert "| 级别 | 重大（级别变化：较大 → 重大） |" in page_of(render(repo)[1], GRAVE_ID)


def test_the_statistics_list_level_changes(repo):
    data = grave()
    data["regradings"] = [{"at": "2024-08-26 09:25", "to": "重大", "by": "刘洋", "reason": "转发量快速上升，升为重大。"}]
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(data))
    stats = render(repo)[1]["stats.md"]
    section = stats.split("### 级别变化", 1)[1].split("\n### ", 1)[0]
    assert GRAVE_ID in section and "2024-08-26 09:25 较大 → 重大" in section


@pytest.mark.parametrize("approved_by, words", [("王芳", "原结论：超时5分钟；更正后：按时 用时10分钟，局办公室 王芳 审核"),
                                                (None, "原结论：超时5分钟；更正后：按时 用时10分钟，未经局办公室审核")])
def test_a_corrected_verdict_shows_both_verdicts(repo, approved_by, words):
    data = grave()
    data["reports"][0]["at"] = "2024-08-26 09:40"
    correction = dict(data["reports"][0], at="2024-08-26 09:30", corrects=1, reason="原记录误将通话结束时间填为报告时间。")
    if approved_by:
        correction["approved_by"] = approved_by
    data["reports"].append(correction)
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(data))
    row = next(line for line in page_of(render(repo)[1], GRAVE_ID).splitlines() if line.startswith("| 重大舆情口头报告"))
    assert words in row, row


def test_an_incident_discovered_before_the_ledger_started_is_marked_back_filled(repo):
    write_verdict_repo(repo)
    org = repo.root / "schema" / "org.yml"
    org.write_text(org.read_text(encoding="utf-8") + "ledger_since: 2024-08-27\n", encoding="utf-8")
    pages = render(repo)[1]
    tag = '<span class="yq-tag yq-tag-backfilled">补录</span>'
    page = page_of(pages, GRAVE_ID)  # discovered 2024-08-26
    assert tag in page and '!!! info "补录"' in page and "2024-08-27" in page
    grave_row = next(line for line in pages["incidents/index.md"].splitlines() if f"2024/{GRAVE_ID}.md" in line)
    assert tag in grave_row
    assert tag not in page_of(pages, PENDING_ID)  # discovered 2024-09-01


def test_without_ledger_since_nothing_is_back_filled(pages):
    assert "补录" not in pages["incidents/index.md"] and "补录" not in page_of(pages, GRAVE_ID)


def test_a_record_page_enters_the_search_with_its_title_and_lede_only(pages):
    """Every heading after the H1 of an incident's or a review's page keeps its section out of the search
    (one search entry per record: Zensical's limit on an entry shrinks as the entries grow)."""
    records = {uri: page for uri, page in pages.items() if uri.startswith(("incidents/2", "reviews/2"))}
    assert len(records) > 10
    for uri, page in records.items():
        headings = [line for line in page.split("\n---\n", 1)[1].splitlines() if re.match(r"#{1,6} ", line)]
        assert headings[0].startswith("# "), uri
        for heading in headings[1:]:
            assert heading.endswith(" { data-search-exclude }"), (uri, heading)
    grave = page_of(pages, GRAVE_ID)
    lede = grave.split("\n# ", 1)[1].split("\n## ", 1)[0]
    assert "**事件概要**：" in lede
