"""report.context: which report a document is made of, and the values the template gets."""

from __future__ import annotations

import pytest

from recordkit import FINAL_ELEMENTS, WRITTEN_ELEMENTS, general, grave
from yuqing.models import Incident
from yuqing.report.context import (
    FIELDS,
    MISSING,
    RESTRICTED_MARK,
    build,
    chinese_date,
    chinese_number,
    pick,
    required_elements,
    signature_pads,
    signer_of,
    width,
)


@pytest.fixture
def shipped(repo):
    """The shipped org.yml and policy.yml, opened."""
    workspace = repo.workspace()
    return workspace.org, workspace.policy


def incident(data: dict, org) -> Incident:
    return Incident.model_validate(data, context={"tz": org.tz})


def written(at: str, **extra) -> dict:
    entry = {"kind": "书面报告", "at": at, "by": "刘洋", "to": ["分管领导", "主要领导"], "cc": ["局办公室"],
             "elements": dict(WRITTEN_ELEMENTS)}
    entry.update(extra)
    return entry


def test_the_latest_written_report_is_picked(shipped):
    org, _ = shipped
    data = grave()
    data["reports"].append(written("2024-08-26 11:00", elements={**WRITTEN_ELEMENTS, "地点": "另一处"}))
    index, entry = pick(incident(data, org), "书面报告")
    assert index == 4 and entry.elements["地点"] == "另一处"


def test_a_corrected_report_is_skipped(shipped):
    """The latest by time is corrected by a later entry: the correction is the report, not the one it replaces."""
    org, policy = shipped
    data = grave()
    data["reports"].append(written("2024-08-26 11:00", elements={**WRITTEN_ELEMENTS, "地点": "写错的地点"}))
    data["reports"].append(written("2024-08-26 09:50", corrects=5, reason="地点写错，更正为正确地点",
                                   elements={**WRITTEN_ELEMENTS, "地点": "更正后的地点"}))
    filled = build(incident(data, org), org, policy, "书面报告")
    assert filled.index == 5
    assert filled.context["element"]["地点"] == "更正后的地点"


def test_a_record_without_the_kind_gives_none(shipped):
    org, policy = shipped
    data = grave()
    data["reports"] = [r for r in data["reports"] if r["kind"] != "终报"]
    assert build(incident(data, org), org, policy, "终报") is None


def test_the_elements_follow_the_plans_order_and_missing_ones_are_marked(shipped):
    org, policy = shipped
    data = grave()
    given = {"已采取措施": "已派员核实", "时间": "8月26日", "补充": "家属已到场", "地点": " "}
    data["reports"][1]["elements"] = given
    filled = build(incident(data, org), org, policy, "书面报告")
    names = [item["name"] for item in filled.context["elements"]]
    assert names == ["时间", "地点", "信息来源", "事件概况", "影响范围", "已采取措施", "补充"]
    assert [item["number"] for item in filled.context["elements"]] == ["一", "二", "三", "四", "五", "六", "七"]
    assert filled.missing == ["地点", "信息来源", "事件概况", "影响范围"]
    assert filled.context["element"]["地点"] == MISSING
    assert filled.context["element"]["已采取措施"] == "已派员核实"


def test_the_final_reports_elements(shipped):
    org, policy = shipped
    filled = build(incident(grave(), org), org, policy, "终报")
    assert [(i["name"], i["text"]) for i in filled.context["elements"]] == list(FINAL_ELEMENTS.items())
    assert filled.missing == []


def test_the_elements_come_from_policy_yml(shipped):
    org, policy = shipped
    assert required_elements(policy, "书面报告") == list(WRITTEN_ELEMENTS)
    changed = policy.model_copy(update={"obligations": {}})
    assert required_elements(changed, "终报") == list(FINAL_ELEMENTS)  # without YQ309: the plan's


def test_the_values(shipped):
    org, policy = shipped
    context = build(incident(grave(), org), org, policy, "书面报告").context
    assert set(context) == set(FIELDS)
    assert context["to"] == "分管领导、主要领导" and context["cc"] == "局办公室"
    assert context["date"] == "2024年8月26日"
    assert context["signer"] == context["issuer"] == "宁波市鄞州区民政局养老服务科"
    assert context["note"] == "联系人：刘洋，电话：0574-87110002"
    assert context["marks"] == "" and context["restricted"] is False


def test_no_cc_gives_an_empty_cc(shipped):
    org, policy = shipped
    data = grave()
    del data["reports"][1]["cc"]
    assert build(incident(data, org), org, policy, "书面报告").context["cc"] == ""


def test_the_date_is_the_local_day(shipped):
    org, policy = shipped
    data = grave()
    data["reports"][1]["at"] = "2024-08-26T17:30:00+00:00"  # 01:30 on the 27th in Ningbo
    assert build(incident(data, org), org, policy, "书面报告").context["date"] == "2024年8月27日"


def test_restricted_and_drill_marks(shipped):
    org, policy = shipped
    context = build(incident(grave(visibility="restricted", drill=True), org), org, policy, "书面报告").context
    assert context["marks"] == f"{RESTRICTED_MARK}　演练"
    assert context["restricted"] is True and context["drill"] is True


def test_the_office_signs_without_a_second_ju(shipped):
    org, _ = shipped
    assert signer_of(org, "局办公室") == "宁波市鄞州区民政局办公室"
    assert signer_of(org, "社会事务科") == "宁波市鄞州区民政局社会事务科"
    assert general()["section"] == "社会事务科"


def test_chinese_numbers_and_dates():
    from datetime import datetime

    assert [chinese_number(n) for n in (1, 6, 10, 11, 20, 23)] == ["一", "六", "十", "十一", "二十", "二十三"]
    assert chinese_date(datetime(2024, 8, 6, 9, 5)) == "2024年8月6日"


def test_the_date_starts_two_characters_right_of_the_sender():
    signer, date = "宁波市鄞州区民政局养老服务科", "2024年8月26日"
    signer_pad, date_pad = signature_pads(signer, date)
    assert len(date_pad) == len(signer_pad) + 2
    assert len(signer_pad) + width(signer) == 28 - 2  # two characters from the right edge


def test_a_date_longer_than_the_sender_is_two_from_the_edge():
    signer, date = "办公室", "2024年12月26日"
    signer_pad, date_pad = signature_pads(signer, date)
    assert len(date_pad) == len(signer_pad) + 2
    assert len(date_pad) + width(date) <= 28 - 2
