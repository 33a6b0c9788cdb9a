"""Compliance statistics: tallies per level, section, rule and year; drills apart; pending not counted."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recordkit import (
    DELETE,
    GENERAL_ID,
    changed,
    check_files,
    excused,
    files_of,
    general,
    grave,
    major,
    review,
    shifted,
)
from yuqing.commands.stats import render
from yuqing.compliance import Tally, compute
from yuqing.findings import Outcome

YEAR = timedelta(days=365)
NOW = "2025-10-01 10:00"


def _files():
    # 2024 重大, 养老服务科: nine obligations, all met
    real_grave = grave()
    # 2025 较大, 社会救助科: YQ303 late (oral report 09:51), the other seven met
    late_major = shifted(changed(major(id="YZMZ-2025-0002"), "reports.0.at", "2024-08-26 09:51"), YEAR)
    # 2025 重大 still open, discovered ten minutes ago: four obligations pending, YQ308 met
    pending_grave = grave(id="YZMZ-2025-0003", status="处置中", closed_at=DELETE, discovered_at="2025-10-01 09:50",
                          occurred_at=DELETE, reports=[], responses=[], escalations=[])
    # 2024 一般 drill, 社会事务科: YQ305 excused, YQ307 and YQ309 met
    drill = excused(changed(general(drill=True), "responses.0.approvals.1", DELETE), "YQ305", "演练设定：先行回复后补审核。")
    return files_of(real_grave, review(), late_major, shifted(review("YZMZ-2025-0002"), YEAR), pending_grave,
                    drill, review(GENERAL_ID))


@pytest.fixture
def compliance(repo):
    result = check_files(repo, _files(), now=NOW)
    assert {f.rule for f in result.findings} == {"YQ303", "YQ305"}  # the scenario is what the comments say
    return compute(result, repo.workspace().org.tz)


def counts(tally: Tally) -> tuple:
    return tally.met, tally.late, tally.missing, tally.excused, tally.pending


def test_real_incidents_per_level(compliance):
    real = compliance.real
    assert real.incidents == 3
    assert set(real.by_level) == {"重大", "较大"}
    assert counts(real.by_level["重大"]) == (10, 0, 0, 0, 4)
    assert counts(real.by_level["较大"]) == (7, 1, 0, 0, 0)


def test_per_section(compliance):
    real = compliance.real
    assert set(real.by_section) == {"养老服务科", "社会救助科"}
    assert counts(real.by_section["养老服务科"]) == (10, 0, 0, 0, 4)
    assert counts(real.by_section["社会救助科"]) == (7, 1, 0, 0, 0)


def test_per_rule(compliance):
    by_rule = compliance.real.by_rule
    assert counts(by_rule["YQ303"]) == (0, 1, 0, 0, 0)
    assert counts(by_rule["YQ301"]) == (1, 0, 0, 0, 1)
    assert counts(by_rule["YQ302"]) == (1, 0, 0, 0, 1)
    assert counts(by_rule["YQ304"]) == (2, 0, 0, 0, 1)
    assert counts(by_rule["YQ308"]) == (3, 0, 0, 0, 0)
    assert counts(by_rule["YQ309"]) == (4, 0, 0, 0, 0)
    assert "YQ305" not in by_rule  # only the drill has a 一般 response


def test_per_year(compliance):
    by_year = compliance.real.by_year
    assert set(by_year) == {"2024", "2025"}
    assert counts(by_year["2024"]) == (9, 0, 0, 0, 0)
    assert counts(by_year["2025"]) == (8, 1, 0, 0, 4)


def test_pending_is_not_counted_in_the_rate(compliance):
    total = compliance.real.total
    assert counts(total) == (17, 1, 0, 0, 4)
    assert total.decided == 18
    assert total.rate == pytest.approx(17 / 18)
    assert total.rate_text() == "94.4%"
    assert compliance.real.by_level["重大"].rate == 1.0


def test_drills_are_counted_apart(compliance):
    drills = compliance.drills
    assert drills.incidents == 1
    assert counts(drills.total) == (2, 0, 0, 1, 0)
    assert drills.total.rate_text() == "66.7%"
    assert set(drills.by_level) == {"一般"} and set(drills.by_section) == {"社会事务科"}
    assert "一般" not in compliance.real.by_level


def test_lapses_list_late_missing_and_excused(compliance):
    real = [(incident.id, verdict.rule, verdict.outcome) for incident, verdict in compliance.real.lapses]
    assert real == [("YZMZ-2025-0002", "YQ303", Outcome.LATE)]
    drills = [(incident.id, verdict.rule, verdict.outcome, verdict.was) for incident, verdict in compliance.drills.lapses]
    assert drills == [(GENERAL_ID, "YQ305", Outcome.EXCUSED, Outcome.MISSING)]


def test_an_empty_tally_has_no_rate():
    assert Tally().rate is None and Tally().rate_text() == "—"
    assert Tally(pending=3).rate is None


def test_terminal_table(compliance):
    text = render(compliance)
    assert text.startswith("== 舆情事件：3 件，义务按时率 94.4%\n")
    assert "== 演练：1 件，义务按时率 66.7%" in text
    for heading in ("按级别", "按科室", "按规则", "按年份"):
        assert text.count(heading) == 2
    english = render(compliance, "en")
    assert english.startswith("== incidents: 3, on-time rate 94.4%\n")
    assert "YQ303 major-first-report" in english


def test_table_without_decided_obligations(repo):
    data = grave(status="处置中", closed_at=DELETE, reports=[], responses=[], escalations=[], tracking=DELETE)
    result = check_files(repo, files_of(data), now="2024-08-26 09:21")
    compliance = compute(result, repo.workspace().org.tz)
    # YQ308 (no tracking owner) is decided at once; everything else is pending
    assert counts(compliance.real.total) == (0, 0, 1, 0, 4)
    assert "（暂无已到期的义务）" in render(compliance)  # no drills
