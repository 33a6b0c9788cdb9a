"""yamlstrict: YAML 1.2 core scalars, duplicate keys, tags, positions and expansion bounds."""

from __future__ import annotations

import math
import re
import time

import pytest

from yuqing import yamlstrict
from yuqing.yamlstrict import MAX_DEPTH, YamlError, load_yaml


def data_of(text: str):
    doc, problems = load_yaml(text)
    assert problems == []
    return doc.data


def error_of(text: str, **kwargs):
    with pytest.raises(YamlError) as caught:
        load_yaml(text, **kwargs)
    return caught.value.problem


# --- YAML 1.2 core scalars: nothing changes meaning behind the author's back ---------------

@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("09:12", "09:12"),  # YAML 1.1 would read the sexagesimal integer 552
        ("1:30:00", "1:30:00"),
        ("2025-03-01", "2025-03-01"),  # YAML 1.1 would make a datetime.date
        ("2024-08-26 09:20", "2024-08-26 09:20"),  # and a datetime
        ("2024-08-26T09:20:00+08:00", "2024-08-26T09:20:00+08:00"),
        ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"),
        ("Yes", "Yes"), ("NO", "NO"), ("y", "y"), ("n", "n"),
        ("true", True), ("false", False), ("True", True), ("FALSE", False),
        ("null", None), ("~", None), ("", None),
        ("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("0o17", 15), ("0x1F", 31),
        ("010", 10),  # YAML 1.1 would read octal 8
        ("1_000", "1_000"),  # YAML 1.1 would read 1000
        ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), (".5", 0.5),
        ("0574-87110000", "0574-87110000"),  # a phone number stays text
        ("12345", 12345),
        ("一般", "一般"),
    ],
)
def test_core_schema_scalars(written, expected):
    value = data_of(f"v: {written}\n")["v"]
    assert value == expected
    assert type(value) is type(expected)


def test_special_floats():
    data = data_of("a: .inf\nb: -.Inf\nc: .NaN\n")
    assert data["a"] == math.inf
    assert data["b"] == -math.inf
    assert math.isnan(data["c"])


def test_quoted_scalars_are_always_text():
    assert data_of('a: "true"\nb: \'42\'\nc: "09:12"\n') == {"a": "true", "b": "42", "c": "09:12"}


def test_overlong_integer_is_kept_as_text_instead_of_crashing():
    digits = "9" * 5000  # beyond Python's int/str conversion limit
    assert data_of(f"a: {digits}\n") == {"a": digits}


def test_empty_text_is_no_document():
    doc, problems = load_yaml("")
    assert doc.data is None and problems == []


# --- duplicate keys -----------------------------------------------------------------------

def test_duplicate_key_reports_yq002_on_the_repeated_line_and_keeps_the_first():
    text = "title: 甲\nlevel: 一般\ntitle: 乙\n"
    doc, problems = load_yaml(text)
    assert doc.data == {"title": "甲", "level": "一般"}
    assert [(p.code, p.line, p.column) for p in problems] == [("YQ002", 3, 1)]
    assert "title" in problems[0].msg.zh and "第 1 行" in problems[0].msg.zh


def test_duplicate_nested_key_and_line_offset():
    text = "reports:\n  - kind: 口头报告\n    at: 2024-08-26 09:20\n    at: 2024-08-26 09:35\n"
    doc, problems = load_yaml(text, line_offset=1)  # as in front matter below a '---' line
    assert doc.data["reports"][0]["at"] == "2024-08-26 09:20"
    assert [(p.code, p.line, p.column) for p in problems] == [("YQ002", 5, 5)]
    assert "第 4 行" in problems[0].msg.zh


def test_duplicate_key_in_flow_mapping():
    _, problems = load_yaml("approvals: [{role: 分管领导, role: 主要领导}]\n")
    assert [(p.code, p.line) for p in problems] == [("YQ002", 1)]


def test_every_duplicate_is_reported():
    _, problems = load_yaml("a: 1\na: 2\nb: 1\na: 3\nb: 2\n")
    assert [(p.code, p.line) for p in problems] == [("YQ002", 2), ("YQ002", 4), ("YQ002", 5)]


