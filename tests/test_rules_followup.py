"""Obligations after the first report: YQ305 response-approved, YQ306 follow-up-cadence,
YQ307 review-due, YQ308 tracking-owner, YQ309 written-elements, YQ310 final-report,
YQ311 action-overdue."""

from __future__ import annotations

from recordkit import (
    DELETE,
    GENERAL_ID,
    GRAVE_ID,
    MAJOR_ID,
    Hit,
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

GP, GR = path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)
MP, MR = path_of(MAJOR_ID), path_of(MAJOR_ID, review=True)
NP, NR = path_of(GENERAL_ID), path_of(GENERAL_ID, review=True)
REASON = "舆情平稳，经局办公室同意暂缓。"


def _at(path, files, level, needle, *words, nth=1):
    return Hit(level, path, line_of(files[path], needle, nth), words)


def _general_files(data):
    return files_of(data, review(GENERAL_ID))


def _major_files(data):
    return files_of(data, review(MAJOR_ID))


def follow_up(at):
    return {"kind": "续报", "at": at, "by": "李明", "to": ["分管领导", "主要领导"], "cc": ["局办公室"],
            "content": "事态平稳"}


def open_major(*follow_ups):
    """A 较大 incident being handled: oral and written report on the first morning, then ``follow_ups``."""
    data = major(status="处置中", closed_at=DELETE)
    data["reports"] = data["reports"][:2] + [follow_up(at) for at in follow_ups]
    return data


# --- YQ305 response-approved -------------------------------------------------------------------

def yq305_approved_after_publication():
    files = _general_files(changed(general(), "responses.0.approvals.1.at", "2024-08-26 16:31"))
    return files, [_at(NP, files, "error", "at: 2024-08-26 16:31", "第 1 条回应的审核", "先发布", "2024-08-26 16:30",
                       "后审核", "2024-08-26 16:31")]


def yq305_approved_at_publication():
    return _general_files(changed(general(), "responses.0.approvals.1.at", "2024-08-26 16:30")), []


def yq305_missing_leader():
    files = _general_files(changed(general(), "responses.0.approvals.1", DELETE))
    return files, [_at(NP, files, "error", "at: 2024-08-26 16:30", "缺少 主要领导 的审核")]


def yq305_no_approvals():
    files = _general_files(changed(general(), "responses.0.approvals", []))
    return files, [_at(NP, files, "error", "at: 2024-08-26 16:30", "缺少 分管领导、主要领导 的审核")]


def yq305_earliest_approval_counts():
    data = changed(general(), "responses.0.approvals.2", {"role": "主要领导", "at": "2024-08-26 17:00"})
    return _general_files(data), []


def yq305_each_response():
    data = general()
    data["responses"].append(dict(data["responses"][0], at="2024-08-27 09:00", approvals=[]))
    files = _general_files(data)
    return files, [_at(NP, files, "error", "at: 2024-08-27 09:00", "第 2 条回应")]


def yq305_excused():
    files = _general_files(excused(changed(general(), "responses.0.approvals.1", DELETE), "YQ305", REASON))
    return files, [_at(NP, files, "warning", "at: 2024-08-26 16:30", "已有情况说明", REASON)]


def yq305_not_for_major():
    return _major_files(changed(major(), "responses.0.approvals", [])), []


# --- YQ306 follow-up-cadence -------------------------------------------------------------------

def yq306_missing_while_open():
    files = files_of(open_major())
    hit = _at(MP, files, "warning", "reports:", "第 1 次续报", "24")
    return files, [hit], "2024-08-27 09:21"


def yq306_pending_at_24_hours():
    return files_of(open_major()), [], "2024-08-27 09:20"


def yq306_follow_up_one_minute_late():
    files = files_of(open_major("2024-08-27 09:21"))
    return files, [_at(MP, files, "warning", "at: 2024-08-27 09:21", "第 1 次续报", "超时 1分钟")], "2024-08-27 12:00"


