"""Rules about a record's consistency: YQ101 id-mismatch … YQ106 review-orphan."""

from __future__ import annotations

from recordkit import (
    DELETE,
    GENERAL_ID,
    GRAVE_ID,
    Hit,
    assert_hits,
    changed,
    check_files,
    files_of,
    general,
    grave,
    line_of,
    path_of,
    review,
    rule_table_tests,
    to_markdown,
    to_yaml,
    unpack_case,
)

GP = path_of(GRAVE_ID)
GR = path_of(GRAVE_ID, review=True)


def _at(path, files, level, needle, *words, nth=1):
    return Hit(level, path, line_of(files[path], needle, nth), words)


# --- YQ101 id-mismatch -------------------------------------------------------------------------

def yq101_file_name():
    path = path_of("YZMZ-2024-0009")
    files = {path: to_markdown(grave())}
    return files, [_at(path, files, "error", "id:", "文件名", "YZMZ-2024-0009", GRAVE_ID)]


def yq101_prefix():
    path = "incidents/2024/ABC-2024-0001.md"
    files = {path: to_markdown(grave(id="ABC-2024-0001"))}
    return files, [_at(path, files, "error", "id:", "格式不对", "YZMZ-2024-0001")]


def yq101_year():
    path = path_of("YZMZ-2023-0001")
    files = {path: to_markdown(grave(id="YZMZ-2023-0001"))}
    return files, [_at(path, files, "error", "id:", "2023", "2024", "获知时间")]


def yq101_directory():
    path = f"incidents/2025/{GRAVE_ID}.md"
    files = {path: to_markdown(grave())}
    return files, [_at(path, files, "error", "id:", "incidents/2024/")]


def yq101_year_in_local_time():
    """17:00 UTC on 31 December is already 1 January in Beijing: the id's year must be 2025."""
    path = path_of(GENERAL_ID)
    files = {path: to_markdown(general(discovered_at="2024-12-31T17:00:00Z"))}
    return files, [_at(path, files, "error", "id:", "2024", "2025")]


def yq101_review_name():
    path = path_of("YZMZ-2024-0002", review=True)
    files = {**files_of(grave()), path: to_markdown(review())}
    return files, [_at(path, files, "error", "incident:", "复盘文件名", f"{GRAVE_ID}.review.md")]


def yq101_ok():
    return files_of(grave(), review()), []


def yq101_ok_local_year():
    path = path_of("YZMZ-2025-0001")
    return {path: to_markdown(general(id="YZMZ-2025-0001", discovered_at="2024-12-31T16:30:00Z"))}, []


# --- YQ102 duplicate-id ------------------------------------------------------------------------

def yq102_md_and_yml():
    other = path_of(GRAVE_ID, suffix=".yml")
    files = {**files_of(grave(), review()), other: to_yaml(grave(body="正文"))}
    return files, [_at(other, files, "error", "id:", GRAVE_ID, GP)]


def yq102_two_years():
    """Two files in two year folders (the second also breaks YQ101); YQ102 is on the later path."""
    other = f"incidents/2025/{GRAVE_ID}.md"
    files = {**files_of(grave(), review()), other: to_markdown(grave())}
    return files, [_at(other, files, "error", "id:", GRAVE_ID, GP)]


def yq102_two_reviews():
    other = path_of(GRAVE_ID, review=True, suffix=".yml")
    files = {**files_of(grave(), review()), other: to_yaml(review())}
    return files, [_at(other, files, "error", "incident:", "复盘编号", GR)]


def yq102_ok():
    return files_of(grave(), review(), general(), review(GENERAL_ID)), []


# --- YQ103 unknown-section ---------------------------------------------------------------------

def yq103_section():
    files = files_of(grave(section="办公室"))
    return files, [_at(GP, files, "error", "section: 办公室", "责任科室", "办公室", "养老服务科", "schema/org.yml")]


def yq103_report_to():
    files = files_of(changed(grave(), "reports.0.to", ["分管领导", "局长"]))
    return files, [_at(GP, files, "error", "- 局长", "报告对象", "局长", "主要领导")]