def test_keys_that_look_different_but_are_the_same_text_are_duplicates():
    _, problems = load_yaml("'a': 1\na: 2\n")
    assert [p.code for p in problems] == ["YQ002"]


# --- tags ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo hi]\n",
        "a: !!python/name:os.system\n",
        "a: !custom value\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!timestamp 2024-08-26\n",
        "a: !!set {x, y}\n",
        "a: !foo [1, 2]\n",
        "a: !foo {b: 1}\n",
    ],
)
def test_unknown_tags_are_rejected(text):
    problem = error_of(text)
    assert (problem.code, problem.line, problem.column) == ("YQ001", 1, 4)
    assert "标签" in problem.msg.zh


def test_standard_tags_are_accepted():
    assert data_of("a: !!str 09:12\nb: !!int '5'\n") == {"a": "09:12", "b": 5}


def test_a_mapping_as_key_is_rejected():
    problem = error_of("? [a, b]\n: 1\n")
    assert problem.code == "YQ001" and problem.line == 1


# --- positions ---------------------------------------------------------------------------------

def test_positions_of_nested_values_and_keys():
    text = (
        "id: X\n"                      # 1
        "source:\n"                    # 2
        "  channel: 微博\n"            # 3
        "reports:\n"                   # 4
        "  - kind: 口头报告\n"         # 5
        "    at: 2024-08-26 09:20\n"   # 6
        "    to: [分管领导, 主要领导]\n"  # 7
        "  -   kind: 书面报告\n"       # 8
    )
    doc, _ = load_yaml(text)
    pos, keys = doc.positions, doc.key_positions
    assert pos[()] == (1, 1)
    assert pos[("id",)] == (1, 5)
    assert keys[("id",)] == (1, 1)
    assert pos[("source", "channel")] == (3, 12)
    assert keys[("source", "channel")] == (3, 3)
    assert pos[("reports",)] == (5, 3)
    assert pos[("reports", 0)] == (5, 5)
    assert pos[("reports", 0, "at")] == (6, 9)
    assert keys[("reports", 0, "at")] == (6, 5)
    assert pos[("reports", 0, "to")] == (7, 9)
    assert pos[("reports", 0, "to", 1)] == (7, 16)
    assert pos[("reports", 1, "kind")] == (8, 13)


def test_positions_shifted_by_line_offset():
    doc, _ = load_yaml("a:\n  b: 1\n", line_offset=4)
    assert doc.positions[("a", "b")] == (6, 6)
    assert doc.key_positions[("a",)] == (5, 1)


def test_positions_count_characters_not_bytes():
    doc, _ = load_yaml("标题: 养老\n渠道: 微博\n")
    assert doc.positions[("标题",)] == (1, 5)
    assert doc.positions[("渠道",)] == (2, 5)


# --- bounds: alias bombs, recursion, depth -------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    names = "abcdefghijklmnop"
    text = f'{names[0]}: &{names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for previous, name in zip(names, names[1:levels], strict=False):
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    return text


def test_billion_laughs_answers_quickly_with_yq001():
    started = time.perf_counter()
    problem = error_of(billion_laughs())
    assert time.perf_counter() - started < 1.0
    assert problem.code == "YQ001"
    assert problem.line >= 1 and problem.column >= 1
    assert "炸弹" in problem.msg.zh


def test_small_aliases_are_fine():
    data = data_of("base: &b {role: 分管领导}\nfirst: *b\nsecond: *b\n")
    assert data["first"] == data["second"] == {"role": "分管领导"}


def test_node_limit_is_a_parameter():
    text = "a: [" + ", ".join(["x"] * 50) + "]\n"
    assert data_of(text)["a"] == ["x"] * 50
    assert error_of(text, max_nodes=20).code == "YQ001"


def test_recursive_alias_is_rejected():
    problem = error_of("a: &x [1, *x]\n")
    assert problem.code == "YQ001" and problem.line == 1


def test_recursive_mapping_alias_is_rejected():
    problem = error_of("a: &x {b: *x}\n")
    assert problem.code == "YQ001" and problem.line == 1


def test_undefined_alias_is_a_syntax_error():
    problem = error_of("a: *nowhere\n")
    assert problem.code == "YQ001" and "锚点" in problem.msg.zh