def yq306_cadence_counts_from_the_previous_follow_up():
    files = files_of(open_major("2024-08-27 09:00", "2024-08-28 09:01"))
    return files, [_at(MP, files, "warning", "at: 2024-08-28 09:01", "第 2 次续报", "超时 1分钟")], "2024-08-28 12:00"


def yq306_on_cadence():
    return files_of(open_major("2024-08-27 09:00", "2024-08-28 09:00")), [], "2024-08-29 09:00"


def yq306_overdue_after_last_follow_up():
    files = files_of(open_major("2024-08-27 09:00"))
    return files, [_at(MP, files, "warning", "reports:", "第 2 次续报")], "2024-08-28 09:01"


def yq306_gap_before_closure_without_final():
    data = major(closed_at="2024-08-29 12:00")
    data["reports"] = data["reports"][:3]  # no 终报: handling ends at closed_at
    files = _major_files(dict(data))
    return files, [_at(MP, files, "warning", "closed_at:", "第 2 次续报", "缺失")]


def yq306_not_after_the_final_report():
    data = major(closed_at="2024-09-10 12:00")  # long tracking after the 终报: no follow-ups required
    return files_of(data, review(MAJOR_ID, held_at="2024-09-12 10:00")), []


def yq306_excused():
    files = files_of(excused(open_major(), "YQ306", REASON))
    return files, [_at(MP, files, "warning", "reports:", "已有情况说明")], "2024-08-28 09:00"


def yq306_not_for_general():
    return files_of(general(status="处置中", closed_at=DELETE)), [], "2024-09-30 10:00"



# --- YQ312 unused-exception --------------------------------------------------------------------

def yq312_unknown_rule():
    files = files_of(excused(major(), "YQ360", REASON), review(MAJOR_ID))
    return files, [_at(MP, files, "warning", "rule: YQ360", "YQ360", "不是已知的规则编号")]


def yq312_not_an_obligation_rule():
    files = files_of(excused(major(), "YQ104", REASON), review(MAJOR_ID))
    return files, [_at(MP, files, "warning", "rule: YQ104", "YQ104", "不是时限或义务规则")]


def yq312_nothing_late():
    files = files_of(excused(major(), "YQ306", REASON), review(MAJOR_ID))  # every follow-up on time
    return files, [_at(MP, files, "warning", "rule: YQ306", "没有说明任何事项", "删去")]


def yq312_obligation_not_for_this_level():
    files = files_of(excused(general(), "YQ301", REASON), review(GENERAL_ID, participants=["社会事务科"]))
    return files, [_at(NP, files, "warning", "rule: YQ301", "没有说明任何事项")]


def yq312_explains_a_lapse():
    return files_of(excused(open_major(), "YQ306", REASON)), [], "2024-08-28 09:00"


def yq312_written_ahead_of_a_pending_deadline():
    return files_of(excused(open_major(), "YQ306", REASON)), [], "2024-08-26 12:00"


def yq312_explains_a_late_one_shot_obligation():
    data = excused(major(), "YQ303", REASON)
    data["reports"][0]["at"] = "2024-08-26 10:00"  # the first report 40 minutes after discovery
    return files_of(data, review(MAJOR_ID)), []


# --- YQ307 review-due --------------------------------------------------------------------------

def yq307_major_without_review():
    files = files_of(major())
    return files, [_at(MP, files, "error", "closed_at:", "复盘评估", "7 天", "2024-09-04 16:00")]


def yq307_grave_without_review():
    files = files_of(grave())
    return files, [_at(GP, files, "error", "closed_at:", "复盘评估")]


def yq307_general_is_a_warning():
    files = files_of(general())
    return files, [_at(NP, files, "warning", "closed_at:", "复盘评估", "2024-09-03 10:00")]


