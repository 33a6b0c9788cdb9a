"""Rules about reading a file at all: YQ001 unreadable-file, YQ002 duplicate-key, YQ003 schema."""

from __future__ import annotations

import pytest

from recordkit import (
    DELETE,
    GRAVE_ID,
    NOW,
    Hit,
    assert_hits,
    changed,
    check_files,
    excused,
    files_of,
    grave,
    line_of,
    of_rule,
    path_of,
    review,
    to_markdown,
    to_yaml,
    verdicts_of,
)
from yuqing.findings import Outcome

GP = path_of(GRAVE_ID)
GY = path_of(GRAVE_ID, suffix=".yml")


def _one(path, text, level, needle, *words, nth=1, line=None):
    shown = text if isinstance(text, str) else text.decode("utf-8", "replace")
    return {path: text}, [Hit(level, path, line or line_of(shown, needle, nth), words)]


# --- YQ001 unreadable-file ---------------------------------------------------------------------

def yq001_no_front_matter():
    return {GP: to_yaml(grave())}, [Hit("error", GP, 1, ("YAML 头部", "---"))]


def yq001_gbk():
    text = to_markdown(grave())
    return _one(GP, text.encode("gbk"), "error", "title:", "GBK", "UTF-8", line=line_of(text, "title:"))


def yq001_empty():
    return {GP: ""}, [Hit("error", GP, 1, ("空",))]


def yq001_never_closed():
    return {GP: "---\n" + to_yaml(grave())}, [Hit("error", GP, 1, ("没有结束",))]


def yq001_tab():
    text = to_markdown(grave()).replace("  channel: 微博\n", "\tchannel: 微博\n")
    return _one(GP, text, "error", "\tchannel", "制表符")