def yq103_report_cc():
    files = files_of(changed(grave(), "reports.1.cc", ["办公室"]))
    return files, [_at(GP, files, "error", "- 办公室", "办公室", "局办公室")]


def yq103_tracking_owner():
    files = files_of(grave(tracking={"owner": "张三"}))
    return files, [_at(GP, files, "error", "owner: 张三", "跟踪专人", "张三")]


def yq103_escalation():
    files = files_of(changed(grave(), "escalations.0.to", "市政府"))
    return files, [_at(GP, files, "error", "to: 市政府", "上报单位", "市政府", "市民政局")]


def yq103_approval_role():
    files = files_of(changed(grave(), "responses.0.approvals.0.role", "办公室主任"))
    return files, [_at(GP, files, "error", "role: 办公室主任", "审核角色", "办公室主任")]


def yq103_review_people():
    data = changed(review(organizer="宣传科"), "actions.0.owner", "宣传科")
    files = files_of(grave(), data)
    return files, [_at(GR, files, "error", "organizer: 宣传科", "复盘组织者"),
                   _at(GR, files, "error", "owner: 宣传科", "整改责任人")]


def yq103_ok():
    data = changed(review(organizer="王芳"), "actions.0.owner", "刘洋")
    return files_of(grave(), data), []


# --- YQ104 time-order --------------------------------------------------------------------------

def yq104_report_before_discovery():
    files = files_of(changed(grave(), "reports.0.at", "2024-08-26 09:10"), review())
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:10", "第 1 条报告", "早于获知时间", "2024-08-26 09:20")]


def yq104_written_before_oral():
    files = files_of(changed(grave(), "reports.1.at", "2024-08-26 09:25"), review())
    return files, [_at(GP, files, "error", "at: 2024-08-26 09:25", "书面报告", "早于口头报告")]


def yq104_closed_before_last_report():
    files = files_of(grave(closed_at="2024-08-28 08:00"), review())
    return files, [_at(GP, files, "error", "closed_at:", "办结时间", "第 4 条报告", "2024-08-28 08:30")]


def yq104_occurred_after_discovery():
    files = files_of(grave(occurred_at="2024-08-26 09:21"), review())
    return files, [_at(GP, files, "error", "occurred_at:", "发生时间", "晚于获知时间")]


def yq104_future_of_now():
    """A report time later than --now: nothing may be recorded before it happened."""
    data = general(status="处置中", closed_at=DELETE, responses=[])
    files = files_of(data)
    now = "2024-08-26 10:59"
    return files, [_at(path_of(GENERAL_ID), files, "error", "at: 2024-08-26 11:00", "晚于当前时间", now)], now


def yq104_review_before_closure():
    files = files_of(grave(), review(held_at="2024-08-28 15:00"))
    return files, [_at(GR, files, "error", "held_at:", "复盘时间", "早于事件办结时间")]


def yq104_review_in_future():
    files = files_of(grave(), review())
    return files, [_at(GR, files, "error", "held_at:", "晚于当前时间")], "2024-09-01 10:00"


def yq104_report_seconds_before_discovery():
    """20 seconds before discovery: both times with their seconds, or the message would read 09:20 < 09:20."""
    files = files_of(changed(grave(discovered_at="2024-08-26 09:20:30"), "reports.0.at", "2024-08-26 09:20:10"), review())
    return files, [_at(GP, files, "error", "2024-08-26 09:20:10",
                       "第 1 条报告的时间 2024-08-26 09:20:10 早于获知时间 2024-08-26 09:20:30")]


def yq104_future_of_now_by_seconds():
    data = changed(general(status="处置中", closed_at=DELETE, responses=[]), "reports.0.at", "2024-08-26 11:00:20")
    files = files_of(data)
    return files, [_at(path_of(GENERAL_ID), files, "error", "2024-08-26 11:00:20",
                       "时间 2024-08-26 11:00:20 晚于当前时间 2024-08-26 11:00:10")], "2024-08-26 11:00:10"


