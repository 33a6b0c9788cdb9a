"""Output formats of ``yuqing check``: snapshots per format, plus the shape each consumer needs.

Snapshots live in tests/snapshots/. After an intended change of output, regenerate them with
``YUQING_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_reporters.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from recordkit import (
    GENERAL_ID,
    GRAVE_ID,
    MAJOR_ID,
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
)
from yuqing.engine import Result
from yuqing.findings import Finding
from yuqing.i18n import Msg
from yuqing.reporters import REPORTERS, default_format
from yuqing.reporters.gitlab import fingerprint

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("YUQING_UPDATE_SNAPSHOTS") == "1"

GP, GR = path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)
MP = path_of(MAJOR_ID)
NP, NR = path_of(GENERAL_ID), path_of(GENERAL_ID, review=True)


def assert_snapshot(name: str, text: str) -> None:
    """Compare ``text`` with tests/snapshots/``name``; rewrite it instead under YUQING_UPDATE_SNAPSHOTS=1."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.is_file(), f"no snapshot {path}; create it with YUQING_UPDATE_SNAPSHOTS=1"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"output differs from snapshot {name} (YUQING_UPDATE_SNAPSHOTS=1 rewrites it)"


SCENARIO_FILES = {
    # 重大, oral report one minute late: YQ301 error
    **files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36")),
    # its review with an overdue action: YQ311 warning
    **files_of(changed(review(), "actions.0.done_at", None)),
    # 较大, first report late but excused (YQ303 warning); no review: YQ307 error
    **files_of(excused(changed(major(), "reports.0.at", "2024-08-26 09:55"), "YQ303", "领导在外开会，后补报。")),
    # 一般, clean, with its review
    **files_of(general(), review(GENERAL_ID)),
}


@pytest.fixture
def scenario(repo):
    """A check result of four records at a fixed now: two errors, two warnings, three clean files."""
    return check_files(repo, SCENARIO_FILES, now="2024-10-01 10:00")


def render(result, fmt: str, lang: str = "zh", color: bool = False) -> str:
    return REPORTERS[fmt](lang=lang, color=color).render(result)


def test_scenario_is_what_the_snapshots_show(scenario):
    got = [(f.path, f.rule, f.level) for f in scenario.findings]
    assert got == [
        (GP, "YQ301", "error"),
        (GR, "YQ311", "warning"),
        (MP, "YQ303", "warning"),
        (MP, "YQ307", "error"),
    ]
    assert (scenario.files, scenario.errors, scenario.warnings) == (5, 2, 2)


@pytest.mark.parametrize(("fmt", "lang", "color", "name"), [
    ("text", "zh", False, "check.text.txt"),
    ("text", "en", False, "check.text.en.txt"),
    ("text", "zh", True, "check.text.color.txt"),
    ("json", "zh", False, "check.json"),
    ("github", "zh", False, "check.github.txt"),
    ("gitlab", "zh", False, "check.gitlab.json"),
    ("junit", "zh", False, "check.junit.xml"),
])
def test_snapshot(scenario, fmt, lang, color, name):
    assert_snapshot(name, render(scenario, fmt, lang, color))


def test_clean_text_snapshot(repo):
    result = check_files(repo, files_of(general(), review(GENERAL_ID)))
    assert_snapshot("check.clean.text.txt", render(result, "text"))
    assert_snapshot("check.clean.text.color.txt", render(result, "text", color=True))


# --- text ------------------------------------------------------------------------------------------

def test_text_lines(scenario):
    lines = render(scenario, "text").splitlines()
    line = line_of(SCENARIO_FILES[GP], "at: 2024-08-26 09:36")
    assert lines[0].startswith(f"{GP}:{line}:")
    assert " 错误 YQ301 grave-oral-report " in lines[0]
    assert " 警告 YQ311 action-overdue " in lines[1]
    assert lines[-2] == "检查了 5 个文件：2 个错误，2 个警告。"
    # a full check: the late YQ301, the missing YQ302 and the overdue action are not explained (the alarm)
    assert lines[-1].startswith("有 3 项时限或义务超时、缺失且没有情况说明") and "定时检查不通过" in lines[-1]
    assert "\033" not in "\n".join(lines)


def test_text_colour(scenario):
    text = render(scenario, "text", color=True)
    assert "\033[31m错误\033[0m" in text and "\033[33m警告\033[0m" in text
    plain = re.sub(r"\033\[\d+m", "", text)
    assert plain == render(scenario, "text")


def test_text_english(scenario):
    text = render(scenario, "text", lang="en")
    assert ": error YQ301 grave-oral-report oral report of a grave incident" in text
    assert "1 min late" in text
    assert text.splitlines()[-2] == "5 files checked: 2 errors, 2 warnings."
    assert text.splitlines()[-1].startswith("3 obligations are late or missing with no exception")
    assert not re.search(r"[错警超时缺失]", text.replace("分管领导、主要领导", ""))


def test_english_messages_are_spaced_once(scenario):
    for finding in scenario.findings:
        message = finding.message("en")
        assert "  " not in message and " :" not in message and " ," not in message, message


# --- json ------------------------------------------------------------------------------------------

