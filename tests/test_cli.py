"""The ``yuqing`` command line, called in-process: exit codes, formats, languages, files, commands,
the end-to-end check of the shipped data with one late report, and the hostile-input corpus."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest

from conftest import PROJECT_ROOT
from recordkit import (
    GRAVE_ID,
    MAJOR_ID,
    NOW,
    changed,
    excused,
    files_of,
    grave,
    line_of,
    major,
    path_of,
    review,
    to_markdown,
)
from yuqing.argparse_zh import display_width, wrap
from yuqing.cli import build_parser, main
from yuqing.findings import Outcome
from yuqing.reporters.markdown import MarkdownReporter
from yuqing.reporters.text import TextReporter
from yuqing.rules import RULES
from yuqing.workspace import Workspace

GP, GR = path_of(GRAVE_ID), path_of(GRAVE_ID, review=True)
MP = path_of(MAJOR_ID)
FORMATS = ["text", "json", "github", "gitlab", "junit"]


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    """No CI or colour settings of the machine running the tests leak into the CLI."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "YUQING_ROOT", "GITLAB_CI", "CI"):
        monkeypatch.delenv(name, raising=False)


def write(repo, files):
    for path, text in files.items():
        repo.write(path, text)


def check(repo, *args, now=NOW):
    return main(["check", "--root", str(repo.root), "--now", now, *args])


@pytest.fixture
def clean(repo):
    write(repo, files_of(grave(), review()))
    return repo


@pytest.fixture
def late(repo):
    """The 重大 oral report one minute late: YQ301 error."""
    files = files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36"), review())
    write(repo, files)
    repo.late_line = line_of(files[GP], "at: 2024-08-26 09:36")
    return repo


# --- exit codes --------------------------------------------------------------------------------

def test_exit_0_when_clean(clean, capsys):
    assert check(clean) == 0
    captured = capsys.readouterr()
    assert captured.out == "检查了 2 个文件：0 个错误，0 个警告。\n"
    assert captured.err == ""


def test_exit_0_with_warnings_only(repo, capsys):
    late = changed(grave(), "reports.0.at", "2024-08-26 09:36")
    write(repo, files_of(excused(late, "YQ301", "值班电话故障，改用当面报告。"), review()))
    assert check(repo) == 0
    out = capsys.readouterr().out
    assert "警告 YQ301" in out and "已有情况说明" in out and "定时检查不通过" not in out


def test_the_alarm_an_overdue_review_action_fails_the_full_check(repo, capsys):
    write(repo, files_of(grave(), changed(review(), "actions.0.done_at", None)))
    assert check(repo) == 1
    assert "警告 YQ311" in capsys.readouterr().out
    assert check(repo, str(repo.root / GR)) == 0  # a named path follows the levels


def test_exit_1_on_errors(late, capsys):
    assert check(late) == 1
    out = capsys.readouterr().out
    assert f"{GP}:{late.late_line}:" in out and "错误 YQ301 grave-oral-report" in out
    assert "检查了 2 个文件：1 个错误，0 个警告。\n有 1 项时限或义务超时、缺失且没有情况说明" in out


def _open_major_without_follow_ups(repo, exceptions=()):
    """A 较大 incident still being handled, no 续报 since the first morning (YQ306 is a warning)."""
    data = major(status="处置中", exceptions=list(exceptions))
    data.pop("closed_at")
    data["reports"] = data["reports"][:2]
    write(repo, files_of(data))
    return repo


ALARM_NOW = "2024-10-25 10:00"  # sixty days after discovery