def yq307_review_one_minute_late():
    """The finding is on the review's held_at line, in the review file."""
    files = files_of(grave(), review(held_at="2024-09-04 16:01"))
    return files, [_at(GR, files, "error", "held_at:", "超时 1分钟")]


def yq307_review_on_the_last_minute():
    return files_of(grave(), review(held_at="2024-09-04 16:00")), []


def yq307_pending():
    return files_of(grave()), [], "2024-09-04 16:00"


def yq307_missing_one_minute_after():
    files = files_of(grave())
    return files, [_at(GP, files, "error", "closed_at:", "缺失")], "2024-09-04 16:01"


def yq307_excused():
    files = files_of(excused(grave(), "YQ307", REASON))
    return files, [_at(GP, files, "warning", "closed_at:", "已有情况说明")]


def yq307_not_while_open():
    return files_of(grave(status="处置中", closed_at=DELETE)), []


# --- YQ308 tracking-owner ----------------------------------------------------------------------

def yq308_major_without_owner():
    files = _major_files(major(tracking=DELETE))
    return files, [_at(MP, files, "error", "level: 较大", "跟踪专人", "tracking.owner")]


def yq308_grave_without_owner():
    files = files_of(grave(tracking=DELETE), review())
    return files, [_at(GP, files, "error", "level: 重大", "跟踪专人")]


def yq308_excused():
    files = _major_files(excused(major(tracking=DELETE), "YQ308", REASON))
    return files, [_at(MP, files, "warning", "level: 较大", "已有情况说明")]


def yq308_ok():
    return _major_files(major()), []


def yq308_not_for_general():
    return _general_files(general()), []


# --- YQ309 written-elements --------------------------------------------------------------------

def yq309_written_lacks_an_element():
    files = files_of(changed(grave(), "reports.1.elements.影响范围", DELETE), review())
    return files, [_at(GP, files, "error", "elements:", "第 2 条报告（书面报告）", "缺少：影响范围")]


def yq309_blank_element():
    files = files_of(changed(grave(), "reports.1.elements.地点", "  "), review())
    return files, [_at(GP, files, "error", "elements:", "缺少：地点")]


def yq309_written_without_elements():
    files = files_of(changed(grave(), "reports.1.elements", DELETE), review())
    return files, [_at(GP, files, "error", "kind: 书面报告", "时间、地点、信息来源、事件概况、影响范围、已采取措施")]


def yq309_final_lacks_cause():
    files = files_of(changed(grave(), "reports.3.elements.原因", DELETE), review())
    return files, [_at(GP, files, "error", "elements:", "第 4 条报告（终报）", "缺少：原因", nth=2)]


def yq309_general_too():
    files = _general_files(changed(general(), "reports.0.elements.信息来源", DELETE))
    return files, [_at(NP, files, "error", "elements:", "缺少：信息来源")]


def yq309_ok():
    return files_of(grave(), review()), []


# --- YQ310 final-report ------------------------------------------------------------------------

def yq310_closed_without_final():
    data = major(closed_at="2024-08-28 06:00")
    data["reports"] = data["reports"][:3]
    files = _major_files(data)
    return files, [_at(MP, files, "error", "status: 已办结", "终报", "没有终报")]


def yq310_excused():
    data = major(closed_at="2024-08-28 06:00")
    data["reports"] = data["reports"][:3]
    files = _major_files(excused(data, "YQ310", REASON))
    return files, [_at(MP, files, "warning", "status: 已办结", "已有情况说明")]


def yq310_open_without_final():
    return files_of(open_major("2024-08-27 09:00")), [], "2024-08-28 08:00"


def yq310_general_without_final():
    return _general_files(general()), []


def yq310_ok():
    return _major_files(major()), []


# --- YQ311 action-overdue ----------------------------------------------------------------------

def yq311_overdue():
    files = files_of(grave(), changed(review(), "actions.0.done_at", DELETE))
    return files, [_at(GR, files, "warning", "due:", "修订护理规范", "养老服务科", "2024-09-30")]


