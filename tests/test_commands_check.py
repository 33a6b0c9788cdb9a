"""``yuqing check`` against a hostile environment: broken org.yml and policy.yml, unreadable directories,
symbolic links leaving the repository, pipes, 100 MB files. Each is answered with a clear message
(exit 2 for the configuration, YQ001 for a record) and never with a traceback or a hang.
"""

from __future__ import annotations

import json
import os
import time

import pytest

from conftest import MINIMAL_INCIDENT
from yuqing.cli import main
from yuqing.loader import MAX_FILE_BYTES

NOW = "2024-10-01 10:00"
PATH = "incidents/2024/YZMZ-2024-0001.md"
SECRET = "TOPSECRET-公民隐私 13812345678 330212198001011238 篮球比分直播 <script>alert(1)</script>"


def where(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def check(repo, capsys, *args, fmt="json") -> tuple[int, str, str]:
    code = main(["check", "--root", str(repo.root), "--now", NOW, "--format", fmt, *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "内部错误" not in err, err
    return code, out, err


def findings(out: str) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["path"], f["line"]) for f in json.loads(out)["findings"]]


@pytest.fixture(autouse=True)
def _debug(monkeypatch):
    monkeypatch.setenv("YUQING_DEBUG", "1")  # an internal error raises instead of becoming exit 2


# --- malformed org.yml and policy.yml: exit 2 with the file, line and column ---------------------

ORG_CASES = {
    "unclosed bracket": (("公安分局]", "公安分局"), "external_bodies: [", "["),
    "duplicate key": (("short_name: 区民政局\n", "short_name: 区民政局\nshort_name: 民政局\n"), "short_name: 民政局",
                      "short_name: 民政局"),
    "python tag": (("name: 宁波市鄞州区民政局", "name: !!python/object/apply:os.system [ls]"), "!!python", "!!python"),
    "a number for a list": (("sections:\n", "sections: 5\nold_sections:\n"), "sections: 5", "5"),
    "a list for a mapping": (("      - {name: 李明, title: 科长, git: [liming@yzmz.example.cn]}", "      - [李明, 科长]"),
                             "[李明, 科长]", "[李明"),
    "unknown time zone": (("time_zone: Asia/Shanghai", "time_zone: Mars/Olympus"), "time_zone:", "Mars"),
    "tab indentation": (("  - name: 主要领导\n", "\t- name: 主要领导\n"), "\t- name", "\t"),
}


@pytest.mark.parametrize("case", sorted(ORG_CASES))
def test_a_malformed_org_file(repo, capsys, case):
    (old, new), line_needle, column_needle = ORG_CASES[case]
    text = repo.read("schema/org.yml")
    assert old in text
    broken = text.replace(old, new, 1)
    repo.write("schema/org.yml", broken)
    repo.write(PATH, MINIMAL_INCIDENT)
    code, out, err = check(repo, capsys)
    line, _ = where(broken, line_needle)
    column = broken.splitlines()[line - 1].index(column_needle) + 1
    assert code == 2 and out == ""
    assert err.startswith(f"schema/org.yml:{line}:"), err
    assert "配置错误" in err
    if case not in ("a number for a list", "a list for a mapping", "unknown time zone"):
        assert err.startswith(f"schema/org.yml:{line}:{column}:"), err


@pytest.mark.parametrize("content, words", [
    ("", "空"),
    ("- 宁波市鄞州区民政局\n- 区民政局\n", "list"),
    ("name: x\x00y\n", "二进制"),
    ("name: 民政局\n".encode("gbk"), "GBK"),
    ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
     "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", "炸弹"),
])
def test_an_org_file_that_is_not_an_org_file(repo, capsys, content, words):
    repo.write("schema/org.yml", content)
    code, out, err = check(repo, capsys)
    assert code == 2 and out == ""
    assert err.startswith("schema/org.yml:1:") and "配置错误" in err and words in err, err


POLICY_CASES = {
    "a duration past the calendar": (("within: 15min", "within: 99999999d"), "within: 99999999d", "366 天"),
    "an infinite duration": (("within: 15min", "within: .inf"), "within: .inf", "366 天"),
    "a negative duration": (("within: 15min", "within: -15"), "within: -15", "应大于 0"),
    "not a duration": (("within: 15min", "within: 马上"), "within: 马上", "不是时长"),
    "unknown level": (("    within: 15min\n    level: error", "    within: 15min\n    level: fatal"), "level: fatal",
                      "fatal"),
    "unknown obligation": (("  YQ301:", "  YQ999:"), "YQ999", "YQ999"),
    "duplicate obligation": (("  YQ302:", "  YQ301:"), "  YQ301:\n    title: 重大舆情书面报告", "重复"),
    "a mapping for a choice": (("clock_start: discovered_at", "clock_start: {from: discovered_at}"), "clock_start: {",
                               "clock_start"),
    "unclosed flow list": (("levels: [重大]", "levels: [重大"), "levels: [重大\n", "没有闭合"),
}