def test_json_shape(scenario):
    document = json.loads(render(scenario, "json"))
    assert list(document) == ["findings", "summary"]
    assert document["summary"] == {"files": 5, "errors": 2, "warnings": 2}
    first = document["findings"][0]
    assert list(first) == ["rule", "name", "level", "path", "line", "column", "incident", "message"]
    assert first["rule"] == "YQ301" and first["name"] == "grave-oral-report" and first["level"] == "error"
    assert first["path"] == GP and first["incident"] == GRAVE_ID
    assert first["line"] == line_of(SCENARIO_FILES[GP], "at: 2024-08-26 09:36")
    assert isinstance(first["column"], int) and first["column"] >= 1
    assert "超时 1分钟" in first["message"]
    review_finding = document["findings"][1]
    assert review_finding["path"] == GR and review_finding["incident"] == GRAVE_ID
    for finding in document["findings"]:
        assert not finding["path"].startswith("/")


def test_json_english(scenario):
    document = json.loads(render(scenario, "json", lang="en"))
    assert document["findings"][0]["message"].startswith("oral report of a grave incident")


# --- github ----------------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),title=(YQ\d{3} [a-z-]+)::(.+)$")


def test_github_commands(scenario):
    lines = render(scenario, "github").splitlines()
    assert len(lines) == 4
    parsed = [COMMAND.match(line) for line in lines]
    assert all(parsed), lines
    assert [m[1] for m in parsed] == ["error", "warning", "warning", "error"]
    assert parsed[0][2] == GP and int(parsed[0][3]) == line_of(SCENARIO_FILES[GP], "at: 2024-08-26 09:36")
    assert parsed[0][5] == "YQ301 grave-oral-report"


def _result(findings, checked):
    return Result(findings, {}, [], datetime(2024, 10, 1), checked)


def test_github_escaping():
    finding = Finding("YQ003", "schema", "error", "incidents/2024/a,b:c%.md", 3, 7, None,
                      Msg("完成 50%\n下一行\r, 冒号: 结束", "50%\nnext"))
    (line,) = render(_result([finding], [finding.path]), "github").splitlines()
    assert line == ("::error file=incidents/2024/a%2Cb%3Ac%25.md,line=3,col=7,title=YQ003 schema"
                    "::完成 50%25%0A下一行%0D, 冒号: 结束")


def test_github_is_chosen_under_github_actions():
    assert default_format({"GITHUB_ACTIONS": "true"}) == "github"
    assert default_format({"GITHUB_ACTIONS": "false"}) == "text"
    assert default_format({}) == "text"


# --- gitlab ----------------------------------------------------------------------------------------

def test_gitlab_code_quality(scenario):
    issues = json.loads(render(scenario, "gitlab"))
    assert isinstance(issues, list) and len(issues) == 4
    for issue, finding in zip(issues, scenario.findings, strict=True):
        assert issue["description"] == finding.message("zh")
        assert issue["check_name"] == f"{finding.rule} {finding.name}"
        assert issue["severity"] == {"error": "major", "warning": "minor"}[finding.level]
        assert issue["location"] == {"path": finding.path, "lines": {"begin": finding.line}}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["type"] == "issue" and issue["categories"]
    assert len({issue["fingerprint"] for issue in issues}) == 4


def test_gitlab_fingerprint_is_stable(repo, scenario):
    """The same finding gets the same fingerprint in another run; another message gets another one."""
    again = check_files(repo, {}, now="2024-10-01 10:00")
    assert [fingerprint(f) for f in again.findings] == [fingerprint(f) for f in scenario.findings]
    late = scenario.findings[0]
    other = Finding(**{**late.__dict__, "msg": Msg("x", "y")})
    assert fingerprint(other) != fingerprint(late)


# --- junit -----------------------------------------------------------------------------------------

def test_junit_is_wellformed_with_a_failure_per_file_with_errors(scenario):
    root = ET.fromstring(render(scenario, "junit").encode("utf-8"))
    (suite,) = root.findall("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == set(scenario.checked)
    assert suite.get("tests") == "5" and suite.get("failures") == "2"
    assert root.get("failures") == "2"
    failing = {name for name, case in cases.items() if case.find("failure") is not None}
    assert failing == {GP, MP}
    for name in failing:
        assert len(cases[name].findall("failure")) == 1
    assert "YQ307" in cases[MP].find("failure").text and "YQ303" not in cases[MP].find("failure").text
    assert "YQ303" in cases[MP].find("system-out").text
    assert cases[GR].find("failure") is None and "YQ311" in cases[GR].find("system-out").text
    assert list(cases[NP]) == [] and list(cases[NR]) == []


def test_junit_escapes_markup():
    finding = Finding("YQ003", "schema", "error", "incidents/2024/x.md", 1, 1, None,
                      Msg("<script>alert('&')</script> \"引号\"", "x"))
    root = ET.fromstring(render(_result([finding], [finding.path]), "junit").encode("utf-8"))
    assert "<script>alert('&')</script>" in root.find("testsuite/testcase/failure").text


# --- every format on an empty result ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_findings(fmt):
    output = render(_result([], []), fmt)
    assert output.endswith("\n") or (fmt == "github" and output == "")
    if fmt == "json":
        assert json.loads(output) == {"findings": [], "summary": {"files": 0, "errors": 0, "warnings": 0}}
    elif fmt == "gitlab":
        assert json.loads(output) == []
    elif fmt == "junit":
        assert ET.fromstring(output.encode("utf-8")).find("testsuite").get("tests") == "0"
    elif fmt == "github":
        assert output == ""
