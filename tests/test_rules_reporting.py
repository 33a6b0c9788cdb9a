"""The first reports of DESIGN §4: YQ301 grave-oral-report, YQ302 grave-written-report,
YQ303 major-first-report, YQ304 office-copied — deadlines, boundaries and verdicts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recordkit import (
    DELETE,
    GRAVE_ID,
    MAJOR_ID,
    Hit,
    assert_hits,
    changed,
    check_files,
    excused,
    files_of,
    general,
    grave,
    line_of,
    major,
    path_of,
    review,
    rule_table_tests,
    unpack_case,
    verdicts_of,
)
from yuqing.findings import Outcome

GP = path_of(GRAVE_ID)
MP = path_of(MAJOR_ID)
REASON = "当时领导在外开会，电话未接通，后补报。"


def _grave_files(data):
    return files_of(data, review())


def _major_files(data):
    return files_of(data, review(MAJOR_ID))


def _at(path, files, level, needle, *words, nth=1):
    return Hit(level, path, line_of(files[path], needle, nth), words)


OPEN = {"status": "处置中", "closed_at": DELETE, "reports": [], "responses": [], "escalations": []}


def open_grave(**changes):
    """A 重大 incident still being handled, with no reports yet."""
    return grave(**{**OPEN, **changes})


def open_major(**changes):
    return major(**{**OPEN, **changes})


def oral(at, to=("分管领导", "主要领导"), cc=("局办公室",)):
    return {"kind": "口头报告", "at": at, "by": "刘洋", "to": list(to), "cc": list(cc), "channel": "电话"}


def written(at):
    return dict(grave()["reports"][1], at=at)


# --- YQ301 grave-oral-report -------------------------------------------------------------------

def yq301_exactly_15_minutes():
    return _grave_files(changed(grave(), "reports.0.at", "2024-08-26 09:35")), []


def yq301_exactly_15_minutes_0_seconds():
    return _grave_files(changed(grave(), "reports.0.at", "2024-08-26 09:35:00")), []


def yq301_one_second_late():
    files = _grave_files(changed(grave(), "reports.0.at", "2024-08-26 09:35:01"))
    return files, [_at(GP, files, "error", "2024-08-26 09:35:01", "应在 2024-08-26 09:35:00 前完成",
                       "实际 2024-08-26 09:35:01", "超时 1秒。", "重大舆情口头报告")]


def yq301_one_minute_late():
    files = _grave_files(changed(grave(), "reports.0.at", "2024-08-26 09:36"))
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:36", "超时 1分钟", "应在 2024-08-26 09:35 前完成",
                       "实际 2024-08-26 09:36", "exceptions")]


def yq301_second_leader_reached_late():
    """Both leaders must be reached: the later of the two reports decides."""
    data = grave()
    data["reports"][0] = oral("2024-08-26 09:30", to=["分管领导"])
    data["reports"].insert(1, oral("2024-08-26 09:40", to=["主要领导"]))
    files = _grave_files(data)
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:40", "超时 5分钟")]


def yq301_missing_one_leader():
    data = changed(grave(), "reports.0.to", ["分管领导"])
    files = _grave_files(data)
    return files, [_at(GP, files, "error", "discovered_at:", "尚未口头报告 主要领导", "2024-08-26 09:35", "已过")]


def yq301_missing():
    data = changed(grave(), "reports.0", DELETE)
    files = _grave_files(data)
    return files, [_at(GP, files, "error", "discovered_at:", "尚未口头报告 分管领导、主要领导")]


def yq301_pending():
    return files_of(open_grave()), [], "2024-08-26 09:30"


def yq301_pending_at_the_deadline():
    return files_of(open_grave()), [], "2024-08-26 09:35"


def yq301_missing_one_second_after_the_deadline():
    files = files_of(open_grave())
    return files, [_at(GP, files, "error", "discovered_at:", "已过")], "2024-08-26 09:35:01"


def yq301_excused_late():
    files = _grave_files(excused(changed(grave(), "reports.0.at", "2024-08-26 09:36"), "YQ301", REASON))
    return files, [_at(GP, files, "warning", "at: 2024-08-26 09:36", "超时 1分钟", "已有情况说明", REASON)]


def yq301_excused_missing():
    files = _grave_files(excused(changed(grave(), "reports.0", DELETE), "YQ301", REASON))
    return files, [_at(GP, files, "warning", "discovered_at:", "已有情况说明", REASON)]


def yq301_excuse_of_another_rule_does_not_count():
    files = _grave_files(excused(changed(grave(), "reports.0.at", "2024-08-26 09:36"), "YQ302", REASON))
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:36", "超时 1分钟")]


def yq301_not_for_major():
    return _major_files(changed(major(), "reports.0.at", "2024-08-26 09:45")), []


# seconds are real: a clock started at 09:20:30 runs out at 09:35:30, and the message shows the seconds

def yq301_ten_seconds_late():
    files = _grave_files(changed(grave(discovered_at="2024-08-26 09:20:30"), "reports.0.at", "2024-08-26 09:35:40"))
    return files, [_at(GP, files, "error", "2024-08-26 09:35:40", "应在 2024-08-26 09:35:30 前完成，实际 2024-08-26 "
                       "09:35:40，超时 10秒。")]


def yq301_met_to_the_second():
    return _grave_files(changed(grave(discovered_at="2024-08-26 09:20:30"), "reports.0.at", "2024-08-26 09:35:30")), []


def yq301_half_a_second_late():
    files = _grave_files(changed(grave(), "reports.0.at", "2024-08-26 09:35:00.5"))
    return files, [_at(GP, files, "error", "2024-08-26 09:35:00.5", "应在 2024-08-26 09:35:00.0 前完成，实际 2024-08-26 "
                       "09:35:00.5，超时 0.5秒。")]


def yq301_met_to_the_fraction():
    data = changed(grave(discovered_at="2024-08-26 09:20:00.25"), "reports.0.at", "2024-08-26 09:35:00.25")
    return _grave_files(data), []


def yq301_missing_by_a_clock_with_seconds():
    data = changed(grave(discovered_at="2024-08-26 09:20:30"), "reports.0.to", ["分管领导"])
    files = _grave_files(data)
    return files, [_at(GP, files, "error", "discovered_at:", "尚未口头报告 主要领导", "时限 2024-08-26 09:35:30（15分钟）已过")]


def yq302_one_second_late():
    files = _grave_files(changed(grave(), "reports.1.at", "2024-08-26 09:50:01"))
    return files, [_at(GP, files, "error", "2024-08-26 09:50:01", "应在 2024-08-26 09:50:00 前完成，实际 2024-08-26 "
                       "09:50:01，超时 1秒。")]


# --- YQ302 grave-written-report ----------------------------------------------------------------

def yq302_exactly_20_minutes_after_oral():
    return _grave_files(changed(grave(), "reports.1.at", "2024-08-26 09:50")), []


def yq302_one_minute_late():
    files = _grave_files(changed(grave(), "reports.1.at", "2024-08-26 09:51"))
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:51", "重大舆情书面报告", "超时 1分钟",
                       "应在 2024-08-26 09:50 前完成")]


def yq302_counted_from_the_oral_report():
    """Oral at 09:34, written at 09:54: 34 minutes after discovery, but 20 after the oral report."""
    data = changed(changed(grave(), "reports.0.at", "2024-08-26 09:34"), "reports.1.at", "2024-08-26 09:54")
    return _grave_files(data), []


def yq302_late_oral_moves_the_clock():
    """A late oral report (excused for YQ301) still starts the written report's 20 minutes."""
    data = changed(changed(grave(), "reports.0.at", "2024-08-26 09:40"), "reports.1.at", "2024-08-26 10:00")
    return _grave_files(excused(data, "YQ301", REASON)), []