def test_the_alarm_a_full_check_fails_while_an_obligation_is_missing_whatever_its_level(repo, capsys):
    _open_major_without_follow_ups(repo)
    assert check(repo, now=ALARM_NOW) == 1
    out = capsys.readouterr().out
    assert "警告 YQ306 follow-up-cadence" in out and "0 个错误" in out
    assert out.splitlines()[-1].startswith("有 1 项时限或义务超时、缺失且没有情况说明") and "定时检查不通过" in out
    assert "可以合并" not in out
    assert check(repo, "--lang", "en", now=ALARM_NOW) == 1
    assert "1 obligation is late or missing with no exception" in capsys.readouterr().out
    assert check(repo, "--format", "markdown", now=ALARM_NOW) == 1
    summary = capsys.readouterr().out
    assert "🚨 有 1 项时限或义务超时、缺失且没有情况说明" in summary and "可以合并" not in summary
    for fmt in ("json", "github", "gitlab", "junit"):
        assert check(repo, "--format", fmt, now=ALARM_NOW) == 1, fmt
    capsys.readouterr()


def test_the_alarm_checks_of_named_paths_follow_the_levels(repo, capsys):
    _open_major_without_follow_ups(repo)
    assert check(repo, str(repo.root / MP), now=ALARM_NOW) == 0
    assert check(repo, str(repo.root / "incidents"), now=ALARM_NOW) == 0
    assert "定时检查不通过" not in capsys.readouterr().out


def test_the_alarm_is_silent_for_an_explained_lapse(repo, capsys):
    _open_major_without_follow_ups(repo, [{"rule": "YQ306", "reason": "舆情平稳，经局办公室同意暂缓续报。"}])
    assert check(repo, now=ALARM_NOW) == 0
    assert check(repo, "--format", "markdown", now=ALARM_NOW) == 0
    assert "可以合并" in capsys.readouterr().out


def test_the_alarm_is_silent_before_the_deadline(repo, capsys):
    _open_major_without_follow_ups(repo)
    assert check(repo, now="2024-08-27 09:20") == 0  # follow-up 1 is due now: still pending


def test_exit_2_without_a_repository(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "schema/org.yml" in capsys.readouterr().err
    assert main(["check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "配置错误" in err and "schema/org.yml" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["明天", "2024-13-01 10:00", "10:00", "2024-08-26 25:00", "2024-08-26T10:00+24:00",
                                   "2024-08-26 10:00:00.1234567"])
def test_exit_2_on_a_bad_now(clean, capsys, value):
    assert check(clean, now=value) == 2
    err = capsys.readouterr().err
    assert "--now" in err and value in err and "Traceback" not in err
    assert "offset must be" not in err and "timedelta" not in err


def test_a_bad_offset_in_now_says_which_offsets_exist(clean, capsys):
    assert check(clean, now="2024-08-26T10:00+24:00") == 2
    err = capsys.readouterr().err
    assert err.startswith("配置错误：--now 的时间“2024-08-26T10:00+24:00”无法识别") and "-23:59 到 +23:59" in err


def test_exit_2_on_an_unknown_format(clean, capsys):
    with pytest.raises(SystemExit) as raised:
        check(clean, "--format", "xml")
    assert raised.value.code == 2
    assert "用法错误" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["check", "--format", "xml"], "用法错误：参数 --format：取值 'xml' 无效，只能是：",
     "usage error: argument --format: invalid choice: 'xml'"),
    (["check", "--bogus"], "用法错误：不认识的参数：--bogus", "usage error: unrecognized arguments: --bogus"),
    (["check", "--now"], "用法错误：参数 --now：后面缺少一个值", "usage error: argument --now: expected one argument"),
    (["new", "--level", "重大"], "用法错误：缺少必需的参数：--section, --title",
     "usage error: the following arguments are required: --section, --title"),
    (["notify", "--timeout", "x"], "用法错误：参数 --timeout：'x' 不是数字",
     "usage error: argument --timeout: invalid float value: 'x'"),
    (["stats", "--lang", "fr"], "用法错误：参数 --lang：取值 'fr' 无效", "usage error: argument --lang: invalid choice"),
])
def test_argparse_errors_are_said_in_chinese(capsys, argv, zh, en):
    for lang, words in (("zh", zh), ("en", en)):
        with pytest.raises(SystemExit) as raised:
            main(argv + (["--lang", "en"] if lang == "en" and "--lang" not in argv else []))
        assert raised.value.code == 2
        err = capsys.readouterr().err
        if lang == "zh" or "--lang" in argv:  # an unreadable --lang is answered in Chinese
            assert zh in err and err.startswith("用法：yuqing") and "-h 查看用法" in err, err
            assert not re.search(r"(invalid|expected|required|unrecognized|argument) ", err), err
        else:
            assert words in err and err.startswith("usage: yuqing"), err


