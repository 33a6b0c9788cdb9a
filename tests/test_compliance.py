"""Compliance statistics: tallies per level, section, rule and year; drills apart; pending not counted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from recordkit import (
    DELETE,
    GENERAL_ID,
    GRAVE_ID,
    changed,
    check_files,
    excused,
    files_of,
    general,
    grave,
    major,
    path_of,
    review,
    shifted,
    to_markdown,
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
    # the scenario is what the comments say (and no training records: YQ313 warns of the untrained sections)
    assert {f.rule for f in result.findings} - {"YQ313"} == {"YQ303", "YQ305"}
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


# ---------------------------------------------------------------- one fact, one number, everywhere

OPEN_ID = "YZMZ-2026-0901"
MOMENTS = ("2026-11-30 10:00", "2026-12-02 10:00", "2027-03-01 10:00")  # follow-up pending, then missing
SENTENCE = re.compile(r"已到期的义务 (\d+) 项，按时 (\d+) 项，按时率 \**([\d.]+%|—)\**（超时 (\d+)、缺失 (\d+)、已说明 (\d+)）")


def _open_grave() -> dict:
    """A 重大 incident still being handled: reported on time, its first follow-up falls due a day later."""
    record = shifted(grave(id=OPEN_ID, title="仍在处置的重大舆情", status="处置中", closed_at=DELETE),
                     timedelta(days=826))  # discovered 2026-11-29 09:20
    record["reports"] = record["reports"][:2]
    record["discovered_at"] = "2026-11-30 09:00"
    record["occurred_at"] = "2026-11-30 08:40"
    record["reports"][0]["at"], record["reports"][1]["at"] = "2026-11-30 09:10", "2026-11-30 09:25"
    record["responses"][0]["at"] = "2026-11-30 09:50"
    for approval in record["responses"][0]["approvals"]:
        approval["at"] = "2026-11-30 09:40"
    record["escalations"][0]["at"] = "2026-11-30 09:45"
    return record


def _ledger(root):
    """The shipped data and one open incident, committed under Git (so YQ404 counts too)."""
    import git

    from sitekit import copy_project

    copy_project(root)
    (root / "incidents" / "2026" / f"{OPEN_ID}.md").write_text(to_markdown(_open_grave()), encoding="utf-8")
    repo = git.Repo.init(root, initial_branch="main")
    repo.git.add(A=True)
    office = git.Actor("王芳", "wangfang@yzmz.example.cn")
    when = "2026-11-30 09:30:00 +0800"
    repo.index.commit("登记", author=office, committer=office, author_date=when, commit_date=when)
    return root


def _figures(tally: dict) -> tuple:
    decided = tally["met"] + tally["late"] + tally["missing"] + tally["excused"]
    rate = "—" if tally["rate"] is None else f"{tally['rate'] * 100:.1f}%"
    return decided, tally["met"], rate, tally["late"], tally["missing"], tally["excused"]


def _sentence(text: str, after: str) -> tuple:
    match = SENTENCE.search(text, text.index(after))
    decided, met, rate, late, missing, excused = match.groups()
    return int(decided), int(met), rate, int(late), int(missing), int(excused)


def _run_cli(*args) -> str:
    import contextlib
    import io

    from yuqing.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(list(args))
    return out.getvalue()


def _terminal(text: str) -> tuple:
    """The real incidents' total from ``yuqing stats``: the heading's rate, the level table's counts."""
    real = text.split("== 演练")[0]
    rate = re.search(r"义务按时率 ([\d.]+%|—)", real).group(1)
    rows = re.findall(r"^  (?:一般|较大|重大)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+$", real.split("按科室")[0], re.M)
    met, late, missing, excused = (sum(int(row[i]) for row in rows) for i in range(4))
    return met + late + missing + excused, met, rate, late, missing, excused


def _page_text(path) -> str:
    import html5lib

    tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return "".join(tree.find(".//body").itertext())