def yq302_missing():
    files = _grave_files(changed(grave(), "reports.1", DELETE))
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:30", "尚未书面报告 分管领导、主要领导")]


def yq302_pending():
    return files_of(open_grave(reports=[oral("2024-08-26 09:30")])), [], "2024-08-26 09:50"


def yq302_missing_after_deadline():
    files = files_of(open_grave(reports=[oral("2024-08-26 09:30")]))
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:30", "书面报告")], "2024-08-26 09:51"


def yq302_excused():
    files = _grave_files(excused(changed(grave(), "reports.1.at", "2024-08-26 09:51"), "YQ302", REASON))
    return files, [_at(GP, files, "warning", "at: 2024-08-26 09:51", "已有情况说明")]


def yq302_not_for_major():
    return _major_files(changed(major(), "reports.1.at", "2024-08-26 12:00")), []


# --- YQ303 major-first-report ------------------------------------------------------------------

def yq303_exactly_30_minutes():
    return _major_files(changed(major(), "reports.0.at", "2024-08-26 09:50")), []


def yq303_one_minute_late():
    files = _major_files(changed(major(), "reports.0.at", "2024-08-26 09:51"))
    return files, [_at(MP, files, "warning", "at: 2024-08-26 09:51", "较大舆情首报", "超时 1分钟")]


