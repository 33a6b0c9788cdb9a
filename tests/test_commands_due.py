"""``yuqing due``: what falls due next on a repository with an open 重大 incident (tests/duekit.py),
at several ``--now``s, with ``--within``, ``--section`` and ``--format json``."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

import duekit as kit
from yuqing import cli


def _due(root, *args, now=kit.NOW):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["due", "--root", str(root), "--now", now, *args])
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def root(repo):
    kit.write(repo.root)
    return repo.root


def test_the_follow_up_and_the_review_action_soonest_first(root):
    code, out, err = _due(root)
    assert code == 0, err
    assert out.startswith("接下来 7天 内到期的事项共 2 项（检查时间：2024-09-29 10:00，北京时间），按到期先后：\n")
    first = out.index(f"1. 养老服务科 应在 {kit.FOLLOW_UP_DUE} 前（还有 23小时）")
    assert out.index(f"{kit.OPEN_ID} {kit.OPEN_TITLE}") > first
    assert "义务：第 2 次续报（间隔不超过 24 小时）（YQ306）" in out
    assert "负责人：刘洋、黄晓燕、王芳" in out
    second = out.index("2. 社会救助科 应在 2024-09-30（当天内） 前（还有 1天14小时）")
    assert second > first
    assert f"义务：复盘整改措施：{kit.ACTION_WHAT}（YQ311）" in out
    assert f"记录：{kit.ACTION_PATH}:" in out
    assert err == ""


def test_an_hour_before_it_falls_due(root):
    code, out, _ = _due(root, "--within", "2h", now="2024-09-30 07:40")
    assert code == 0
    assert "接下来 2小时 内到期的事项共 1 项" in out
    assert f"应在 {kit.FOLLOW_UP_DUE} 前（还有 1小时20分钟）" in out
    assert kit.ACTION_WHAT not in out  # the action is due by the end of the day: not within 2 hours


def test_a_review_action_due_tomorrow(root):
    # late in the evening: the follow-up is due next morning, the action (by the end of tomorrow) not within 24 h
    code, out, _ = _due(root, "--within", "24h", now="2024-09-29 23:30")
    assert code == 0
    assert "还有 9小时30分钟" in out
    assert kit.ACTION_WHAT not in out  # due by 2024-10-01 00:00: 24 h 30 min away
    code, out, _ = _due(root, "--within", "1d", now="2024-09-30 00:30")
    assert f"复盘整改措施：{kit.ACTION_WHAT}" in out and "还有 23小时30分钟" in out


def test_nothing_due(root):
    code, out, err = _due(root, now=kit.LATER)  # both are overdue by then: yuqing check reports them
    assert code == 0, err
    assert out == "接下来 7天 内没有到期事项（检查时间：2024-10-02 10:00，北京时间）。\n"


def test_nothing_due_in_an_empty_repository(repo):
    code, out, _ = _due(repo.root, "--within", "3d")
    assert code == 0
    assert "接下来 3天 内没有到期事项" in out


def test_section_filter(root):
    code, out, _ = _due(root, "--section", "社会救助科")
    assert code == 0
    assert out.startswith("社会救助科接下来 7天 内到期的事项共 1 项")
    assert kit.ACTION_WHAT in out and kit.OPEN_ID not in out
    code, out, _ = _due(root, "--section", "社会事务科")
    assert code == 0 and out.startswith("社会事务科接下来 7天 内没有到期事项")


def test_a_section_not_in_org_yml(root):
    code, out, err = _due(root, "--section", "养老科")
    assert code == 2 and out == ""
    assert "用法错误：科室“养老科”不在 org.yml 中。是不是：养老服务科？可选：局办公室、" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("within", "words"), [
    ("30min", "30分钟"), ("2h", "2小时"), ("24h", "1天"), ("3d", "3天"), ("2小时", "2小时"), (" 90m ", "1小时30分钟"),
])
def test_within_parsing(root, within, words):
    code, out, _ = _due(root, "--within", within, now=kit.LATER)
    assert code == 0
    assert f"接下来 {words} 内没有到期事项" in out


@pytest.mark.parametrize("within", ["3x", "两小时", "-2h", "0h", "400d", "2 weeks"])
def test_a_bad_duration(root, within):
    code, out, err = _due(root, f"--within={within}")
    assert code == 2 and out == ""
    assert f"用法错误：--within 的时长“{within}”" in err
    assert "2h" in err or "366 天" in err
    assert "Traceback" not in err


def test_json(root):
    code, out, err = _due(root, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["now"] == "2024-09-29T10:00:00+08:00"
    assert data["within_minutes"] == 7 * 24 * 60 and data["section"] is None and data["count"] == 2
    follow_up, action = data["items"]
    assert follow_up == {
        "incident": kit.OPEN_ID, "title": kit.OPEN_TITLE, "restricted": False, "drill": False,
        "section": "养老服务科", "units": ["养老服务科"], "people": ["刘洋", "黄晓燕", "王芳"],
        "kind": "obligation", "rule": "YQ306", "obligation": "第 2 次续报（间隔不超过 24 小时）",
        "due": "2024-09-30T09:00:00+08:00", "due_text": kit.FOLLOW_UP_DUE, "date_only": False,
        "minutes_left": 23 * 60, "left_text": "还有 23小时", "path": kit.OPEN_PATH, "line": follow_up["line"],
    }
    assert action["kind"] == "action" and action["rule"] == "YQ311" and action["date_only"] is True
    assert action["due"] == "2024-10-01T00:00:00+08:00" and action["section"] == "社会救助科"
    assert action["minutes_left"] == 38 * 60
    code, out, _ = _due(root, "--format", "json", now=kit.LATER)
    assert json.loads(out)["items"] == []


def test_english(root):
    code, out, _ = _due(root, "--lang", "en")
    assert code == 0
    assert f"1. 养老服务科: by {kit.FOLLOW_UP_DUE} (23 h left)" in out


def test_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["due", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：yuqing due")
    assert "--within 时长" in out and "--section 科室" in out and "显示帮助信息并退出" in out


# --- signals waiting for their assessment (issue 16) ---------------------------------------------

@pytest.fixture
def with_signal(root):
    kit.write_signal(root)
    return root


def test_a_fresh_signal_waits_for_its_assessment(with_signal):
    code, out, err = _due(with_signal)
    assert code == 0, err
    assert "共 3 项" in out
    first = out.index(f"1. {kit.SIGNAL_SECTION} 应在 {kit.SIGNAL_DUE} 前（还有 22小时30分钟）")
    assert out.index(f"2. 养老服务科 应在 {kit.FOLLOW_UP_DUE} 前") > first
    assert f"   {kit.SIGNAL_ID} 预警信息：短视频称火车站附近有流浪人员夜宿" in out
    assert "义务：预警信息研判（发现后 1天内）（YQ314）" in out
    assert "负责人：蒋文斌、韩雪" in out
    assert f"记录：{kit.SIGNAL_PATH}:3" in out


def test_a_signal_half_an_hour_before_its_deadline(with_signal):
    code, out, _ = _due(with_signal, "--within", "1h", now=kit.SOON)
    assert code == 0
    assert "共 2 项" in out and f"1. {kit.SIGNAL_SECTION} 应在 {kit.SIGNAL_DUE} 前（还有 30分钟）" in out


def test_an_overdue_signal_is_the_checks_business(with_signal):
    code, out, _ = _due(with_signal, now="2024-09-30 08:45")
    assert code == 0
    assert kit.SIGNAL_ID not in out


def test_an_assessed_signal_is_not_listed(root):
    kit.write_signal(root, "\n  - {at: 2024-09-29 09:00, by: 蒋文斌, conclusion: 持续关注}")
    code, out, _ = _due(root)
    assert code == 0 and kit.SIGNAL_ID not in out and "共 2 项" in out


def test_the_section_of_a_signal(with_signal):
    code, out, _ = _due(with_signal, "--section", kit.SIGNAL_SECTION)
    assert code == 0
    assert f"{kit.SIGNAL_SECTION}接下来 7天 内到期的事项共 1 项" in out and kit.SIGNAL_ID in out
    code, out, _ = _due(with_signal, "--section", "养老服务科")
    assert kit.SIGNAL_ID not in out


def test_a_signal_in_json(with_signal):
    code, out, _ = _due(with_signal, "--format", "json")
    assert code == 0
    [item] = [item for item in json.loads(out)["items"] if item["kind"] == "signal"]
    assert item["incident"] == kit.SIGNAL_ID and item["section"] == kit.SIGNAL_SECTION and item["rule"] == "YQ314"
    assert item["due"] == "2024-09-30T08:30:00+08:00" and item["minutes_left"] == 22 * 60 + 30
    assert item["path"] == kit.SIGNAL_PATH and item["restricted"] is False


def test_signals_are_listed_only_when_asked(with_signal):
    """``falling_due`` leaves signals out unless asked (the calendar and notify list obligations and actions)."""
    from yuqing.checking import parse_now, run_check
    from yuqing.overdue import falling_due
    from yuqing.repository import open_repository

    workspace = open_repository(with_signal)
    result = run_check(workspace, parse_now(kit.NOW, workspace), verdicts=True, cache=False).result
    assert kit.SIGNAL_ID not in [row.incident for row in falling_due(result)]
    [row] = [row for row in falling_due(result, signals=True) if row.signal]
    assert (row.incident, row.section, row.rule, row.state) == (kit.SIGNAL_ID, kit.SIGNAL_SECTION, "YQ314", "pending")