def yq311_due_day_still_counts():
    return files_of(grave(), changed(review(), "actions.0.done_at", DELETE)), [], "2024-09-30 23:59"


def yq311_overdue_in_local_time():
    """16:30 UTC on 30 September is already 1 October in Beijing."""
    files = files_of(grave(), changed(review(), "actions.0.done_at", DELETE))
    return files, [_at(GR, files, "warning", "due:", "2024-09-30")], "2024-09-30T16:30:00Z"


def yq311_done():
    return files_of(grave(), review()), []


def yq311_done_late_is_fine():
    return files_of(grave(), changed(review(), "actions.0.done_at", "2024-10-01")), []


CASES = {
    "YQ305": [yq305_approved_after_publication, yq305_approved_at_publication, yq305_missing_leader,
              yq305_no_approvals, yq305_earliest_approval_counts, yq305_each_response, yq305_excused,
              yq305_not_for_major],
    "YQ306": [yq306_missing_while_open, yq306_pending_at_24_hours, yq306_follow_up_one_minute_late,
              yq306_cadence_counts_from_the_previous_follow_up, yq306_on_cadence, yq306_overdue_after_last_follow_up,
              yq306_gap_before_closure_without_final, yq306_not_after_the_final_report, yq306_excused,
              yq306_not_for_general],
    "YQ307": [yq307_major_without_review, yq307_grave_without_review, yq307_general_is_a_warning,
              yq307_review_one_minute_late, yq307_review_on_the_last_minute, yq307_pending,
              yq307_missing_one_minute_after, yq307_excused, yq307_not_while_open],
    "YQ308": [yq308_major_without_owner, yq308_grave_without_owner, yq308_excused, yq308_ok, yq308_not_for_general],
    "YQ309": [yq309_written_lacks_an_element, yq309_blank_element, yq309_written_without_elements,
              yq309_final_lacks_cause, yq309_general_too, yq309_ok],
    "YQ310": [yq310_closed_without_final, yq310_excused, yq310_open_without_final, yq310_general_without_final,
              yq310_ok],
    "YQ311": [yq311_overdue, yq311_due_day_still_counts, yq311_overdue_in_local_time, yq311_done,
              yq311_done_late_is_fine],
    "YQ312": [yq312_unknown_rule, yq312_not_an_obligation_rule, yq312_nothing_late, yq312_obligation_not_for_this_level,
              yq312_explains_a_lapse, yq312_written_ahead_of_a_pending_deadline,
              yq312_explains_a_late_one_shot_obligation],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)


def test_review_verdict_points_into_the_review_but_belongs_to_the_incident(repo):
    files, _, now = unpack_case(yq307_review_one_minute_late)
    result = check_files(repo, files, now)
    (finding,) = [f for f in result.findings if f.rule == "YQ307"]
    assert finding.path == GR and finding.incident == GRAVE_ID
    (verdict,) = verdicts_of(result, GP, "YQ307")
    assert verdict.outcome is Outcome.LATE and verdict.path == GR


def test_follow_up_verdicts_chain(repo):
    files, _, now = unpack_case(yq306_on_cadence)
    result = check_files(repo, files, now)
    outcomes = [(v.outcome, v.due.strftime("%m-%d %H:%M") if v.due else None) for v in verdicts_of(result, MP, "YQ306")]
    assert outcomes == [(Outcome.MET, "08-27 09:20"), (Outcome.MET, "08-28 09:00"), (Outcome.PENDING, "08-29 09:00")]


def test_excused_warning_for_an_error_rule_of_a_general_incident(repo):
    """An excused verdict is always a warning, whatever the rule's level."""
    files, _, now = unpack_case(yq305_excused)
    result = check_files(repo, files, now)
    assert [f.level for f in result.findings] == ["warning"]
    assert result.errors == 0