def yq303_written_first_report_counts():
    data = major()
    data["reports"][0] = dict(written("2024-08-26 09:45"), by="李明")
    return _major_files(data), []


def yq303_missing_a_leader():
    files = _major_files(changed(changed(major(), "reports.0.to", ["分管领导"]), "reports.1.to", ["分管领导"]))
    return files, [_at(MP, files, "warning", "discovered_at:", "尚未报告 主要领导")]


def yq303_pending():
    return files_of(open_major()), [], "2024-08-26 09:50"


def yq303_not_for_grave():
    return _grave_files(excused(changed(grave(), "reports.0.at", "2024-08-26 09:55"), "YQ301", REASON)), []


# --- YQ304 office-copied -----------------------------------------------------------------------

def yq304_not_copied():
    files = _grave_files(changed(grave(), "reports.0.cc", []))
    return files, [_at(GP, files, "error", "- kind: 口头报告", "局办公室", "第 1 条报告")]


def yq304_major_not_copied():
    files = _major_files(changed(major(), "reports.0.cc", []))
    return files, [_at(MP, files, "error", "- kind: 口头报告", "局办公室")]


def yq304_first_by_time_not_by_order():
    """The earliest report decides, wherever it stands in the list."""
    data = grave()
    data["reports"].append(oral("2024-08-26 09:25", cc=[]))
    files = _grave_files(data)
    return files, [_at(GP, files, "error", "- kind: 口头报告", "第 5 条报告", nth=2)]


def yq304_office_in_to():
    return _grave_files(changed(changed(grave(), "reports.0.cc", []), "reports.0.to", ["分管领导", "主要领导", "局办公室"])), []


def yq304_excused():
    files = _grave_files(excused(changed(grave(), "reports.0.cc", []), "YQ304", REASON))
    return files, [_at(GP, files, "warning", "- kind: 口头报告", "已有情况说明")]


def yq304_not_for_general():
    data = changed(general(), "reports.0.cc", [])
    return files_of(data, review(data["id"])), []


def yq304_ok():
    return _grave_files(grave()), []


CASES = {
    "YQ301": [yq301_exactly_15_minutes, yq301_exactly_15_minutes_0_seconds, yq301_one_second_late,
              yq301_one_minute_late, yq301_second_leader_reached_late, yq301_missing_one_leader, yq301_missing,
              yq301_pending, yq301_pending_at_the_deadline, yq301_missing_one_second_after_the_deadline,
              yq301_excused_late, yq301_excused_missing, yq301_excuse_of_another_rule_does_not_count,
              yq301_not_for_major, yq301_ten_seconds_late, yq301_met_to_the_second, yq301_half_a_second_late,
              yq301_met_to_the_fraction, yq301_missing_by_a_clock_with_seconds],
    "YQ302": [yq302_exactly_20_minutes_after_oral, yq302_one_minute_late, yq302_counted_from_the_oral_report,
              yq302_late_oral_moves_the_clock, yq302_missing, yq302_pending, yq302_missing_after_deadline,
              yq302_excused, yq302_not_for_major, yq302_one_second_late],
    "YQ303": [yq303_exactly_30_minutes, yq303_one_minute_late, yq303_written_first_report_counts,
              yq303_missing_a_leader, yq303_pending, yq303_not_for_grave],
    "YQ304": [yq304_not_copied, yq304_major_not_copied, yq304_first_by_time_not_by_order, yq304_office_in_to,
              yq304_excused, yq304_not_for_general, yq304_ok],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)


# --- the verdicts behind the findings ----------------------------------------------------------

