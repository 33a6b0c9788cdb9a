"""models: incident, review, org and policy validation (aliases, times, strictness, coercion)."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from conftest import SCHEMA_DIR
from yuqing.loader import load_file
from yuqing.models import Incident, Level, Org, Policy, ReportKind, Review, Severity, Status, Visibility
from yuqing.models.incident import ReportEntry

SHANGHAI = ZoneInfo("Asia/Shanghai")
CTX = {"tz": SHANGHAI}

BASE = {
    "id": "YZMZ-2024-0001",
    "title": "网民反映某社区养老服务站午餐质量差",
    "level": "一般",
    "status": "处置中",
    "section": "养老服务科",
    "discovered_at": "2024-08-26 09:20",
    "source": {"channel": "微博"},
    "summary": "网民在微博发帖反映午餐质量差。",
}

REPORT = {"kind": "口头报告", "at": "2024-08-26 09:31", "by": "刘洋", "to": ["分管领导", "主要领导"]}


def incident(**changes) -> Incident:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Incident.model_validate(data, context=CTX)


def errors(**changes) -> list[dict]:
    with pytest.raises(ValidationError) as caught:
        incident(**changes)
    return caught.value.errors()


def error_locs(**changes) -> set[tuple]:
    return {tuple(e["loc"]) for e in errors(**changes)}


# --- incident --------------------------------------------------------------------------------

def test_minimal_incident_and_defaults():
    found = incident()
    assert found.level is Level.GENERAL and found.status is Status.HANDLING
    assert found.reports == [] and found.responses == [] and found.exceptions == []
    assert found.drill is False and found.visibility is Visibility.INTERNAL
    assert found.tracking is None and found.closed_at is None and not found.is_closed


@pytest.mark.parametrize(
    ("written", "level"),
    [("一般", Level.GENERAL), ("较大", Level.MAJOR), ("重大", Level.GRAVE),
     ("general", Level.GENERAL), ("major", Level.MAJOR), ("grave", Level.GRAVE),
     ("Grave", Level.GRAVE), (" MAJOR ", Level.MAJOR)],
)
def test_level_and_aliases(written, level):
    assert incident(level=written).level is level


@pytest.mark.parametrize("written", ["特大", "high", "", "严重", 3])
def test_unknown_level_is_rejected_listing_the_choices(written):
    found = errors(level=written)
    assert [tuple(e["loc"]) for e in found] == [("level",)]
    if isinstance(written, str):
        assert found[0]["type"] == "yq_choice"
        assert "一般、较大、重大" in found[0]["ctx"]["choices"]


@pytest.mark.parametrize(
    ("written", "status"),
    [("处置中", Status.HANDLING), ("跟踪中", Status.TRACKING), ("已办结", Status.CLOSED),
     ("handling", Status.HANDLING), ("tracking", Status.TRACKING), ("closed", Status.CLOSED)],
)
def test_status_and_aliases(written, status):
    assert incident(status=written).status is status


def test_is_closed():
    assert incident(status="closed", closed_at="2024-08-30 17:00").is_closed


@pytest.mark.parametrize(
    ("written", "kind"),
    [("口头报告", ReportKind.ORAL), ("书面报告", ReportKind.WRITTEN), ("续报", ReportKind.FOLLOW_UP),
     ("终报", ReportKind.FINAL), ("oral", ReportKind.ORAL), ("written", ReportKind.WRITTEN),
     ("follow-up", ReportKind.FOLLOW_UP), ("followup", ReportKind.FOLLOW_UP), ("final", ReportKind.FINAL)],
)
def test_report_kinds_and_aliases(written, kind):
    assert incident(reports=[{**REPORT, "kind": written}]).reports[0].kind is kind


def test_unknown_report_kind():
    assert error_locs(reports=[{**REPORT, "kind": "电话报告"}]) == {("reports", 0, "kind")}


@pytest.mark.parametrize(("written", "visibility"), [("internal", Visibility.INTERNAL), ("restricted", Visibility.RESTRICTED),
                                                     ("内部", Visibility.INTERNAL), ("受限", Visibility.RESTRICTED)])
def test_visibility_and_aliases(written, visibility):
    assert incident(visibility=written).visibility is visibility


def test_naive_time_becomes_shanghai_aware():
    found = incident()
    assert found.discovered_at.tzinfo is not None
    assert found.discovered_at == datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)
    assert found.discovered_at.utcoffset() == timedelta(hours=8)


def test_naive_time_uses_the_zone_in_the_context():
    found = Incident.model_validate(BASE, context={"tz": ZoneInfo("Europe/London")})
    assert found.discovered_at == datetime(2024, 8, 26, 8, 20, tzinfo=UTC)


def test_naive_time_without_context_defaults_to_shanghai():
    assert Incident.model_validate(BASE).discovered_at.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "written",
    ["2024-08-26T09:20:00+08:00", "2024-08-26T01:20:00Z", "2024-08-26 03:20 +02:00", "2024-08-25T21:20:00-04:00"],
)
def test_offset_times_are_the_same_moment(written):
    assert incident(discovered_at=written).discovered_at == datetime(2024, 8, 26, 9, 20, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("written", "error_type"),
    [("09:12", "yq_time_without_date"), ("2024-08-26", "yq_date_without_time"),
     ("2024-02-30 09:00", "yq_impossible_time"), ("上午九点", "yq_not_a_time"), (552, "yq_not_a_time")],
)
def test_bad_times(written, error_type):
    found = errors(discovered_at=written)
    assert [(tuple(e["loc"]), e["type"]) for e in found] == [(("discovered_at",), error_type)]


def test_every_time_field_is_aware():
    found = incident(
        occurred_at="2024-08-26 08:40",
        reports=[REPORT],
        responses=[{"at": "2024-08-26 16:30", "channel": "微博评论区", "text": "已整改。",
                    "approvals": [{"role": "分管领导", "at": "2024-08-26 15:50"}]}],
        escalations=[{"to": "市民政局", "at": "2024-08-26 10:30"}],
        exceptions=[{"rule": "YQ301", "reason": "值班电话故障，改用当面报告", "at": "2024-08-26 11:00"}],
        status="已办结", closed_at="2024-08-30 17:00",
    )
    moments = [found.occurred_at, found.reports[0].at, found.responses[0].at, found.responses[0].approvals[0].at,
               found.escalations[0].at, found.exceptions[0].at, found.closed_at]
    assert all(m.utcoffset() == timedelta(hours=8) for m in moments)


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"discoverd_at": "2024-08-26 09:20"}, ("discoverd_at",)),
        ({"source": {"channel": "微博", "link": "x"}}, ("source", "link")),
        ({"reports": [{**REPORT, "time": "2024-08-26 09:31"}]}, ("reports", 0, "time")),
        ({"tracking": {"owner": "刘洋", "phone": "1"}}, ("tracking", "phone")),
    ],
)
def test_unknown_fields_are_rejected(changes, loc):
    found = [e for e in errors(**changes) if e["type"] == "extra_forbidden"]
    assert [tuple(e["loc"]) for e in found] == [loc]


@pytest.mark.parametrize("field", ["id", "title", "level", "status", "section", "discovered_at", "source", "summary"])
def test_required_fields(field):
    data = copy.deepcopy(BASE)
    del data[field]
    with pytest.raises(ValidationError) as caught:
        Incident.model_validate(data, context=CTX)
    assert [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()] == [((field,), "missing")]


def test_numbers_written_where_text_is_meant_stay_text():
    found = incident(title=2024, summary=3.5, reports=[{**REPORT, "by": 12345, "channel": 12345}])
    assert found.title == "2024" and found.summary == "3.5"
    assert found.reports[0].by == "12345" and found.reports[0].channel == "12345"


def test_text_is_stripped_and_empty_text_rejected():
    assert incident(title="  标题  ").title == "标题"
    assert error_locs(title="   ") == {("title",)}


def test_to_and_cc_accept_a_single_role():
    report = incident(reports=[{**REPORT, "to": "分管领导", "cc": "局办公室"}]).reports[0]
    assert report.to == ["分管领导"] and report.cc == ["局办公室"]


def test_to_must_not_be_empty():
    assert error_locs(reports=[{**REPORT, "to": []}]) == {("reports", 0, "to")}


def test_elements_are_a_mapping_of_text():
    report = incident(reports=[{**REPORT, "kind": "书面报告", "elements": {"时间": "8月26日", "地点": "某社区"}}]).reports[0]
    assert report.elements == {"时间": "8月26日", "地点": "某社区"}
    assert error_locs(reports=[{**REPORT, "elements": ["时间", "地点"]}]) == {("reports", 0, "elements")}


def test_corrections_carry_index_or_id():
    assert ReportEntry.model_validate({**REPORT, "corrects": 1, "reason": "时间笔误"}, context=CTX).corrects == 1
    assert ReportEntry.model_validate({**REPORT, "corrects": "r1"}, context=CTX).corrects == "r1"


def test_exception_entries():
    found = incident(exceptions=[{"rule": "YQ301", "reason": "值班电话故障，改用当面报告"}])
    assert found.excuse_for("YQ301") == "值班电话故障，改用当面报告"
    assert found.excuse_for("YQ302") is None
    assert error_locs(exceptions=[{"rule": "301", "reason": "值班电话故障"}]) == {("exceptions", 0, "rule")}
    assert error_locs(exceptions=[{"rule": "YQ301", "reason": "忘了"}]) == {("exceptions", 0, "reason")}


def test_reports_of_sorts_by_time_and_keeps_indexes():
    found = incident(reports=[
        {**REPORT, "kind": "书面报告", "at": "2024-08-26 09:50"},
        {**REPORT, "at": "2024-08-26 09:31"},
        {**REPORT, "kind": "续报", "at": "2024-08-27 09:00"},
    ])
    assert [i for i, _ in found.reports_of(["口头报告", "书面报告"])] == [1, 0]
    assert [i for i, _ in found.reports_of([ReportKind.FOLLOW_UP])] == [2]


def test_drill_is_a_bool():
    assert incident(drill=True).drill is True
    assert error_locs(drill="演练") == {("drill",)}


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "1", 0])
def test_drill_takes_only_true_or_false(written):
    # YAML keeps yes/no as text; the model must not turn them into booleans behind the author's back
    assert error_locs(drill=written) == {("drill",)}


# --- review ----------------------------------------------------------------------------------

REVIEW = {
    "incident": "YZMZ-2024-0001",
    "held_at": "2024-09-02 15:00",
    "organizer": "局办公室",
    "participants": ["养老服务科", "局办公室"],
    "conclusion": "处置及时。",
    "actions": [{"what": "修订助餐服务合同", "owner": "养老服务科", "due": "2024-09-30"}],
}


def test_review():
    review = Review.model_validate(REVIEW, context=CTX)
    assert review.held_at.utcoffset() == timedelta(hours=8)
    assert review.actions[0].due == date(2024, 9, 30) and review.actions[0].done_at is None
    assert review.experts == []


def test_review_single_participant_and_done_at():
    review = Review.model_validate(
        {**REVIEW, "participants": "养老服务科",
         "actions": [{**REVIEW["actions"][0], "done_at": "2024-09-20 10:00"}]}, context=CTX)
    assert review.participants == ["养老服务科"]
    assert review.actions[0].done_at == date(2024, 9, 20)


def test_review_rejects_unknown_fields_and_bad_dates():
    with pytest.raises(ValidationError) as caught:
        Review.model_validate({**REVIEW, "leader": "周建国",
                               "actions": [{**REVIEW["actions"][0], "due": "九月底"}]}, context=CTX)
    assert {tuple(e["loc"]) for e in caught.value.errors()} == {("leader",), ("actions", 0, "due")}


# --- org and policy -----------------------------------------------------------------------------

def shipped(name: str) -> dict:
    doc = load_file(SCHEMA_DIR / name)
    assert doc.problems == []
    return doc.data


def test_shipped_org():
    org = Org.model_validate(shipped("org.yml"))
    assert org.id_prefix == "YZMZ" and org.tz.key == "Asia/Shanghai"
    assert {"局办公室", "养老服务科", "区救助管理站"} <= org.section_names
    assert org.role_names == {"主要领导", "分管领导", "局办公室"}
    assert org.people["刘洋"] == "养老服务科"
    assert org.people["周建国"] == ""  # a role holder without a section
    assert org.identities["liuyang@yzmz.example.cn"] == "养老服务科"
    assert org.section("社会救助科").phone == "0574-87110001"
    assert org.section("不存在") is None
    assert "12345" in org.public_phones  # an unquoted number would be coerced to text too


def test_org_rejects_unknown_zone_duplicate_section_and_missing_office():
    data = shipped("org.yml")
    with pytest.raises(ValidationError, match="未知时区"):
        Org.model_validate({**data, "time_zone": "Asia/Beijing"})
    with pytest.raises(ValidationError, match="科室重复：养老服务科"):
        Org.model_validate({**data, "sections": data["sections"] + [{"name": "养老服务科"}]})
    with pytest.raises(ValidationError, match="office_section"):
        Org.model_validate({**data, "office_section": "综合科"})
    with pytest.raises(ValidationError):
        Org.model_validate({**data, "id_prefix": "yz-mz"})


def test_shipped_policy():
    policy = Policy.model_validate(shipped("policy.yml"))
    yq301 = policy.obligation("YQ301")
    assert yq301.within == timedelta(minutes=15) and yq301.levels == [Level.GRAVE]
    assert yq301.kinds == [ReportKind.ORAL] and yq301.start == "clock"
    assert policy.obligation("YQ306").every == timedelta(hours=24)
    yq307 = policy.obligation("YQ307")
    assert yq307.within == timedelta(days=7)
    assert yq307.severity_for(Level.GENERAL) is Severity.WARNING
    assert yq307.severity_for(Level.GRAVE) is Severity.ERROR
    assert policy.within("YQ302", timedelta(0)) == timedelta(minutes=20)
    assert policy.within("YQ999", timedelta(hours=1)) == timedelta(hours=1)
    assert policy.obligation("YQ309").elements[ReportKind.FINAL] == ["原因", "处置措施", "处置结果"]


def test_obligation_levels_accept_aliases_and_default_to_all():
    policy = Policy.model_validate({"obligations": {
        "YQ301": {"title": "t", "clause": "c", "levels": ["grave"], "within": "15min"},
        "YQ308": {"title": "t", "clause": "c"},
    }})
    assert policy.obligation("YQ301").levels == [Level.GRAVE]
    assert policy.obligation("YQ301").applies_to(Level.GRAVE)
    assert not policy.obligation("YQ301").applies_to(Level.MAJOR)
    assert policy.obligation("YQ308").levels == list(Level)


@pytest.mark.parametrize(
    ("obligation", "loc"),
    [
        ({"title": "t", "clause": "c", "within": "15 minutes"}, ("obligations", "YQ301", "within")),
        ({"title": "t", "clause": "c", "start": "discovery"}, ("obligations", "YQ301", "start")),
        ({"title": "t", "clause": "c", "level": "fatal"}, ("obligations", "YQ301", "level")),
        ({"title": "t", "clause": "c", "levels": ["特大"]}, ("obligations", "YQ301", "levels", 0)),
        ({"title": "t", "clause": "c", "deadline": "15min"}, ("obligations", "YQ301", "deadline")),
        ({"clause": "c"}, ("obligations", "YQ301", "title")),
    ],
)
def test_bad_obligations(obligation, loc):
    with pytest.raises(ValidationError) as caught:
        Policy.model_validate({"obligations": {"YQ301": obligation}})
    assert [tuple(e["loc"]) for e in caught.value.errors()] == [loc]


def test_policy_clock_start():
    assert Policy.model_validate({"clock_start": "occurred_at"}).clock_start == "occurred_at"
    with pytest.raises(ValidationError):
        Policy.model_validate({"clock_start": "reported_at"})