def _subcommands() -> list[str]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(action.choices)


SUBCOMMANDS = _subcommands()
#: argparse's own English words, none of which may reach a Chinese user
ARGPARSE_ENGLISH = re.compile(r"usage:|options:|optional arguments|positional arguments|show this help|"
                              r"show program's|error:|invalid choice|invalid \w+ value|required:|unrecognized|"
                              r"expected (one|at least|at most)|ambiguous option|not allowed with")
#: metavars written on purpose in capitals (a Git revision, an address, seconds, a count)
ASCII_METAVARS = {"REV", "URL", "S", "N"}


def test_every_subcommand_is_tested():
    assert {"add", "build", "check", "codeowners", "new", "notify", "render-pages", "rules", "schema", "serve",
            "stats", "verify-site", "export"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("command", [None, *SUBCOMMANDS])
def test_every_help_is_in_chinese(capsys, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as raised:
        main([command, "--help"] if command else ["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"用法：yuqing {command + ' ' if command else ''}[-h]"), out
    assert "\n选项：\n" in out and "  -h, --help" in out and "显示帮助信息并退出" in out
    assert not ARGPARSE_ENGLISH.search(out), out
    for metavar in re.findall(r"--[a-z-]+ ([A-Z][A-Z_]*)\b", out):
        assert metavar in ASCII_METAVARS, f"{metavar} in\n{out}"
    # the help of every option starts at one column, counted as a terminal shows Chinese (two columns a character)
    options = out.split("\n选项：\n", 1)[1]
    columns = {display_width(m[1]) for m in re.finditer(r"^(  -\S.*?[ ]{2,})\S", options, re.M)}
    assert len(columns) == 1, options
    for line in out.splitlines():
        assert display_width(line) <= 80 or " " not in line.strip(), line


def test_chinese_help_is_wrapped_by_display_width():
    assert display_width("时间 09:20") == 10
    text = "把“当前时间”设为此时间（默认：实际时间），如 2024-08-26 10:00"
    lines = wrap(text, 30)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= 30 for line in lines), lines
    assert not any(line.startswith(("，", "。", "）")) or line.endswith(("“", "（")) for line in lines), lines
    assert wrap("如 2024-08-26 10:00", 8) == ["如", "2024-08-26", "10:00"]  # a word stays whole


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_usage_error_is_in_chinese(capsys, command):
    with pytest.raises(SystemExit) as raised:
        main([command, "--bogus-option"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"用法：yuqing {command} ") and "\n选项" not in err
    assert f"yuqing {command}: 用法错误：" in err
    assert "不认识的参数：--bogus-option" in err or "缺少必需的参数" in err
    assert err.rstrip().endswith(f"用 yuqing {command} -h 查看用法。")
    assert not ARGPARSE_ENGLISH.search(err), err


def test_an_unknown_command_is_named_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["chek"])
    err = capsys.readouterr().err
    assert "用法错误：参数 命令：取值 'chek' 无效，只能是：" in err and not ARGPARSE_ENGLISH.search(err)


def test_help_in_english_keeps_argparse_words_english(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: yuqing check") and "\noptions:\n" in out and "show this help message" in out


@pytest.mark.parametrize(("counts", "zh", "en"), [
    ((0, 0, 0), "检查了 0 个文件：0 个错误，0 个警告。", "0 files checked: 0 errors, 0 warnings."),
    ((1, 0, 1), "检查了 1 个文件：0 个错误，1 个警告。", "1 file checked: 0 errors, 1 warning."),
    ((2, 1, 3), "检查了 2 个文件：1 个错误，3 个警告。", "2 files checked: 1 error, 3 warnings."),
    ((1, 2, 0), "检查了 1 个文件：2 个错误，0 个警告。", "1 file checked: 2 errors, 0 warnings."),
])
def test_summary_lines_count_in_the_right_number(counts, zh, en):
    files, errors, warnings = counts
    result = SimpleNamespace(files=files, errors=errors, warnings=warnings, findings=[], alarm=[])
    for reporter in (TextReporter, MarkdownReporter):
        assert reporter(lang="zh").summary_line(result) == zh
        assert reporter(lang="en").summary_line(result) == en
    assert TextReporter(lang="en").render(result) == en + "\n"


def test_lang_en_summary_of_one_clean_file(clean, capsys):
    assert check(clean, str(clean.root / GP), "--lang", "en") == 0
    assert capsys.readouterr().out == "1 file checked: 0 errors, 0 warnings.\n"


def test_a_file_that_cannot_be_written_is_named_in_chinese(late, capsys, tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "x.txt"
    assert check(late, "--output", str(target)) == 2
    err = capsys.readouterr().err
    assert err == f"无法读写文件 {target}：文件或目录不存在（或符号链接指向的文件不存在）。\n"
    assert check(late, "--output", str(target), "--lang", "en") == 2
    assert capsys.readouterr().err == f"cannot read or write {target}: No such file or directory.\n"


def test_exit_2_on_an_unknown_path(clean, capsys):
    assert check(clean, str(clean.root / "incidents/2024/nothing.md")) == 2
    assert "路径不存在" in capsys.readouterr().err


@pytest.mark.parametrize(("old", "new", "words"), [
    ("id_prefix: YZMZ", "id_prefix: yz", "id_prefix"),
    ("time_zone: Asia/Shanghai", "time_zone: Mars/Base", "Mars/Base"),
    ("name: 宁波市鄞州区民政局", "name: 宁波市鄞州区民政局\nname: 重复", "name"),
    ("office_section: 局办公室", "office_section: 宣传科", "宣传科"),
    ("roles:", "roles: [", "YAML"),
])
def test_exit_2_on_a_bad_org_file(clean, capsys, old, new, words):
    text = clean.read("schema/org.yml")
    assert old in text
    clean.write("schema/org.yml", text.replace(old, new, 1))
    assert check(clean) == 2
    err = capsys.readouterr().err
    assert err.startswith("schema/org.yml:") and "配置错误" in err and words in err
    assert "Traceback" not in err


def test_exit_2_on_a_missing_policy(clean, capsys):
    (clean.root / "schema/policy.yml").unlink()
    assert check(clean) == 2
    assert "schema/policy.yml" in capsys.readouterr().err


def test_exit_2_without_a_command(capsys):
    assert main([]) == 2


# --- options -----------------------------------------------------------------------------------

def test_lang_en(late, capsys):
    assert check(late, "--lang", "en") == 1
    out = capsys.readouterr().out
    assert ": error YQ301 grave-oral-report oral report of a grave incident" in out
    assert "1 min late" in out
    assert "2 files checked: 1 error, 0 warnings.\n1 obligation is late or missing with no exception" in out
    assert "超时" not in out and "错误" not in out


def test_lang_en_configuration_error(tmp_path, capsys):
    assert main(["check", "--root", str(tmp_path), "--lang", "en"]) == 2
    assert "configuration error" in capsys.readouterr().err


def test_output_writes_a_file(late, capsys, tmp_path):
    target = tmp_path / "out" / "findings.json"
    target.parent.mkdir()
    assert check(late, "--format", "json", "--output", str(target)) == 1
    assert capsys.readouterr().out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [f["rule"] for f in document["findings"]] == ["YQ301"]


def test_output_into_a_missing_directory_is_a_clear_error(late, capsys, tmp_path):
    assert check(late, "--output", str(tmp_path / "no" / "such" / "dir" / "x.txt")) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_github_actions_picks_the_github_format(late, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check(late) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={GP},line={late.late_line},")
    assert check(late, "--format", "text") == 1
    assert capsys.readouterr().out.startswith(f"{GP}:{late.late_line}:")


def test_colour(late, capsys, monkeypatch):
    assert check(late) == 1
    assert "\033[" not in capsys.readouterr().out  # not a terminal
    assert check(late, "--color", "always") == 1
    assert "\033[31m错误\033[0m" in capsys.readouterr().out
    assert check(late, "--color", "never") == 1
    assert "\033[" not in capsys.readouterr().out


def test_paths_restrict_the_report(repo, capsys):
    write(repo, {**files_of(changed(grave(), "reports.0.at", "2024-08-26 09:36"), review()),
                 **files_of(major(section="办公室"), review(MAJOR_ID))})
    assert check(repo, "--format", "json", str(repo.root / MP)) == 1
    document = json.loads(capsys.readouterr().out)
    assert {f["path"] for f in document["findings"]} == {MP}
    assert document["summary"]["files"] == 1
    assert check(repo, "--format", "json", str(repo.root / "incidents")) == 1
    assert {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]} == {GP, MP}


def test_now_decides_pending_or_missing(repo, capsys):
    data = grave(status="处置中", reports=[], responses=[], escalations=[])
    data.pop("closed_at")
    write(repo, files_of(data))
    assert check(repo, now="2024-08-26 09:35") == 0
    assert check(repo, now="2024-08-26 09:36") == 1
    assert "YQ301" in capsys.readouterr().out


# --- rules and stats ---------------------------------------------------------------------------

def test_rules_lists_every_code(clean, capsys):
    assert main(["rules", "--root", str(clean.root)]) == 0
    out = capsys.readouterr().out
    codes = re.findall(r"^(YQ\d{3})\s", out, flags=re.M)
    assert codes == [rule.ID for rule in RULES]
    for code in [f"YQ{n:03d}" for n in (1, 2, 3, 101, 102, 103, 104, 105, 106)] + [f"YQ{n}" for n in range(301, 312)]:
        assert code in codes
    assert "grave-oral-report" in out


@pytest.mark.parametrize("key", ["YQ301", "yq301", "grave-oral-report"])
def test_rules_shows_one_rule(clean, capsys, key):
    assert main(["rules", "--root", str(clean.root), key]) == 0
    out = capsys.readouterr().out
    assert out.startswith("YQ301 grave-oral-report")
    assert "四(二)3" in out and "15" in out and "exceptions" in out


def test_rules_unknown_code(clean, capsys):
    assert main(["rules", "--root", str(clean.root), "YQ999"]) == 2
    assert "YQ999" in capsys.readouterr().err


def test_stats_prints_rates(repo, capsys):
    write(repo, {**files_of(grave(), review()),
                 **files_of(changed(major(), "reports.0.at", "2024-08-26 09:51"), review(MAJOR_ID))})
    assert main(["stats", "--root", str(repo.root), "--now", NOW]) == 0
    out = capsys.readouterr().out
    # 重大: 9 obligations met; 较大: 7 met, YQ303 late -> 16 of 17
    assert "== 舆情事件：2 件，义务按时率 94.1%" in out
    assert re.search(r"重大\s+9\s+0\s+0\s+0\s+100\.0%", out)
    assert re.search(r"较大\s+7\s+1\s+0\s+0\s+87\.5%", out)
    assert re.search(r"YQ303 major-first-report\s+0\s+1\s+0\s+0\s+0\.0%", out)
    assert "== 演练：0 件" in out
    assert main(["stats", "--root", str(repo.root), "--now", NOW, "--lang", "en"]) == 0
    assert "on-time rate 94.1%" in capsys.readouterr().out


# --- end to end: the shipped data with one late oral report -----------------------------------

E2E_NOW = "2030-01-01 00:00"
AT_TIME = re.compile(r"(\bat:\s*['\"]?)(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)")


def _copy_shipped(target: Path) -> None:
    for name in ("schema", "incidents"):
        if (PROJECT_ROOT / name).is_dir():
            shutil.copytree(PROJECT_ROOT / name, target / name, dirs_exist_ok=True)
    (target / "incidents").mkdir(exist_ok=True)


def _met_grave_oral_report(root: Path):
    """(path, line, due) of a shipped 重大 oral report that met YQ301 without an exception, or None."""
    from yuqing.engine import Engine
    from yuqing.timeparse import parse_datetime

    workspace = Workspace.open(root)
    result = Engine(workspace).run(parse_datetime(E2E_NOW, workspace.org.tz))
    for record in result.records:
        model = record.model
        if model is None or getattr(model, "level", None) is None or model.level.value != "重大":
            continue
        if model.excuse_for("YQ301"):
            continue
        for verdict in result.verdicts.get(record.path, []):
            if verdict.rule == "YQ301" and verdict.outcome is Outcome.MET and len(verdict.loc) == 3:
                line, _ = record.locate(verdict.loc)
                return record.path, line, verdict.due
    return None


def _make_late(root: Path, path: str, line: int, due) -> str:
    """Rewrite the ``at`` on ``line`` to one minute after the deadline; returns the new time text."""
    late = due + timedelta(minutes=1)
    text = late.strftime("%Y-%m-%d %H:%M:%S" if late.second else "%Y-%m-%d %H:%M")
    file = root / path
    lines = file.read_bytes().decode("utf-8").split("\n")
    edited, count = AT_TIME.subn(lambda m: m[1] + text, lines[line - 1], count=1)
    assert count == 1, lines[line - 1]
    lines[line - 1] = edited
    file.write_bytes("\n".join(lines).encode("utf-8"))
    return text


@pytest.fixture(scope="module")
def shipped_late(tmp_path_factory):
    """A copy of the shipped schema/ and incidents/ in which one 重大 oral report is one minute late."""
    root = tmp_path_factory.mktemp("shipped")
    _copy_shipped(root)
    found = _met_grave_oral_report(root)
    if found is None:  # no suitable shipped 重大 record (yet): add our own to the copy
        record_id = "YZMZ-2024-0901"
        (root / "incidents/2024").mkdir(parents=True, exist_ok=True)
        (root / path_of(record_id)).write_text(to_markdown(grave(id=record_id)), encoding="utf-8")
        (root / path_of(record_id, review=True)).write_text(to_markdown(review(record_id)), encoding="utf-8")
        found = _met_grave_oral_report(root)
        assert found is not None and found[0] == path_of(record_id)
    path, line, due = found
    _make_late(root, path, line, due)
    return root, path, line


def test_end_to_end_the_edit_makes_exactly_that_report_late(shipped_late):
    from yuqing.engine import Engine
    from yuqing.timeparse import parse_datetime

    root, path, line = shipped_late
    workspace = Workspace.open(root)
    result = Engine(workspace).run(parse_datetime(E2E_NOW, workspace.org.tz))
    (verdict,) = [v for v in result.verdicts[path] if v.rule == "YQ301"]
    assert verdict.outcome is Outcome.LATE
    assert verdict.late_by == timedelta(minutes=1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_end_to_end_late_oral_report_in_every_format(shipped_late, capsys, fmt):
    root, path, line = shipped_late
    code = main(["check", "--root", str(root), "--now", E2E_NOW, "--format", fmt])
    out = capsys.readouterr().out
    assert code == 1
    if fmt == "text":
        hits = [row for row in out.splitlines() if row.startswith(f"{path}:{line}:") and " YQ301 " in row]
        assert hits and "错误" in hits[0] and "超时 1分钟" in hits[0]
    elif fmt == "json":
        findings = json.loads(out)["findings"]
        assert {"rule": "YQ301", "path": path, "line": line, "level": "error"}.items() <= next(
            f for f in findings if f["rule"] == "YQ301" and f["path"] == path).items()
    elif fmt == "github":
        assert re.search(rf"^::error file={re.escape(path)},line={line},col=\d+,title=YQ301 grave-oral-report::",
                         out, flags=re.M)
    elif fmt == "gitlab":
        issues = json.loads(out)
        assert any(i["check_name"].startswith("YQ301") and i["location"] == {"path": path, "lines": {"begin": line}}
                   and i["severity"] == "major" for i in issues)
    elif fmt == "junit":
        root_element = ET.fromstring(out.encode("utf-8"))
        case = next(c for c in root_element.iter("testcase") if c.get("name") == path)
        failure = case.find("failure")
        assert failure is not None and f"{path}:{line}:" in failure.text and "YQ301" in failure.text


# --- no input prints a traceback ---------------------------------------------------------------

CORPUS = Path(__file__).parent / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="tests/corpus/ holds no files yet")
def test_corpus_never_crashes(repo, capsys):
    """Every hostile or malformed file, checked as a record, gives findings or none, never a traceback."""
    failures = []
    for source in CORPUS_FILES:
        name = source.name if source.suffix.lower() in (".md", ".yml", ".yaml") else source.name + ".md"
        target = repo.path(f"incidents/2024/{name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        try:
            code = main(["check", "--root", str(repo.root), "--now", NOW, "--format", "json", str(target)])
        except BaseException as exc:  # noqa: BLE001 - any escape is the failure under test
            failures.append(f"{source.relative_to(CORPUS)}: {type(exc).__name__}: {exc}")
            continue
        finally:
            target.unlink()
        captured = capsys.readouterr()
        if code not in (0, 1) or "Traceback" in captured.err:
            failures.append(f"{source.relative_to(CORPUS)}: exit {code} {captured.err[-300:]}")
            continue
        document = json.loads(captured.out)
        for finding in document["findings"]:
            if not (finding["path"] and finding["line"] >= 1 and finding["column"] >= 1):
                failures.append(f"{source.relative_to(CORPUS)}: finding without a place: {finding}")
    assert not failures, "\n".join(failures)


# --- start-up: nothing heavy is imported before it is needed ---------------------------------------

#: Imported by no command that does not use it: the models and their validator, Git, the search's word
#: segmenter, the site generator, the document and workbook writers, the worker pool, the output formats.
HEAVY = ("pydantic", "pydantic_core", "git", "jieba", "mkdocs", "markdown", "docx", "docxtpl", "xlsxwriter",
         "openpyxl", "multiprocessing", "nh3", "yaml", "yuqing.models", "yuqing.rules", "yuqing.engine",
         "yuqing.checking", "yuqing.reporters.text", "yuqing.render", "yuqing.site", "importlib.metadata")
#: Heavy for a check of records too: only the site, the documents and the workbook use them.
OUTPUTS = ("jieba", "mkdocs", "docx", "docxtpl", "xlsxwriter", "openpyxl", "yuqing.render", "yuqing.site",
           "yuqing.report", "yuqing.export")


def _imported(*argv: str, cwd: Path = PROJECT_ROOT) -> set[str]:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "yuqing", *argv], cwd=cwd,
                         capture_output=True, text=True, env={**__import__("os").environ, "PYTHONPATH": str(PROJECT_ROOT / "tools")})
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")
            and "|" in line and not line.rstrip().endswith("| package")}


def _heavy(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(name for name in modules if any(name == top or name.startswith(top + ".") for top in heavy))


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"], ["add", "--help"],
                                  ["report", "--help"], ["build", "--help"]], ids=" ".join)
def test_the_command_line_starts_without_heavy_imports(argv):
    assert _heavy(_imported(*argv), HEAVY) == []


def test_checking_one_record_imports_no_site_document_or_workbook_library():
    modules = _imported("check", "incidents/2024/YZMZ-2024-0001.md", "--now", "2026-12-02 09:00")
    assert "yuqing.models" in modules  # the check did run
    assert _heavy(modules, OUTPUTS) == []