def _verdict(repo, case, code="YQ301", path=GP):
    files, _, now = unpack_case(case)
    result = check_files(repo, files, now)
    (verdict,) = verdicts_of(result, path, code)
    return verdict


@pytest.mark.parametrize(("case", "outcome", "taken"), [
    (yq301_exactly_15_minutes, Outcome.MET, timedelta(minutes=15)),
    (yq301_one_minute_late, Outcome.LATE, timedelta(minutes=16)),
    (yq301_one_second_late, Outcome.LATE, timedelta(minutes=15, seconds=1)),
    (yq301_missing, Outcome.MISSING, None),
    (yq301_pending, Outcome.PENDING, None),
    (yq301_pending_at_the_deadline, Outcome.PENDING, None),
    (yq301_missing_one_second_after_the_deadline, Outcome.MISSING, None),
])
def test_oral_report_outcomes(repo, case, outcome, taken):
    verdict = _verdict(repo, case)
    assert verdict.outcome is outcome
    assert verdict.taken == taken
    assert verdict.due.strftime("%Y-%m-%d %H:%M") == "2024-08-26 09:35"


@pytest.mark.parametrize(("case", "was"), [(yq301_excused_late, Outcome.LATE), (yq301_excused_missing, Outcome.MISSING)])
def test_excused_keeps_what_it_was(repo, case, was):
    verdict = _verdict(repo, case)
    assert verdict.outcome is Outcome.EXCUSED
    assert verdict.was is was
    assert verdict.excuse == REASON


@pytest.mark.parametrize(("case", "outcome", "late_by", "digits", "en"), [
    (yq301_ten_seconds_late, Outcome.LATE, timedelta(seconds=10), 0,
     "due by 2024-08-26 09:35:30, done 2024-08-26 09:35:40, 10 s late."),
    (yq301_half_a_second_late, Outcome.LATE, timedelta(milliseconds=500), 1,
     "due by 2024-08-26 09:35:00.0, done 2024-08-26 09:35:00.5, 0.5 s late."),
    (yq301_met_to_the_second, Outcome.MET, None, 0, None),
    (yq301_met_to_the_fraction, Outcome.MET, None, 2, None),
    (yq301_one_minute_late, Outcome.LATE, timedelta(minutes=1), None, "due by 2024-08-26 09:35, done 2024-08-26 09:36"),
])
def test_verdicts_keep_seconds_and_fractions(repo, case, outcome, late_by, digits, en):
    """The site's verdicts hold the exact times, and say how precisely to write them (Verdict.digits)."""
    files, _, now = unpack_case(case)
    result = check_files(repo, files, now)
    (verdict,) = verdicts_of(result, GP, "YQ301")
    assert (verdict.outcome, verdict.late_by, verdict.digits(result.org.tz)) == (outcome, late_by, digits)
    if en:
        (finding,) = [f for f in result.findings if f.rule == "YQ301"]
        assert en in finding.message("en")


def test_late_by_one_minute_in_english(repo):
    files, _, now = unpack_case(yq301_one_minute_late)
    result = check_files(repo, files, now)
    (finding,) = [f for f in result.findings if f.rule == "YQ301"]
    assert finding.name == "grave-oral-report"
    assert finding.incident == GRAVE_ID
    message = finding.message("en")
    assert "late: due by 2024-08-26 09:35, done 2024-08-26 09:36, 1 min late." in message


def test_written_report_clock_starts_at_the_oral_report(repo):
    verdict = _verdict(repo, yq302_counted_from_the_oral_report, "YQ302")
    assert verdict.outcome is Outcome.MET
    assert verdict.start.strftime("%H:%M") == "09:34"
    assert verdict.due.strftime("%H:%M") == "09:54"


def test_written_report_without_oral_report_counts_from_the_oral_deadline(repo):
    data = changed(changed(grave(), "reports.0", DELETE), "reports.0.at", "2024-08-26 09:56")
    result = check_files(repo, _grave_files(data))
    (verdict,) = verdicts_of(result, GP, "YQ302")
    assert verdict.due.strftime("%H:%M") == "09:55"
    assert verdict.outcome is Outcome.LATE


