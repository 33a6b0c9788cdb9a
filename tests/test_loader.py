"""loader: hostile record files give one clear problem each, on the right line; nothing escapes.

The corpus under tests/corpus/loader/ holds small hostile (and a few valid) record files;
CORPUS below says which problems (rule, line) each must give, and a word its message must
contain. Files that cannot sensibly be stored (GBK, UTF-16, binary, huge) are written by
the tests themselves. The corpus goes through ``Workspace.load_record``, which is what the
checker does, so YQ003 (schema) problems are covered as well as the loader's YQ001/YQ002.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from conftest import MINIMAL_INCIDENT
from yuqing.loader import (
    MAX_FILE_BYTES,
    LoadedDocument,
    decode,
    load_file,
    load_text,
    os_reason,
    read_bytes,
    split_front_matter,
)

CORPUS_DIR = Path(__file__).parent / "corpus" / "loader"

# file -> ([(rule, line), ...] expected in this order, a word the first message contains)
CORPUS: dict[str, tuple[list[tuple[str, int]], str | None]] = {
    # valid records (the loader must not be too strict)
    "valid_record.md": ([], None),
    "valid_record.yml": ([], None),
    "valid_bom_crlf.md": ([], None),
    "valid_closing_dots.md": ([], None),
    "valid_english_aliases.md": ([], None),
    "valid_offset_time.md": ([], None),
    "yes_no_on_off.md": ([], None),
    # duplicate keys
    "duplicate_key_top.md": ([("YQ002", 5)], "title"),
    "duplicate_key_nested.md": ([("YQ002", 16)], "第 13 行"),
    "duplicate_key_flow.yml": ([("YQ002", 14)], "role"),
    "duplicate_key_bom_crlf.md": ([("YQ002", 7)], "第 6 行"),
    "duplicate_key.review.md": ([("YQ002", 7)], "conclusion"),
    # expansion and nesting bounds
    "alias_bomb.yml": ([("YQ001", 1)], "炸弹"),
    "alias_recursive.yml": ([("YQ001", 10)], "嵌套"),
    "deep_nesting.md": ([("YQ001", 11)], "嵌套"),
    # front matter
    "front_matter_not_closed.md": ([("YQ001", 1)], "没有结束"),
    "no_front_matter.md": ([("YQ001", 1)], "缺少 YAML 头部"),
    "front_matter_list.md": ([("YQ003", 2)], "一个列表"),  # in words, not the Python type name
    "front_matter_scalar.md": ([("YQ003", 2)], "字段: 值"),
    "front_matter_empty.md": ([("YQ003", 1)], "空内容"),
    "multiple_documents.yml": ([("YQ001", 10)], "多个 YAML 文档"),
    # empty files
    "empty.md": ([("YQ001", 1)], "空的"),
    "whitespace_only.md": ([("YQ001", 1)], "空的"),
    # YAML syntax
    "tab_indentation.md": ([("YQ001", 9)], "制表符"),
    "unclosed_quote.md": ([("YQ001", 10)], "引号"),
    "unclosed_bracket.md": ([("YQ001", 15)], "括号"),
    "colon_in_text.md": ([("YQ001", 10)], "冒号"),
    "control_character.md": ([("YQ001", 10)], "控制字符"),
    "unknown_tag.md": ([("YQ001", 11)], "标签"),
    # times
    "time_without_date.md": ([("YQ003", 13)], "日期"),
    "discovered_time_only.md": ([("YQ003", 7)], "日期"),
    "date_without_time.md": ([("YQ003", 7)], "钟点"),
    "impossible_date.md": ([("YQ003", 7)], "不是一个存在的日期"),
    # schema
    "unknown_field.md": ([("YQ003", 2), ("YQ003", 7)], "缺少"),
    "bad_level.md": ([("YQ003", 4)], "特大"),
}


def problems_of(record) -> list[tuple[str, int]]:
    return [(p.rule, p.line) for p in record.problems]


def assert_well_placed(record) -> None:
    for problem in record.problems:
        assert problem.rule in {"YQ001", "YQ002", "YQ003"}
        assert isinstance(problem.line, int) and problem.line >= 1
        assert isinstance(problem.column, int) and problem.column >= 1
        assert problem.msg.zh and problem.msg.en


@pytest.fixture
def workspace(repo):
    """A workspace over the shipped org.yml/policy.yml (the corpus files are loaded in place)."""
    return repo.workspace()


def test_corpus_is_big_enough_and_fully_listed():
    on_disk = {p.name for p in CORPUS_DIR.iterdir() if not p.name.startswith(".")}
    assert len(on_disk) >= 20
    assert on_disk == set(CORPUS), "every corpus file needs an entry in CORPUS (and vice versa)"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file(workspace, name):
    expected, needle = CORPUS[name]
    record = workspace.load_record(CORPUS_DIR / name)
    assert problems_of(record) == expected, [p.msg.zh for p in record.problems]
    assert_well_placed(record)
    if needle:
        assert needle in record.problems[0].msg.zh
    if not expected:
        assert record.model is not None


def test_review_files_are_validated_as_reviews(workspace):
    record = workspace.load_record(CORPUS_DIR / "duplicate_key.review.md")
    assert record.kind == "review"
    assert record.model.conclusion == "处置及时。"  # the first value is kept


def test_yes_no_on_off_stay_text(workspace):
    record = workspace.load_record(CORPUS_DIR / "yes_no_on_off.md")
    assert record.model.title == "no"
    assert record.model.source.channel == "on"


def test_bom_and_crlf_are_tolerated_and_positions_are_right():
    raw = (CORPUS_DIR / "valid_bom_crlf.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the corpus file is what it claims
    doc = load_file(CORPUS_DIR / "valid_bom_crlf.md")
    assert doc.readable and doc.problems == []
    assert doc.data["level"] == "一般"
    assert doc.positions[("level",)] == (4, 8)
    assert doc.positions[("source", "channel")] == (9, 12)
    assert doc.key_positions[("summary",)] == (10, 1)
    assert doc.body_line == 12
    assert "\r" not in doc.body and "\r" not in doc.text
    assert doc.body.startswith("\n## 事件经过")


def test_positions_of_a_plain_markdown_record_match_the_bom_crlf_one():
    plain = load_file(CORPUS_DIR / "valid_record.md")
    crlf = load_file(CORPUS_DIR / "valid_bom_crlf.md")
    assert plain.positions == crlf.positions
    assert plain.body == crlf.body and plain.body_line == crlf.body_line


def test_old_mac_line_ends_are_tolerated():
    doc = load_text(decode(MINIMAL_INCIDENT.replace("\n", "\r").encode()), ".md")
    assert doc.problems == [] and doc.positions[("level",)] == (4, 8)


# --- files written by the tests: encodings, binary, huge, odd paths ---------------------------

def load_written(repo, workspace, name: str, raw: bytes):
    path = repo.write(f"incidents/2024/{name}", raw)
    record = workspace.load_record(path)
    assert_well_placed(record)
    return record


def test_gbk_file_is_recognised(repo, workspace):
    record = load_written(repo, workspace, "gbk.md", MINIMAL_INCIDENT.encode("gbk"))
    assert problems_of(record) == [("YQ001", 3)]
    assert record.problems[0].column == 8  # 'title: ' then the first Chinese character
    assert "GBK" in record.problems[0].msg.zh and "UTF-8" in record.problems[0].msg.zh
    assert "GBK" in record.problems[0].msg.en


def test_non_utf8_non_gbk_bytes(repo, workspace):
    raw = MINIMAL_INCIDENT.encode("utf-8").replace("微博".encode(), b"\xff\xff")
    record = load_written(repo, workspace, "latin.md", raw)
    assert problems_of(record) == [("YQ001", 9)]
    assert "UTF-8" in record.problems[0].msg.zh and "GBK" not in record.problems[0].msg.zh


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_file_is_recognised(repo, workspace, encoding):
    raw = MINIMAL_INCIDENT.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    record = load_written(repo, workspace, "utf16.md", raw)
    assert problems_of(record) == [("YQ001", 1)]
    assert "UTF-16" in record.problems[0].msg.zh


def test_png_is_binary(repo, workspace):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    record = load_written(repo, workspace, "screenshot.md", png)
    assert [p.rule for p in record.problems] == ["YQ001"]
    assert "二进制" in record.problems[0].msg.zh
    assert record.model is None and not record.doc.readable


def test_nul_byte_in_text_names_its_line(repo, workspace):
    raw = MINIMAL_INCIDENT.encode().replace("summary: 网民".encode(), "summary: 网民\x00".encode())
    record = load_written(repo, workspace, "nul.md", raw)
    assert problems_of(record) == [("YQ001", 10)]
    assert "二进制" in record.problems[0].msg.zh


def test_huge_file_is_refused_without_reading_it(repo, workspace):
    path = repo.write("incidents/2024/huge.md", MINIMAL_INCIDENT)
    with open(path, "r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: instant, and nothing to parse
    record = workspace.load_record(path)
    assert_well_placed(record)
    assert problems_of(record) == [("YQ001", 1)]
    assert "过大" in record.problems[0].msg.zh and f"{MAX_FILE_BYTES:,}" in record.problems[0].msg.zh


def test_file_at_the_limit_is_read(repo, workspace):
    text = MINIMAL_INCIDENT + "\n" + "正文" * 10
    padded = text.encode() + b" " * (MAX_FILE_BYTES - len(text.encode()))
    assert len(padded) == MAX_FILE_BYTES
    record = load_written(repo, workspace, "limit.md", padded)
    assert record.problems == []


def test_limit_is_a_parameter(repo):
    path = repo.write("incidents/2024/x.md", MINIMAL_INCIDENT)
    assert load_file(path).readable
    small = load_file(path, limit=100)
    assert not small.readable and "过大" in small.problems[0].msg.zh


def test_bom_only_file_is_empty(repo, workspace):
    record = load_written(repo, workspace, "bom.yml", b"\xef\xbb\xbf\r\n")
    assert problems_of(record) == [("YQ001", 1)] and "空的" in record.problems[0].msg.zh


def test_a_directory_named_like_a_record(repo):
    (repo.root / "incidents" / "2024" / "dir.md").mkdir(parents=True)
    doc = load_file(repo.root / "incidents" / "2024" / "dir.md")
    assert not doc.readable and "目录" in doc.problems[0].msg.zh


def test_missing_file(repo):
    doc = load_file(repo.root / "incidents" / "2024" / "gone.md")
    assert not doc.readable and "无法读取" in doc.problems[0].msg.zh


@pytest.mark.parametrize(
    "raw",
    [
        b"---", b"---\n", b"---\r\n---", b"--- \n...", b"\n\n---\n", b"---\n---\n---\n", b"- a\n- b\n",
        b"\xef\xbb\xbf---\n: x\n---\n", b"---\n{\n---\n", b"---\n[a, b]\n---\n", b"---\n'\n---\n",
        b"---\n&a a: *a\n---\n", b"---\n? \n---\n", b"\x1b[31m", b"\xe4\xb8", b"---\na: \xe4\xb8\n---\n",
    ],
)
@pytest.mark.parametrize("suffix", [".md", ".yml"])
def test_odd_snippets_never_raise(repo, workspace, raw, suffix):
    record = load_written(repo, workspace, "odd" + suffix, raw)
    assert record.problems or record.model is not None


# --- split_front_matter and LoadedDocument.locate ---------------------------------------------

def test_split_front_matter_lines():
    yaml_text, yaml_line, body, body_line = split_front_matter("---\na: 1\nb: 2\n---\nbody\nmore\n")
    assert (yaml_text, yaml_line, body, body_line) == ("a: 1\nb: 2\n", 2, "body\nmore\n", 5)


def test_front_matter_fence_may_carry_trailing_spaces_and_end_the_file():
    yaml_text, _, body, _ = split_front_matter("---  \na: 1\n---")
    assert yaml_text == "a: 1\n" and body == ""


@pytest.mark.parametrize("text, expected", [
    ("---\na: 1\n...\nbody", ("a: 1\n", 2, "body", 4)),  # YAML's document end closes it too
    ("---\na: 1\n--- \u3000\t\nx", ("a: 1\n", 2, "x", 4)),  # any trailing whitespace, a full-width space too
    ("---\na: 1\n---x\n---\n", ("a: 1\n---x\n", 2, "", 5)),  # text after the dashes: not a fence
    ("---\na: '---'\n ---\n---\nb", ("a: '---'\n ---\n", 2, "b", 5)),  # indented or quoted: not a fence
    ("---\n---\n", ("", 2, "", 3)),
    ("---\na:\n\n\n---\n\nz", ("a:\n\n\n", 2, "\nz", 6)),
])
def test_the_front_matter_ends_at_the_first_fence_line(text, expected):
    assert split_front_matter(text) == expected


@pytest.mark.parametrize("text", ["---\na: 1\n", "---\na: 1\n ---\n", "---\na: 1\n-- -\n"])
def test_an_unclosed_front_matter_is_unreadable(text):
    document = split_front_matter(text)
    assert isinstance(document, LoadedDocument) and not document.readable
    assert "找不到结束的 --- 行" in document.problems[0].msg.zh


def test_front_matter_must_start_on_the_first_line():
    assert isinstance(split_front_matter("\n---\na: 1\n---\n"), LoadedDocument)


def test_locate_falls_back_to_the_nearest_ancestor():
    doc = load_text(MINIMAL_INCIDENT, ".md")
    assert doc.locate(("source", "channel")) == (9, 12)
    assert doc.locate(("source", "url")) == (9, 3)  # missing: where source's mapping is
    assert doc.locate(("nothing", 3, "here")) == (2, 1)  # the front matter's first line
    assert doc.locate_key(("source", "channel")) == (9, 3)
    assert doc.locate_key(("source", "url")) == (9, 3)


def test_unreadable_document_locates_to_line_one():
    doc = load_text("no front matter", ".md")
    assert doc.locate(("id",)) == (1, 1)


@pytest.mark.parametrize(("text", "suffix", "lengths"), [
    ("---\nreports:\n- a\n- b\n---\n\n- not\n- counted\n", ".md", {"reports": 2}),
    ("reports:\n- a\nbody: |\n  正文\n", ".yml", {"reports": 1}),
    ("reports:\n- a\n", ".md", {}),  # no front matter: nothing readable
    ("---\nreports:\n- a\n", ".md", {}),  # never closed
])
def test_list_lengths_of_record_text(text, suffix, lengths):
    from yuqing.loader import list_lengths

    assert list_lengths(text, suffix, ("reports",)) == lengths


@pytest.mark.parametrize(
    ("error", "zh"),
    [
        (PermissionError(errno.EACCES, "Permission denied", "x.md"), "没有读取权限"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory", "x.md"), "不存在"),
        (OSError(errno.ELOOP, "Too many levels of symbolic links", "x.md"), "符号链接形成了循环"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "x.md"), "太长"),
        (OSError(errno.EIO, "Input/output error", "x.md"), "磁盘读写出错"),
        (OSError(errno.EXDEV, "Invalid cross-device link", "x.md"), f"错误号 {errno.EXDEV}"),
        (OSError("something"), "操作系统报告错误"),
    ],
)
def test_os_errors_are_said_in_chinese(error, zh):
    reason = os_reason(error)
    assert zh in reason.zh
    assert not re.search(r"[A-Za-z]{4,}", reason.zh), reason.zh  # no strerror in the Chinese text
    assert reason.en == (error.strerror or str(error))


def test_an_unreadable_file_says_why_in_chinese(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "x.md"))

    (tmp_path / "x.md").write_text("---\nid: x\n---\n", encoding="utf-8")
    monkeypatch.setattr("builtins.open", refuse)
    doc = read_bytes(tmp_path / "x.md")
    (problem,) = doc.problems
    assert (problem.code, problem.line, problem.column) == ("YQ001", 1, 1)
    assert problem.msg.zh == "无法读取文件：没有读取权限，请检查文件或目录的权限。"
    assert problem.msg.en == "cannot read the file: Permission denied."


@pytest.mark.parametrize("reported", [0, 5, 10])
def test_a_file_that_grew_since_its_size_was_taken_is_read_whole(tmp_path, monkeypatch, reported):
    """read_bytes asks for the size the file had when looked at; a file written meanwhile is still read whole."""
    path = tmp_path / "x.md"
    content = "---\nid: YZMZ-2024-0001\n---\n正文\n".encode()
    path.write_bytes(content)
    real_stat = os.stat

    def smaller(target, *args, **kwargs):
        status = real_stat(target, *args, **kwargs)
        return os.stat_result((*status[:6], reported, *status[7:])) if str(target) == str(path) else status

    monkeypatch.setattr(os, "stat", smaller)
    assert read_bytes(path) == content
    if reported <= 8:  # a limit still holds: one byte more than it tells the caller the file is over
        assert read_bytes(path, limit=8) == content[:9]
