"""schema_errors: pydantic errors become Chinese (and English) messages naming the field path."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from yuqing.models import Incident, Review
from yuqing.schema_errors import describe_errors, field_path

BASE = {
    "id": "YZMZ-2024-0001",
    "title": "网民反映午餐质量差",
    "level": "一般",
    "status": "处置中",
    "section": "养老服务科",
    "discovered_at": "2024-08-26 09:20",
    "source": {"channel": "微博"},
    "summary": "网民发帖。",
}
REPORT = {"kind": "口头报告", "at": "2024-08-26 09:31", "by": "刘洋", "to": ["分管领导"]}


def describe(model=Incident, **changes) -> list[tuple[tuple, object]]:
    data = copy.deepcopy(BASE) if model is Incident else {}
    data.update(changes)
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return describe_errors(caught.value)


def only(**changes):
    described = describe(**changes)
    assert len(described) == 1, [m.zh for _, m in described]
    return described[0]


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("level",), "level"),
        (("reports", 1, "at"), "reports[2].at"),
        (("reports", 0), "reports[1]"),
        (("responses", 0, "approvals", 2, "role"), "responses[1].approvals[3].role"),
        (("source", "channel"), "source.channel"),
        ((), "（整个头部）"),
    ],
)
def test_field_path_counts_list_items_from_one(loc, path):
    assert field_path(loc) == path


def test_time_without_date_names_the_entry_and_asks_for_a_date():
    reports = [REPORT, {**REPORT, "kind": "书面报告", "at": "09:12"}]
    loc, msg = only(reports=reports)
    assert loc == ("reports", 1, "at")
    assert msg.zh.startswith("字段 reports[2].at（时间）：")
    assert "“09:12”只有钟点没有日期" in msg.zh and "2024-08-26 09:20" in msg.zh
    assert msg.en.startswith("field reports[2].at: ") and "no date" in msg.en
    assert "  " not in msg.en


def test_date_without_time():
    loc, msg = only(discovered_at="2024-08-26")
    assert loc == ("discovered_at",)
    assert "字段 discovered_at（获知时间）" in msg.zh and "只有日期没有钟点" in msg.zh


def test_impossible_and_unreadable_times():
    assert "不是一个存在的日期" in only(discovered_at="2024-02-30 09:00")[1].zh
    assert "不是时间" in only(discovered_at="上午九点")[1].zh


def test_missing_field():
    data = {k: v for k, v in BASE.items() if k != "summary"}
    with pytest.raises(ValidationError) as caught:
        Incident.model_validate(data)
    [(loc, msg)] = describe_errors(caught.value)
    assert loc == ("summary",)
    assert msg.zh == "字段 summary（概要）：缺少这个必填字段，请补上。"


def test_unknown_field_is_called_a_typo():
    loc, msg = only(discoverd_at="2024-08-26 09:20")
    assert loc == ("discoverd_at",)
    assert "字段 discoverd_at：" in msg.zh and "拼写错误" in msg.zh


def test_bad_level_lists_the_choices():
    loc, msg = only(level="特大")
    assert loc == ("level",)
    assert "字段 level（级别）" in msg.zh and "“特大”无效" in msg.zh
    assert "一般、较大、重大" in msg.zh and "general" in msg.zh


def test_bad_status_and_kind():
    assert "处置中、跟踪中、已办结" in only(status="完成")[1].zh
    loc, msg = only(reports=[{**REPORT, "kind": "电话"}])
    assert loc == ("reports", 0, "kind") and "reports[1].kind（报告类型）" in msg.zh and "口头报告" in msg.zh


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"title": ""}, "title", "不能为空"),
        ({"reports": [{**REPORT, "to": []}]}, "reports[1].to", "列表不能为空"),
        ({"reports": "口头报告"}, "reports", "应是列表"),
        ({"source": "微博"}, "source", "映射"),
        ({"drill": "也许"}, "drill", "true 或 false"),
        ({"exceptions": [{"rule": "YQ301", "reason": "忘了"}]}, "exceptions[1].reason", "至少 5 个字"),
        ({"exceptions": [{"rule": "301", "reason": "值班电话故障"}]}, "exceptions[1].rule", "YQ 加三位数字"),
        ({"source": {"channel": "微博", "url": ["a"]}}, "source.url", "应填写文字"),
        ({"reports": [{**REPORT, "corrects": [1]}]}, "reports[1].corrects", "整数"),
    ],
)
def test_messages_name_the_path_and_say_what_is_wrong(changes, path, words):
    _, msg = only(**changes)
    assert msg.zh.startswith(f"字段 {path}")
    assert words in msg.zh


def test_union_members_do_not_leak_into_the_path():
    loc, msg = only(reports=[{**REPORT, "corrects": {"x": 1}}])
    assert loc == ("reports", 0, "corrects")
    assert "int" not in msg.zh and "str" not in msg.zh


def test_long_values_are_shortened():
    _, msg = only(level="很" * 200)
    assert "…" in msg.zh and len(msg.zh) < 150


def test_several_errors_each_get_a_message_in_order():
    described = describe(level="x", status="y", reports=[REPORT, {**REPORT, "at": "9点"}])
    assert [loc for loc, _ in described] == [("level",), ("status",), ("reports", 1, "at")]


def test_review_errors():
    described = describe(Review, incident="YZMZ-2024-0001", held_at="2024-09-02 15:00", organizer="局办公室",
                         participants=[], conclusion="好",
                         actions=[{"what": "整改", "owner": "养老服务科", "due": "九月底"}])
    by_path = {field_path(loc): msg.zh for loc, msg in described}
    assert set(by_path) == {"participants", "actions[1].due"}
    assert "参加人员" in by_path["participants"]
    assert "期限" in by_path["actions[1].due"] and "不是日期" in by_path["actions[1].due"]


def test_value_errors_keep_their_own_text():
    from yuqing.models import Org

    with pytest.raises(ValidationError) as caught:
        Org.model_validate({"name": "x", "id_prefix": "YZMZ", "time_zone": "Mars/Base",
                            "roles": [{"name": "主要领导"}], "sections": [{"name": "局办公室"}]})
    [(loc, msg)] = describe_errors(caught.value)
    assert loc == ("time_zone",)
    assert "未知时区 Mars/Base" in msg.zh


# --- the libraries' own English never reaches a Chinese message --------------------------------

#: words of Python's, pydantic's and zoneinfo's own messages
LIBRARY_WORDS = ("offset must be", "timedelta", "Input should", "Value error", "String should", "Field required",
                 "No time zone", "Is a directory", "Errno", " or ")


def assert_no_library_words(text: str) -> None:
    for words in LIBRARY_WORDS:
        assert words not in text, (words, text)


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"discovered_at": "2025-03-01T09:10:00+24:00"}, "discovered_at",
         ("时区偏移“+24:00”不存在", "-23:59 到 +23:59", "+08:00")),
        ({"discovered_at": "2025-03-01T09:10:00-24:00"}, "discovered_at", ("时区偏移“-24:00”不存在",)),
        ({"discovered_at": "2025-03-01T09:10:00+08:75"}, "discovered_at", ("时区偏移“+08:75”不存在", "分钟不超过 59")),
        ({"reports": [{**REPORT, "at": "2024-08-26 09:31 +9900"}]}, "reports[1].at", ("时区偏移“+9900”不存在",)),
        ({"closed_at": "2024-08-26 09:31:00.1234567"}, "closed_at", ("最多 6 位", "微秒")),
        ({"level": 5}, "level", ("一般、较大、重大",)),  # pydantic's "'一般', '较大' or '重大'"
        ({"visibility": 5}, "visibility", ("internal、restricted",)),
        ({"drill": 2.5}, "drill", ("true 或 false",)),
    ],
)
def test_library_errors_are_said_in_chinese(changes, path, words):
    _, msg = only(**changes)
    assert msg.zh.startswith(f"字段 {path}")
    for word in words:
        assert word in msg.zh, msg.zh
    assert_no_library_words(msg.zh)
    assert msg.en.startswith(f"field {path}:")


def test_the_offset_message_in_english():
    _, msg = only(discovered_at="2025-03-01T09:10:00+24:00")
    assert msg.en == ("field discovered_at: the UTC offset '+24:00' of '2025-03-01T09:10:00+24:00' does not exist: "
                      "offsets run from -23:59 to +23:59 (minutes up to 59). Beijing time is +08:00, or write no "
                      "offset at all (org.yml's time zone).")


@pytest.mark.parametrize("zone", ["Asia", "a" * 300, "../etc/passwd", "/etc/localtime", "UTC\x00", "zone.tab"])
def test_an_unknown_time_zone_of_any_kind_is_one_chinese_message(zone):
    from yuqing.models import Org

    with pytest.raises(ValidationError) as caught:  # never IsADirectoryError or OSError
        Org.model_validate({"name": "x", "id_prefix": "YZMZ", "time_zone": zone,
                            "roles": [{"name": "主要领导"}], "sections": [{"name": "局办公室"}]})
    [(loc, msg)] = describe_errors(caught.value)
    assert loc == ("time_zone",)
    assert "未知时区" in msg.zh and "Asia/Shanghai" in msg.zh and len(msg.zh) < 150
    assert_no_library_words(msg.zh)


def test_an_english_value_error_gets_a_chinese_message():
    from pydantic import BaseModel, field_validator

    class Probe(BaseModel):
        when: str

        @field_validator("when")
        @classmethod
        def _english(cls, value):
            raise ValueError("year 0 is out of range")

    with pytest.raises(ValidationError) as caught:
        Probe.model_validate({"when": "x"})
    [(loc, msg)] = describe_errors(caught.value)
    assert "不符合这个字段的要求" in msg.zh and "对照模板" in msg.zh
    assert "out of range" not in msg.zh and "out of range" in msg.en