@pytest.mark.slow
def test_terminal_json_summary_home_and_statistics_page_give_the_same_figures(tmp_path):
    import json
    import subprocess
    import sys

    root = _ledger(tmp_path / "repo")
    seen = set()
    for now in MOMENTS:
        common = ["--root", str(root), "--now", now]
        figures = json.loads(_run_cli("stats", "--format", "json", *common))
        expected = _figures(figures["incidents"]["total"])
        seen.add(expected)
        assert _terminal(_run_cli("stats", *common)) == expected, now
        summary = _run_cli("check", "--format", "markdown", "--no-cache", *common)
        assert _sentence(summary, "实际事件") == expected, now
        build = subprocess.run([sys.executable, "-m", "yuqing", "build", "--quiet", *common], capture_output=True,
                               text=True, cwd=root, timeout=600, env={**__import__("os").environ, "NO_PROGRESS": "1"})
        assert build.returncode == 0, build.stderr[-2000:]
        assert _sentence(_page_text(root / "site" / "index.html"), "历年累计") == expected, now
        stats_page = _page_text(root / "site" / "stats" / "index.html")
        assert _sentence(stats_page, "实际事件") == expected, now
        for section, tally in figures["incidents"]["by_section"].items():
            decided, met, rate, late, missing, excused = _figures(tally)
            assert re.search(rf"{section}\s*{met}\s*{late}\s*{missing}\s*{excused}\s*{tally['pending']}\s*{re.escape(rate)}",
                             stats_page), (now, section)
    assert len(seen) > 1  # the moments differ: the check is not comparing constants


def test_stats_json_has_the_shape_of_the_design(repo, capsys):
    import json

    from yuqing.cli import main

    repo.write(path_of(GRAVE_ID), to_markdown(grave()))
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    assert main(["stats", "--format", "json", "--root", str(repo.root), "--now", "2024-10-01 10:00"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"window", "incidents", "drills"}
    assert data["window"] == {"from": None, "to": None}  # every incident: no window asked for
    assert {"total", "by_level", "by_section", "by_rule", "by_year"} <= set(data["incidents"])
    total = data["incidents"]["total"]
    assert set(total) == {"met", "late", "missing", "excused", "pending", "rate"}
    assert total["met"] > 0 and 0 <= total["rate"] <= 1
    assert data["incidents"]["by_level"]["重大"]["met"] == total["met"]
    assert data["drills"]["total"]["rate"] is None


def test_a_window_counts_the_incidents_discovered_on_its_days(repo, capsys):
    import json

    from yuqing.cli import main

    repo.write(path_of(GRAVE_ID), to_markdown(grave()))  # discovered 2024-08-26 09:20 Beijing time
    repo.write(path_of(GRAVE_ID, review=True), to_markdown(review()))
    args = ["stats", "--format", "json", "--root", str(repo.root), "--now", "2024-10-01 10:00"]
    counts = {}
    for window in (["--from", "2024-08-26", "--to", "2024-08-26"], ["--to", "2024-08-25"], ["--from", "2024-8-27"],
                   ["--quarter", "2024Q3"], ["--year", "2023"]):
        assert main(args + window) == 0
        data = json.loads(capsys.readouterr().out)
        counts[" ".join(window)] = data["incidents"]["count"]
    assert counts == {"--from 2024-08-26 --to 2024-08-26": 1, "--to 2024-08-25": 0, "--from 2024-8-27": 0,
                      "--quarter 2024Q3": 1, "--year 2023": 0}


def test_a_window_in_words():
    from datetime import date

    from yuqing.compliance import Window

    assert Window().text() == "全部事件" and Window().as_dict() == {"from": None, "to": None}
    assert Window(date(2025, 1, 1), date(2025, 3, 31)).text() == "2025-01-01 至 2025-03-31"
    assert Window(None, date(2025, 3, 31)).as_dict() == {"from": None, "to": "2025-03-31"}