def yq104_ok_at_the_second_of_discovery():
    return files_of(changed(grave(discovered_at="2024-08-26 09:20:30"), "reports.0.at", "2024-08-26 09:20:30"),
                    review()), []


def yq104_ok():
    return files_of(grave(), review()), []


def yq104_ok_time_equal_to_now():
    return files_of(grave(), review()), [], "2024-09-02 14:00"


# --- YQ105 status-fields -----------------------------------------------------------------------

def yq105_closed_without_closed_at():
    files = files_of(grave(closed_at=DELETE))
    return files, [_at(GP, files, "error", "status: 已办结", "已办结", "closed_at")]


def yq105_open_with_closed_at():
    files = files_of(grave(status="处置中"))
    return files, [_at(GP, files, "error", "closed_at:", "处置中", "closed_at")]


def yq105_tracking_with_closed_at():
    files = files_of(grave(status="跟踪中"))
    return files, [_at(GP, files, "error", "closed_at:", "跟踪中")]


def yq105_ok():
    return files_of(grave(), review(), grave(id="YZMZ-2024-0005", status="处置中", closed_at=DELETE)), []


# --- YQ106 review-orphan -----------------------------------------------------------------------

def yq106_orphan():
    path = path_of("YZMZ-2024-0009", review=True)
    files = {path: to_markdown(review("YZMZ-2024-0009"))}
    return files, [_at(path, files, "error", "incident:", "YZMZ-2024-0009", "不存在")]


def yq106_ok():
    return files_of(grave(), review()), []


def yq106_ok_incident_in_other_format():
    """The incident is a .yml file; the review still finds it."""
    return {path_of(GRAVE_ID, suffix=".yml"): to_yaml(grave(body="正文")), **files_of(review())}, []


def yq106_ok_incident_invalid():
    """The incident exists but has a schema error (YQ003): the review is not an orphan on top of that."""
    return files_of(grave(level="严重"), review()), []


CASES = {
    "YQ101": [yq101_file_name, yq101_prefix, yq101_year, yq101_directory, yq101_year_in_local_time,
              yq101_review_name, yq101_ok, yq101_ok_local_year],
    "YQ102": [yq102_md_and_yml, yq102_two_years, yq102_two_reviews, yq102_ok],
    "YQ103": [yq103_section, yq103_report_to, yq103_report_cc, yq103_tracking_owner, yq103_escalation,
              yq103_approval_role, yq103_review_people, yq103_ok],
    "YQ104": [yq104_report_before_discovery, yq104_written_before_oral, yq104_closed_before_last_report,
              yq104_occurred_after_discovery, yq104_future_of_now, yq104_review_before_closure,
              yq104_review_in_future, yq104_ok, yq104_ok_time_equal_to_now, yq104_report_seconds_before_discovery,
              yq104_future_of_now_by_seconds, yq104_ok_at_the_second_of_discovery],
    "YQ105": [yq105_closed_without_closed_at, yq105_open_with_closed_at, yq105_tracking_with_closed_at, yq105_ok],
    "YQ106": [yq106_orphan, yq106_ok, yq106_ok_incident_in_other_format, yq106_ok_incident_invalid],
}
test_rule, test_every_rule_has_a_positive_and_a_negative_case = rule_table_tests(CASES)


def test_duplicate_id_sees_both_files_in_english(repo):
    files, _, _ = unpack_case(yq102_md_and_yml)
    result = check_files(repo, files)
    (finding,) = [f for f in result.findings if f.rule == "YQ102"]
    assert finding.incident == GRAVE_ID
    assert finding.message("en") == f"id '{GRAVE_ID}' is also used by {GP}."


def test_future_discovery_time(repo):
    """discovered_at itself in the future of --now is reported on its own line."""
    data = general(status="处置中", closed_at=DELETE, responses=[], reports=[])
    files = files_of(data)
    result = check_files(repo, files, now="2024-08-26 09:00")
    path = path_of(GENERAL_ID)
    assert_hits(result, "YQ104", [Hit("error", path, line_of(files[path], "discovered_at:"), ("晚于当前时间",))])