def test_clock_can_start_at_occurred_at(repo):
    """policy.yml ``clock_start: occurred_at`` moves every clock to the time of the event."""
    policy = repo.read("schema/policy.yml").replace("clock_start: discovered_at", "clock_start: occurred_at")
    repo.write("schema/policy.yml", policy)
    files = _grave_files(grave())  # occurred 08:40, oral report 09:30
    result = check_files(repo, files)
    assert_hits(result, "YQ301", [_at(GP, files, "error", "at: 2024-08-26 09:30", "超时 35分钟")])


def test_limit_comes_from_policy(repo):
    policy = repo.read("schema/policy.yml").replace("within: 15min", "within: 10min")
    repo.write("schema/policy.yml", policy)
    files = _grave_files(grave())  # oral report 10 minutes after discovery: still met
    assert_hits(check_files(repo, files), "YQ301", [])
    repo.write(GP, files[GP].replace("at: 2024-08-26 09:30", "at: 2024-08-26 09:31"))
    assert_hits(check_files(repo, {}), "YQ301", [_at(GP, files, "error", "at: 2024-08-26 09:30", "超时 1分钟")])


# -- regradings: the deadlines of an earlier level that fell due while it held stay (DESIGN §8) --------


UPGRADE_REASON = "舆情持续发酵，转发量快速上升，升为重大。"


def _major_upgraded(first_report_at: str, upgraded_at: str = "2024-08-26 14:00") -> dict:
    """The 较大 incident first reported at ``first_report_at``, upgraded to 重大 at ``upgraded_at`` and
    reported as a 重大 within 10 and 25 minutes of it."""
    data = major(level="重大", regradings=[{"at": upgraded_at, "to": "重大", "by": "李明", "reason": UPGRADE_REASON}])
    day, clock = upgraded_at.split(" ")
    hour, minute = map(int, clock.split(":"))
    data["reports"][0]["at"] = first_report_at
    data["reports"][1]["at"] = first_report_at.replace(first_report_at[-2:], f"{int(first_report_at[-2:]) + 5:02d}")
    data["reports"] += [
        {"kind": "口头报告", "at": f"{day} {hour:02d}:{minute + 10:02d}", "by": "李明", "to": ["分管领导", "主要领导"],
         "cc": ["局办公室"], "channel": "电话"},
        {"kind": "书面报告", "at": f"{day} {hour:02d}:{minute + 25:02d}", "by": "李明", "to": ["分管领导", "主要领导"],
         "cc": ["局办公室"], "channel": "OA", "elements": dict(major()["reports"][1].get("elements") or {})},
    ]
    return data


def test_a_late_first_report_of_the_old_level_stays_late_after_the_upgrade(repo):
    files = _major_files(_major_upgraded("2024-08-26 10:30"))
    result = check_files(repo, files)
    [first] = verdicts_of(result, MP, "YQ303")
    assert first.outcome is Outcome.LATE and "较大期间" in first.what.zh
    assert first.due.strftime("%H:%M") == "09:50"  # 30 minutes from discovery, not from the upgrade
    [oral] = verdicts_of(result, MP, "YQ301")
    assert oral.outcome is Outcome.MET and oral.start.strftime("%H:%M") == "14:00"  # the upgrade
    assert_hits(result, "YQ303", [_at(MP, files, "warning", "2024-08-26 10:30", "较大期间", "超时")])


def test_an_old_level_deadline_not_yet_due_at_the_upgrade_is_not_judged(repo):
    result = check_files(repo, _major_files(_major_upgraded("2024-08-26 09:40", upgraded_at="2024-08-26 09:30")))
    assert verdicts_of(result, MP, "YQ303") == []


def test_a_downgrade_keeps_the_grave_oral_report_that_fell_due(repo):
    data = major(regradings=[{"at": "2024-08-26 10:00", "to": "较大", "by": "王芳", "reason": "经核实影响范围有限。",
                              "from": "重大"}])
    files = _major_files(data)
    result = check_files(repo, files)
    [oral] = verdicts_of(result, MP, "YQ301")
    assert oral.outcome is Outcome.LATE and "重大期间" in oral.what.zh  # 09:40: 20 minutes after discovery
    assert [v.outcome for v in verdicts_of(result, MP, "YQ303")] == [Outcome.MET]
