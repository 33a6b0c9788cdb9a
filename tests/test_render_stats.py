"""合规统计 page: on-time rates per rule, section, level and year; lapses with reasons; drills apart; SVG."""

from __future__ import annotations

import pytest

from sitekit import EXCUSED_MISSING_ID, LATE_ID, MISSING_ID, RESTRICTED_ID, SECRETS, render, write_verdict_repo


@pytest.fixture
def built(repo):
    write_verdict_repo(repo)
    return render(repo)


def section_of(page: str, heading: str) -> str:
    return page.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_real_incidents_and_drills_are_counted_apart(built):
    site, pages = built
    page = pages["stats.md"]
    real = section_of(page, "实际事件")
    drills = section_of(page, "演练（单独统计）")
    total = site.compliance.real.total
    assert f"{site.compliance.real.incidents} 件，已到期的义务 {total.decided} 项，按时 {total.met} 项" in real
    assert f"按时率 **{total.rate_text()}**" in real
    assert "1 件，已到期的义务 8 项，按时 8 项，按时率 **100.0%**" in drills


def test_tables_per_rule_section_level_and_year_match_the_tallies(built):
    site, pages = built
    real = section_of(pages["stats.md"], "实际事件")
    for heading in ("### 按规则", "### 按科室", "### 按级别", "### 按年份"):
        assert heading in real
    tally = site.compliance.real.by_rule["YQ301"]
    row = f"| [YQ301 重大舆情口头报告](rules/YQ301.md) | {tally.met} | {tally.late} | {tally.missing} | " \
          f"{tally.excused} | {tally.pending} | {tally.rate_text()} |"
    assert row in real
    level = site.compliance.real.by_level["一般"]
    assert f"| 一般 | {level.met} | {level.late} | {level.missing} | {level.excused} | {level.pending} | " \
           f"{level.rate_text()} |" in real
    assert "| 2024 年 |" in real
    assert real.count('<div class="yq-chart">') == 4 and "<svg" in real


def test_lapses_list_late_missing_and_excused_with_reasons(built):
    _, pages = built
    lapses = section_of(pages["stats.md"], "实际事件").split("### 超时、缺失和已说明的义务", 1)[1]
    assert f"[{LATE_ID}](incidents/2024/{LATE_ID}.md)" in lapses and "超时5分钟" in lapses
    assert f"[{MISSING_ID}](incidents/2024/{MISSING_ID}.md)" in lapses and ">缺失</span>" in lapses
    assert "情况说明：事件办结时终报由局办公室口头转达，未形成书面终报。" in lapses
    assert EXCUSED_MISSING_ID in lapses
    restricted = next(line for line in lapses.splitlines() if RESTRICTED_ID in line)
    assert "已登记情况说明（受限记录，内容不公开）" in restricted
    for secret in SECRETS.values():
        assert secret not in pages["stats.md"]


def test_charts_are_svg_not_script(built):
    _, pages = built
    assert "<script" not in pages["stats.md"]


def test_empty_repository(repo):
    _, pages = render(repo)
    assert "暂无实际事件记录。" in pages["stats.md"]
    assert "暂无演练记录。" in pages["stats.md"]
    assert "<svg" not in pages["stats.md"]


def test_the_page_links_to_the_ledger_workbook(built):
    from yuqing.render.model import LEDGER_DOWNLOAD

    _, pages = built
    page = pages["stats.md"]
    assert f"]({LEDGER_DOWNLOAD})" in page and "下载舆情台账" in page
    assert "yuqing export --quarter 2025Q1" in page  # how to get one quarter's ledger


# -- 研判预警: signals per month, the share assessed in time (YQ314), incidents that came through a signal

def test_signal_figures_by_month_in_time_share_and_incidents_from_signals(repo):
    from test_render_signals import write_signals
    from yuqing.compliance import signal_stats

    write_verdict_repo(repo)
    write_signals(repo)  # 5 signals: 2 assessed in time, 1 late, 1 never (past due), 1 not due yet; one became GRAVE
    site, pages = render(repo)
    stats = signal_stats(site.result, site.tz)
    assert (stats.signals, stats.total.met, stats.total.late, stats.total.missing, stats.total.pending) == (5, 2, 1, 1, 1)
    assert stats.total.rate_text() == "50.0%"
    assert sorted(stats.by_month) == ["2024-08", "2024-09", "2024-10"]
    real = sum(1 for v in site.incidents if not v.incident.drill)
    assert (stats.incidents, stats.from_signals) == (real, 1)
    part = section_of(pages["stats.md"], "研判预警")
    assert "按时研判率 **50.0%**（超时研判 1、未研判 1）；待研判 1 条不计入" in part
    assert f"实际事件 {real} 件中，经预警信息发现的 1 件（**{1 / real * 100:.1f}%**）" in part
    assert "| 2024 年 9 月 | 3 | 1 | 1 | 1 | 0 | 33.3% |" in part
    assert "| 2024 年 10 月 | 1 | 0 | 0 | 0 | 1 | — |" in part
    assert '<div class="yq-chart">' in part and "[研判预警](monitoring/index.md)" in part


def test_no_signals_in_the_statistics(built):
    _, pages = built
    assert "暂无预警信息记录" in section_of(pages["stats.md"], "研判预警")



def test_the_lapses_are_bounded_on_the_statistics_page_and_all_on_their_own(repo, monkeypatch):
    """Issue 17: the statistics page lists the latest LAPSE_ROWS lapses and links to lapses.md, which lists
    them all, out of the search index (a list growing with the ledger would pass Zensical's search limit)."""
    from yuqing.render import stats as stats_module

    write_verdict_repo(repo)
    site, pages = render(repo)
    everything = len(site.compliance.real.lapses)
    assert everything > 2
    monkeypatch.setattr(stats_module, "LAPSE_ROWS", 2)
    site, pages = render(repo)
    lapses = section_of(pages["stats.md"], "实际事件").split("### 超时、缺失和已说明的义务", 1)[1]
    assert f"共 {everything} 项，下面是最近的 2 项；全部见[超时、缺失和已说明的义务](lapses.md)" in lapses
    assert lapses.count("\n- [") == 2
    full = pages["lapses.md"]
    real = section_of(full, "实际事件")
    assert real.count("\n- [") == everything and "data-search-exclude" in real
    assert f"[{LATE_ID}](incidents/2024/{LATE_ID}.md)" in full and "超时5分钟" in full
    for secret in SECRETS.values():
        assert secret not in full