def yq001_binary():
    # the first NUL byte is on line 3 (after "\r\n" and "\n")
    return {GP: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, [Hit("error", GP, 3, ("二进制",))]


def yq001_too_large():
    text = to_markdown(grave(), "正文" * 400_000)
    return {GP: text}, [Hit("error", GP, 1, ("过大",))]


def yq001_bad_yaml_in_yml():
    text = to_yaml(grave()).replace("summary: 网民发帖称", "summary: 说明: 网民发帖称")
    return _one(GY, text, "error", "summary:", "YAML 格式错误", "引号")


def yq001_ok_md():
    return files_of(grave(), review()), []


def yq001_ok_yml():
    data = grave(body="## 事件经过\n\n正文。\n")
    return {GY: to_yaml(data), **files_of(review())}, []


def yq001_ok_bom_crlf():
    text = to_markdown(grave()).replace("\n", "\r\n")
    return {GP: b"\xef\xbb\xbf" + text.encode("utf-8"), **files_of(review())}, []


# --- YQ002 duplicate-key -----------------------------------------------------------------------

def yq002_top_level():
    text = to_markdown(grave())
    title = grave()["title"]
    text = text.replace(f"title: {title}\n", f"title: {title}\ntitle: 另一个标题\n")
    return _one(GP, text, "error", "title: 另一个标题", "title", "重复", f"第 {line_of(text, 'title:')} 行")


def yq002_in_report():
    text = to_markdown(grave()).replace("  at: 2024-08-26 09:30\n", "  at: 2024-08-26 09:30\n  at: 2024-08-26 09:50\n")
    return _one(GP, text, "error", "at: 2024-08-26 09:50", "“at”", "重复")


def yq002_ok_same_key_in_different_mappings():
    return files_of(grave(), review()), []


# --- YQ003 schema ------------------------------------------------------------------------------

def yq003_typo_key():
    data = grave()
    data["discoverd_at"] = "2024-08-26 09:20"
    text = to_markdown(data)
    return _one(GP, text, "error", "discoverd_at:", "discoverd_at", "不是记录的字段")


def yq003_bad_level():
    text = to_markdown(grave(level="严重"))
    return _one(GP, text, "error", "level: 严重", "级别", "严重", "一般")


def yq003_time_without_date():
    text = to_markdown(changed(grave(), "reports.0.at", "09:35"))
    return _one(GP, text, "error", "at: 09:35", "reports[1].at", "只有钟点没有日期")


def yq003_date_without_time():
    text = to_markdown(grave(discovered_at="2024-08-26"))
    return _one(GP, text, "error", "discovered_at:", "discovered_at", "只有日期没有钟点")


def yq003_impossible_time():
    text = to_markdown(grave(closed_at="2024-02-30 10:00"))
    return _one(GP, text, "error", "closed_at:", "closed_at", "不是一个存在的日期")


def yq003_missing_required():
    text = to_markdown(grave(summary=DELETE))
    return _one(GP, text, "error", "id:", "summary", "必填")


def yq003_bad_kind():
    text = to_markdown(changed(grave(), "reports.2.kind", "补报"))
    return _one(GP, text, "error", "kind: 补报", "reports[3].kind", "口头报告")


def yq003_short_reason():
    text = to_markdown(excused(grave(), "YQ301", "晚了"))
    return _one(GP, text, "error", "reason: 晚了", "exceptions[1].reason", "至少 5 个字")


def yq003_review_missing_held_at():
    data = review(held_at=DELETE)
    files = files_of(grave(), data)
    path = path_of(GRAVE_ID, review=True)
    return files, [Hit("error", path, line_of(files[path], "incident:"), ("held_at", "必填"))]


def yq003_ok_aliases_and_offsets():
    data = grave(level="grave", status="closed", discovered_at="2024-08-26T09:20:00+08:00")
    data = changed(data, "reports.0.kind", "oral")
    return files_of(data, review()), []


CASES = {
    "YQ001": [yq001_no_front_matter, yq001_gbk, yq001_empty, yq001_never_closed, yq001_tab, yq001_binary,
              yq001_too_large, yq001_bad_yaml_in_yml, yq001_ok_md, yq001_ok_yml, yq001_ok_bom_crlf],
    "YQ002": [yq002_top_level, yq002_in_report, yq002_ok_same_key_in_different_mappings],
    "YQ003": [yq003_typo_key, yq003_bad_level, yq003_time_without_date, yq003_date_without_time,
              yq003_impossible_time, yq003_missing_required, yq003_bad_kind, yq003_short_reason,
              yq003_review_missing_held_at, yq003_ok_aliases_and_offsets],
}
TABLE = [pytest.param(code, case, id=case.__name__) for code, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("code", "case"), TABLE)
def test_rule(repo, code, case):
    files, hits = case()
    result = check_files(repo, files, NOW)
    assert_hits(result, code, hits)


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_rule_has_a_positive_and_a_negative_case(code):
    kinds = {bool(case()[1]) for case in CASES[code]}
    assert kinds == {True, False}


def test_unreadable_file_stops_other_rules(repo):
    """An unreadable record gives YQ001 alone: no schema or deadline noise on top."""
    result = check_files(repo, {GP: to_yaml(grave())})
    assert [f.rule for f in result.findings] == ["YQ001"]
    assert GP not in result.verdicts


def test_duplicate_key_keeps_the_first_value(repo):
    """The first ``at`` (09:30, on time) is the one the deadline rules see, not the repeated 09:50."""
    (text,) = yq002_in_report()[0].values()
    result = check_files(repo, {GP: text, **files_of(review())})
    (oral,) = verdicts_of(result, GP, "YQ301")
    assert oral.outcome is Outcome.MET
    assert oral.done_at.strftime("%H:%M") == "09:30"


def test_aliases_are_normalised(repo):
    files, _ = yq003_ok_aliases_and_offsets()
    result = check_files(repo, files)
    assert not result.findings
    assert [v.outcome for v in verdicts_of(result, GP, "YQ301")] == [Outcome.MET]


def test_schema_errors_are_reported_each_on_its_own_line(repo):
    data = changed(grave(level="严重"), "reports.1.at", "昨天上午")
    text = to_markdown(data)
    result = check_files(repo, {GP: text})
    lines = sorted(f.line for f in of_rule(result, "YQ003"))
    assert lines == [line_of(text, "level: 严重"), line_of(text, "at: 昨天上午")]
