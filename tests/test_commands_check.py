"""``yuqing check`` against a hostile environment: broken org.yml and policy.yml, unreadable directories,
symbolic links leaving the repository, pipes, 100 MB files. Each is answered with a clear message
(exit 2 for the configuration, YQ001 for a record) and never with a traceback or a hang.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time

import pytest

from conftest import MINIMAL_INCIDENT, PROJECT_ROOT
from yuqing.cli import main
from yuqing.loader import MAX_FILE_BYTES

NOW = "2024-10-01 10:00"
PATH = "incidents/2024/YZMZ-2024-0001.md"
#: words of Python's, pydantic's, PyYAML's and zoneinfo's own (English) messages, never shown in Chinese
LIBRARY_WORDS = ("offset must be", "timedelta(", "Input should", "Value error", "Errno", "Is a directory",
                 "OverflowError", "too large to convert", "No time zone", "parser:", "found character",
                 "did not find", "mapping values", "内部错误")
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
    "a list for a mapping": (("      - {name: 李明, title: 科长, git: [liming@yzmz.example.cn], logins: [liming]}", "      - [李明, 科长]"),
                             "[李明, 科长]", "[李明"),
    "unknown time zone": (("time_zone: Asia/Shanghai", "time_zone: Mars/Olympus"), "time_zone:", "Mars"),
    "a time zone that is a directory": (("time_zone: Asia/Shanghai", "time_zone: Asia"), "time_zone:", "Asia"),
    "a time zone name too long": (("time_zone: Asia/Shanghai", "time_zone: " + "A" * 300), "time_zone:", "AAA"),
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
    for words in LIBRARY_WORDS:  # zoneinfo's IsADirectoryError, OSError, pydantic's own text
        assert words not in err, err
    if case not in ("a number for a list", "a list for a mapping") and "time zone" not in case:
        assert err.startswith(f"schema/org.yml:{line}:{column}:"), err


@pytest.mark.parametrize("content, words", [
    ("", "空"),
    ("- 宁波市鄞州区民政局\n- 区民政局\n", "一个列表"),  # in words, not the Python type name
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
    "an integer past any float": (("within: 15min", "within: " + "9" * 400), "within: 999", "366 天"),
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
    for library_words in LIBRARY_WORDS:  # OverflowError, PyYAML's and pydantic's own text
        assert library_words not in err, err


def test_an_oversized_org_file(repo, capsys):
    with open(repo.path("schema/org.yml"), "r+b") as handle:
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    code, out, err = check(repo, capsys)
    assert time.perf_counter() - started < 5
    assert code == 2 and "文件过大" in err and f"{MAX_FILE_BYTES:,}" in err


# --- a record's value that a library refuses: a Chinese finding on its line, never the library's text ---

RECORD_CASES = {
    "an offset of 24 hours": (("discovered_at: 2024-08-26 09:20", "discovered_at: 2024-08-26T09:20:00+24:00"),
                              ("YQ003", "discovered_at:"), ("时区偏移“+24:00”不存在", "-23:59 到 +23:59", "+08:00")),
    "an offset of 75 minutes": (("discovered_at: 2024-08-26 09:20", "discovered_at: 2024-08-26T09:20:00+08:75"),
                                ("YQ003", "discovered_at:"), ("时区偏移“+08:75”不存在",)),
    "seven decimals of a second": (("discovered_at: 2024-08-26 09:20", "discovered_at: 2024-08-26 09:20:00.1234567"),
                                   ("YQ003", "discovered_at:"), ("最多 6 位",)),
    "a number for the level": (("level: 一般", "level: 5"), ("YQ003", "level:"), ("一般、较大、重大",)),
    "an unknown escape": (("title: 网民反映某社区养老服务站午餐质量差", 'title: "午餐\\q质量差"'), ("YQ001", "title:"),
                          ("反斜杠",)),
    "a value starting with @": (("title: 网民反映某社区养老服务站午餐质量差", "title: @某网友 反映午餐质量差"),
                                ("YQ001", "title:"), ("特殊符号", "引号")),
    "a value starting with &": (("title: 网民反映某社区养老服务站午餐质量差", "title: &网友 反映午餐质量差"),
                                ("YQ001", "title:"), ("锚点", "引号")),
}


@pytest.mark.parametrize("case", sorted(RECORD_CASES))
def test_a_value_a_library_refuses_is_explained_in_chinese_on_its_line(repo, capsys, case):
    (old, new), (rule, line_needle), words = RECORD_CASES[case]
    assert old in MINIMAL_INCIDENT
    text = MINIMAL_INCIDENT.replace(old, new, 1)
    repo.write(PATH, text)
    code, out, _ = check(repo, capsys)
    line, _ = where(text, line_needle)
    assert code == 1
    assert findings(out) == [(rule, PATH, line)]
    (message,) = [finding["message"] for finding in json.loads(out)["findings"]]
    for word in words:
        assert word in message, message
    for library_words in LIBRARY_WORDS:
        assert library_words not in message, message
    code, out, _ = check(repo, capsys, "--lang", "en")
    assert findings(out) == [(rule, PATH, line)]


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


# --- paths named on the command line: a check of nothing is a usage error, never a green pass ----

def _outside_dir(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "2024").mkdir()
    (outside / "2024" / "YZMZ-2024-0009.md").write_text(MINIMAL_INCIDENT, encoding="utf-8")
    return str(outside)


def _nothing(repo, _factory):
    return str(repo.path("nothing-here"))


def _empty_dir(repo, _factory):
    repo.path("incidents/2030").mkdir(parents=True)
    return "incidents/2030"


def _non_records(repo, _factory):
    repo.write("attachments/通报.txt", "附件说明\n")
    repo.write("attachments/tools.py", "print(1)\n")
    repo.write("attachments/data.json", "{}\n")
    return "attachments"


def _broken_link(repo, _factory):
    repo.path("drafts").mkdir()
    os.symlink("gone.md", repo.path("drafts/old.md"))
    return "drafts/old.md"


def _linked_outside(repo, factory):
    os.symlink(_outside_dir(repo, factory), repo.path("archive"))
    return "archive"


USAGE_CASES = {
    "a directory outside the repository": (_outside_dir, ("不在台账仓库", "之内", "--root", "incidents/2024")),
    "a relative path that does not exist": (lambda repo, _: "incidents/2031",
                                            ("路径不存在：incidents/2031", "从当前目录算起", "incidents/2031")),
    "an absolute path that does not exist": (_nothing, ("路径不存在：", "nothing-here", "检查拼写")),
    "an empty directory": (_empty_dir, ("“incidents/2030”中没有可检查的文件", "incidents/", "docs/", "org.yml")),
    "a directory of non-record files": (_non_records, ("“attachments”中没有可检查的文件",)),
    "a broken symbolic link": (_broken_link, ("“drafts/old.md”是失效的符号链接",)),
    "a directory linked outside": (_linked_outside, ("“archive”是指向仓库之外", "不会检查")),
}


@pytest.mark.parametrize("case", sorted(USAGE_CASES))
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_path_that_names_nothing_to_check_is_a_usage_error(repo, capsys, monkeypatch, tmp_path_factory, case, fmt):
    make, words = USAGE_CASES[case]
    repo.write(PATH, MINIMAL_INCIDENT)
    monkeypatch.chdir(repo.root)  # relative paths are the current directory's
    named = make(repo, tmp_path_factory)
    code, out, err = check(repo, capsys, named, fmt=fmt)
    assert (code, out) == (2, ""), (code, out, err)
    assert err.startswith("用法错误："), err
    for word in words:
        assert word in err, err
    if case in ("a directory outside the repository", "an empty directory", "a directory of non-record files"):
        assert str(repo.root) in err, err  # the repository root, to see at once where the path went wrong
    code, out, err = check(repo, capsys, named, "--lang", "en", fmt=fmt)
    assert code == 2 and err.startswith("usage error: ") and not re.search(r"[\u4e00-\u9fff]{3}", err.split("'")[0])


#: named path -> (exit code, files checked, (rule, path, line) of every finding)
def _with_docs(repo):
    repo.write("docs/index.md", "# 首页\n\n正文。\n")
    repo.write("docs/plan/chapter.md", "# 预案\n")


def _with_mkdocs(repo):
    repo.write("mkdocs.yml", (PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def _with_schema_json(repo):
    repo.write("schema/org.schema.json", (PROJECT_ROOT / "schema/org.schema.json").read_text(encoding="utf-8"))


def _with_draft(repo):
    repo.write("drafts/YZMZ-2024-0009.yml", "id: YZMZ-2024-0009\ntitle: 草稿\n")
    repo.write("drafts/draft.yml", "\ufeffid: YZMZ-2024-0010\ntitle: 草稿\n")
    repo.write("drafts/YZMZ-2024-0001.review.yml", "incident: YZMZ-2024-0001\n")
    repo.write("drafts/settings.yml", "theme: material\nextra: !!python/name:os.system\n")
    repo.write("drafts/notes.yml", "incident: YZMZ-2024-0001\n")  # not a review's name: text


def _with_dead_page_link(repo):
    repo.path("docs").mkdir()
    os.symlink("gone.md", repo.path("docs/old.md"))


def _with_outside_link(repo):
    repo.path("incidents/2024").mkdir(parents=True, exist_ok=True)
    os.symlink(tempfile.mkdtemp(), repo.path("incidents/2023"))


SELECTION_CASES = {
    "the docs directory": (_with_docs, ["docs"], 0, 2, []),
    "schema/org.yml": (None, ["schema/org.yml"], 0, 1, []),
    "schema/policy.yml": (None, ["schema/policy.yml"], 0, 1, []),
    "the schema directory": (None, ["schema"], 0, 2, []),
    "the schema directory with a generated JSON Schema": (_with_schema_json, ["schema"], 0, 2, []),
    "a generated JSON Schema named": (_with_schema_json, ["schema/org.schema.json"], 0, 1, []),
    "mkdocs.yml": (_with_mkdocs, ["mkdocs.yml"], 0, 1, []),
    "a YAML record draft named like a record": (_with_draft, ["drafts/YZMZ-2024-0009.yml"], 1, 1, [
        ("YQ003", "drafts/YZMZ-2024-0009.yml", 1)] * 6),
    "a YAML record draft with an id": (_with_draft, ["drafts/draft.yml"], 1, 1, [("YQ003", "drafts/draft.yml", 1)] * 6),
    "a YAML review draft": (_with_draft, ["drafts/YZMZ-2024-0001.review.yml"], 1, 1, [
        ("YQ003", "drafts/YZMZ-2024-0001.review.yml", 1)] * 4),
    "another YAML file is text": (_with_draft, ["drafts/settings.yml", "drafts/notes.yml"], 0, 2, []),
    "a site page that is a dead link": (_with_dead_page_link, ["docs/old.md"], 1, 1, [("YQ001", "docs/old.md", 1)]),
    "incidents with a link leading outside": (_with_outside_link, ["incidents"], 1, 2, [
        ("YQ001", "incidents/2023", 1)]),
    "the repository root": (_with_docs, ["."], 0, 5, []),
}


@pytest.mark.parametrize("case", sorted(SELECTION_CASES))
def test_what_a_named_path_checks(repo, capsys, monkeypatch, case):
    prepare, named, code_expected, files, expected = SELECTION_CASES[case]
    repo.write(PATH, MINIMAL_INCIDENT)
    if prepare:
        prepare(repo)
    monkeypatch.chdir(repo.root)
    code, out, err = check(repo, capsys, *named)
    assert err == ""
    document = json.loads(out)
    assert findings(out) == expected, document["findings"]
    assert (code, document["summary"]["files"]) == (code_expected, files)


def test_a_broken_org_file_named_is_the_configuration_error_on_its_line(repo, capsys):
    text = repo.read("schema/org.yml").replace("id_prefix: YZMZ", "id_prefix: yz", 1)
    repo.write("schema/org.yml", text)
    code, out, err = check(repo, capsys, repo.path("schema/org.yml"))
    line, column = where(text, "yz")
    assert (code, out) == (2, "")
    assert err.startswith(f"schema/org.yml:{line}:{column}: 配置错误：字段 id_prefix"), err


def test_the_org_file_named_in_text_and_junit(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo.root)
    code, out, _ = check(repo, capsys, "schema/org.yml", fmt="text")
    assert (code, out) == (0, "检查了 1 个文件：0 个错误，0 个警告。\n")
    code, out, _ = check(repo, capsys, "schema/org.yml", "schema/policy.yml", fmt="junit")
    assert code == 0 and 'name="schema/org.yml"' in out and 'name="schema/policy.yml"' in out