@pytest.mark.parametrize("case", sorted(POLICY_CASES))
def test_a_malformed_policy_file(repo, capsys, case):
    (old, new), line_needle, words = POLICY_CASES[case]
    text = repo.read("schema/policy.yml")
    assert old in text
    broken = text.replace(old, new, 1)
    repo.write("schema/policy.yml", broken)
    repo.write(PATH, MINIMAL_INCIDENT)
    code, out, err = check(repo, capsys)
    line, _ = where(broken, line_needle)
    if line_needle.startswith("  YQ301:\n"):  # the duplicate key itself is on the line after the first YQ301
        line = broken.count("\n", 0, broken.index(line_needle)) + 1
    assert code == 2 and out == ""
    assert err.startswith(f"schema/policy.yml:{line}:"), err
    assert "配置错误" in err and words in err, err


def test_an_oversized_org_file(repo, capsys):
    with open(repo.path("schema/org.yml"), "r+b") as handle:
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    code, out, err = check(repo, capsys)
    assert time.perf_counter() - started < 5
    assert code == 2 and "文件过大" in err and f"{MAX_FILE_BYTES:,}" in err


# --- records the checker must not read ------------------------------------------------------------

@pytest.fixture
def secret(tmp_path_factory):
    """A file outside the repository whose content must never appear in any output."""
    outside = tmp_path_factory.mktemp("outside")
    path = outside / "secret.md"
    path.write_text(f"---\nid: {SECRET}\ntitle: {SECRET}\n---\n\n{SECRET}\n", encoding="utf-8")
    (outside / "2024").mkdir()
    (outside / "2024" / "YZMZ-2024-0009.md").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def assert_secret_not_shown(*texts: str) -> None:
    for text in texts:
        for word in ("TOPSECRET", "公民隐私", "138****5678", "3302**********1238", "篮球比分直播", "<script>"):
            assert word not in text, (word, text)


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_a_record_symlink_leaving_the_repository(repo, capsys, secret, fmt):
    repo.write(PATH, MINIMAL_INCIDENT)
    os.symlink(secret, repo.path("incidents/2024/YZMZ-2024-0002.md"))
    code, out, err = check(repo, capsys, fmt=fmt)
    assert code == 1
    assert_secret_not_shown(out, err)
    if fmt == "json":
        assert findings(out) == [("YQ001", "incidents/2024/YZMZ-2024-0002.md", 1)]
        assert "符号链接" in out and "仓库之外" in out


def test_a_relative_symlink_climbing_out_of_the_repository(repo, capsys, secret):
    link = repo.path("incidents/2024/YZMZ-2024-0002.md")
    link.parent.mkdir(parents=True)
    os.symlink(os.path.relpath(secret, link.parent), link)
    code, out, err = check(repo, capsys)
    assert findings(out) == [("YQ001", "incidents/2024/YZMZ-2024-0002.md", 1)]
    assert_secret_not_shown(out, err)


def test_a_symlinked_directory_leaving_the_repository(repo, capsys, secret):
    repo.write(PATH, MINIMAL_INCIDENT)
    os.symlink(secret.parent / "2024", repo.path("incidents/2023"))
    code, out, err = check(repo, capsys)
    assert code == 1
    assert findings(out) == [("YQ001", "incidents/2023", 1)]
    assert "目录" in out
    assert_secret_not_shown(out, err)


def test_the_whole_incidents_directory_linked_outside(repo, capsys, secret):
    repo.path("incidents").rmdir()
    os.symlink(secret.parent, repo.path("incidents"))
    code, out, err = check(repo, capsys)
    assert code == 1
    assert findings(out) == [("YQ001", "incidents/2024/YZMZ-2024-0009.md", 1), ("YQ001", "incidents/secret.md", 1)]
    assert_secret_not_shown(out, err)


def test_a_docs_page_symlink_leaving_the_repository(repo, capsys, secret):
    repo.write(PATH, MINIMAL_INCIDENT)
    repo.path("docs").mkdir()
    os.symlink(secret, repo.path("docs/index.md"))
    code, out, err = check(repo, capsys)
    assert findings(out) == [("YQ001", "docs/index.md", 1)]
    assert_secret_not_shown(out, err)
    # named on the command line, it is refused the same way
    code, out, err = check(repo, capsys, repo.path("docs/index.md"))
    assert findings(out) == [("YQ001", "docs/index.md", 1)]
    assert_secret_not_shown(out, err)