def test_nesting_just_below_the_limit_is_read():
    depth = MAX_DEPTH - 1
    value = data_of("a: " + "[" * depth + "]" * depth + "\n")["a"]
    levels = 1
    while value:
        value = value[0]
        levels += 1
    assert value == [] and levels == depth


def test_deep_flow_nesting_is_yq001():
    depth = 200
    problem = error_of("a: " + "[" * depth + "]" * depth + "\n")
    assert problem.code == "YQ001" and problem.line == 1
    assert "嵌套" in problem.msg.zh


def test_deep_block_nesting_is_yq001_near_the_limit():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 10)) + "  " * (MAX_DEPTH + 10) + "x\n"
    problem = error_of(text)
    assert problem.code == "YQ001"
    assert MAX_DEPTH - 2 <= problem.line <= MAX_DEPTH + 3
    assert "嵌套" in problem.msg.zh


def test_huge_nesting_is_stopped_by_the_parser_quickly():
    started = time.perf_counter()
    problem = error_of("a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert time.perf_counter() - started < 1.0
    assert problem.code == "YQ001" and "嵌套" in problem.msg.zh


# --- syntax errors -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "line", "column", "needle"),
    [
        ("a:\n\tb: 1\n", 2, 1, "制表符"),
        ("a: 1\n\tb: 1\n", 2, 1, "制表符"),
        ("a:\n  - x\n\t- y\n", 3, 1, "制表符"),
        ('a: "abc\nb: 1\n', 1, 4, "引号"),
        ("a: [1, 2\n", 1, 4, "括号"),
        ("a: 1\n---\nb: 2\n", 2, 1, "多个 YAML 文档"),
        ("summary: 时间: 上午\n", 1, 12, "冒号"),
        ("a: 1\x07\n", 1, 5, "控制字符"),
        ('a: "x\\qy"\n', 1, 6, "反斜杠"),
        ("a: @某网友\n", 1, 4, "特殊符号"),
        ("a: `x`\n", 1, 4, "特殊符号"),
        ("a: &\n", 1, 5, "锚点"),
        ("a: 1\nb: %x\n", 2, 4, "特殊符号"),
    ],
)
def test_syntax_errors_are_yq001_with_a_helpful_chinese_hint(text, line, column, needle):
    problem = error_of(text)
    assert (problem.code, problem.line, problem.column) == ("YQ001", line, column)
    assert needle in problem.msg.zh
    assert "\n" not in problem.msg.zh
    # the parser's own (English) words are for --lang en only
    assert "parser" not in problem.msg.zh and not re.search(r"[a-z]{3,} [a-z]{3,}", problem.msg.zh), problem.msg.zh
    assert "(parser: " in problem.msg.en


def test_syntax_error_line_honours_the_offset():
    assert error_of("a:\n\tb: 1\n", line_offset=1).line == 3


def test_libyaml_is_used():
    assert yamlstrict.HAVE_LIBYAML


LISTS = ("reports", "responses")


@pytest.mark.parametrize(("text", "lengths"), [
    ("reports:\n- a\n- b\nresponses: []\ntitle: x\n", {"reports": 2, "responses": 0}),
    ("reports: [a, b, c]\n", {"reports": 3}),
    ("reports:\n- a\nreports:\n- b\n- c\n", {"reports": 1}),  # a repeated key: the first counts, as in load_yaml
    ("reports: none yet\nresponses:\n  - a\n", {"responses": 1}),  # not a list: not counted
    ("items: &x [a, b]\nreports: *x\n", {"reports": 2}),
    ("other:\n  reports: [a]\n", {}),  # only top-level lists
    ("- reports\n", {}),
    ("", {}),
    ("reports: [a\n", {}),  # not YAML at all
])
def test_list_lengths(text, lengths):
    assert yamlstrict.list_lengths(text, LISTS) == lengths


def test_list_lengths_agree_with_the_loaded_data():
    text = "title: 标题\nreports:\n  - kind: 口头报告\n    at: 2024-08-26 09:35\n  - kind: 书面报告\nresponses: []\n"
    data = load_yaml(text)[0].data
    assert yamlstrict.list_lengths(text, LISTS) == {name: len(data[name]) for name in LISTS}