def test_a_symlink_inside_the_repository_is_read(repo, capsys):
    repo.write("drafts/YZMZ-2024-0001.md", MINIMAL_INCIDENT.replace("网民发帖。", "网民发帖，电话 13812345678。"))
    repo.path("incidents/2024").mkdir(parents=True)
    os.symlink(repo.path("drafts/YZMZ-2024-0001.md"), repo.path(PATH))
    code, out, _ = check(repo, capsys)
    assert [rule for rule, _, _ in findings(out)] == ["YQ501"]


def test_a_symlink_loop_and_a_dangling_symlink(repo, capsys):
    repo.path("incidents/2024").mkdir(parents=True)
    os.symlink("YZMZ-2024-0001.md", repo.path(PATH))  # points at itself
    os.symlink("nothing-here.md", repo.path("incidents/2024/YZMZ-2024-0002.md"))
    code, out, err = check(repo, capsys)
    assert code == 1
    assert findings(out) == [("YQ001", PATH, 1), ("YQ001", "incidents/2024/YZMZ-2024-0002.md", 1)]
    assert "无法读取文件" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read every directory, so nothing is unreadable")
def test_an_unreadable_directory(repo, capsys):
    repo.write(PATH, MINIMAL_INCIDENT)
    repo.write("incidents/2025/YZMZ-2025-0001.md", MINIMAL_INCIDENT)
    locked = repo.path("incidents/2025")
    locked.chmod(0)
    try:
        code, out, _ = check(repo, capsys)
    finally:
        locked.chmod(0o755)
    assert code == 1
    assert findings(out) == [("YQ001", "incidents/2025", 1)]
    assert "无法读取目录" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read every file")
def test_an_unreadable_file(repo, capsys):
    repo.write(PATH, MINIMAL_INCIDENT).chmod(0)
    try:
        code, out, _ = check(repo, capsys)
    finally:
        repo.path(PATH).chmod(0o644)
    assert findings(out) == [("YQ001", PATH, 1)]


def test_a_named_pipe_does_not_hang_the_check(repo, capsys):
    repo.path("incidents/2024").mkdir(parents=True)
    os.mkfifo(repo.path(PATH))
    started = time.perf_counter()
    code, out, _ = check(repo, capsys)
    assert time.perf_counter() - started < 10
    assert findings(out) == [("YQ001", PATH, 1)]
    assert "不是普通文件" in out


# --- 100 MB files -----------------------------------------------------------------------------

def sparse(path, size=100 * 1024 * 1024):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)  # sparse: instant on disk, nothing is read
    return path


@pytest.mark.parametrize("relpath", [PATH, "incidents/2024/YZMZ-2024-0001.yml", "docs/plan/index.md"])
def test_a_100_mb_file_is_answered_quickly(repo, capsys, relpath):
    sparse(repo.path(relpath))
    started = time.perf_counter()
    code, out, _ = check(repo, capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == ("YQ001", relpath, 1)
    assert "文件过大" in finding["message"] and f"{MAX_FILE_BYTES:,}" in finding["message"]
    assert f"{100 * 1024 * 1024:,}" in finding["message"]


def test_a_100_mb_file_named_on_the_command_line(repo, capsys, tmp_path_factory):
    big = sparse(tmp_path_factory.mktemp("elsewhere") / "mirror.txt")
    code, out, _ = check(repo, capsys, big)
    assert code == 1
    assert findings(out) == [("YQ001", big.as_posix(), 1)]


def test_a_file_just_under_the_limit_is_read(repo, capsys):
    filler = "网民发帖。\n" * ((MAX_FILE_BYTES - len(MINIMAL_INCIDENT.encode()) - 100) // len("网民发帖。\n".encode()))
    repo.write(PATH, MINIMAL_INCIDENT + filler)
    assert repo.path(PATH).stat().st_size <= MAX_FILE_BYTES
    code, out, _ = check(repo, capsys)
    assert (code, findings(out)) == (0, [])


def test_a_record_full_of_hostile_text_is_checked_in_reasonable_time(repo, capsys):
    line = "13812345678 <script>x</script> 篮球比分直播 `a` <b onclick=1>\n"
    repo.write(PATH, MINIMAL_INCIDENT + line * ((MAX_FILE_BYTES - 2000) // len(line.encode())))
    started = time.perf_counter()
    code, out, _ = check(repo, capsys)
    assert time.perf_counter() - started < 60
    assert code == 1
    assert {rule for rule, _, _ in findings(out)} == {"YQ501", "YQ502", "YQ503"}
