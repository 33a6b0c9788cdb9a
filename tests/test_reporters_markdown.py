"""The markdown reporter: the Chinese summary for $GITHUB_STEP_SUMMARY and merge-request notes.

Snapshots live in tests/snapshots/ (check.markdown*.md). After an intended change of output,
regenerate them with ``YUQING_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest
tests/test_reporters_markdown.py`` and review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import overduekit as kit
from recordkit import files_of, line_of, review, run
from yuqing import cli
from yuqing.reporters import REPORTERS
from yuqing.reporters.markdown import MAX_ROWS, MarkdownReporter, cell

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("YUQING_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}; create it with YUQING_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"output differs from snapshot {name}"


def _table(text: str, heading: str) -> list[list[str]]:
    """The rows (cells) of the table under the ``### heading`` line."""
    lines = text.splitlines()
    start = lines.index(f"### {heading}")
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("### "):
            break
        if line.startswith("| ") and not line.startswith("|---"):
            rows.append([part.strip() for part in line.strip("|").split(" | ")])
    return rows[1:]  # without the header


def test_registered_as_markdown():
    assert REPORTERS["markdown"] is MarkdownReporter


def test_snapshot_zh_and_en(repo):
    kit.write(repo.root)
    result = run(repo, kit.NOW)
    assert_snapshot("check.markdown.md", MarkdownReporter().render(result))
    assert_snapshot("check.markdown.en.md", MarkdownReporter(lang="en").render(result))


def test_findings_table_and_overdue_list(repo):
    texts = kit.write(repo.root)
    text = MarkdownReporter().render(run(repo, kit.NOW))
    assert text.startswith("## 舆情台账检查结果\n")
    assert "检查了 6 个文件：2 个错误，1 个警告。检查时间：2024-10-01 10:00（北京时间）。" in text
    assert "❌ 有错误" in text

    findings = _table(text, "问题清单")
    late_line = line_of(texts[kit.LATE_PATH], kit.LATE_AT)
    assert findings[0][:3] == [f"{kit.LATE_PATH}:{late_line}", "❌ 错误", "YQ301 grave-oral-report"]
    assert "超时 5分钟" in findings[0][3]
    assert [row[2].split()[0] for row in findings] == ["YQ301", "YQ311", "YQ307"]

    due = _table(text, "逾期和即将到期事项（谁、在什么时间前、做什么）")
    assert [row[1] for row in due] == ["2024-08-26 09:35", "2024-09-27 17:00", "2024-09-30（当天内）",
                                       "2024-10-01 10:20", "2024-10-02 09:50"]
    who, when, what, incident, state = due[1]
    assert who == "局办公室、基层政权科（王芳、赵磊、马强、林小红）"
    assert what.startswith("复盘评估（办结后 7 天内）")
    assert incident.startswith(f"{kit.NO_REVIEW_ID} 村委会换届选举程序遭网民质疑")
    assert state == "YQ307 逾期未做，已逾期 3天17小时"
    assert due[3][4] == "YQ303 即将到期"


def test_clean_result(repo):
    for path, text in files_of(review(kit.LATE_ID)).items():
        repo.write(path, text)
    repo.write(kit.LATE_PATH, files_of(kit.late_grave())[kit.LATE_PATH].replace(kit.LATE_AT, "2024-08-26 09:30"))
    text = MarkdownReporter().render(run(repo, kit.NOW))
    assert "✅ 没有错误" in text and "没有发现问题。" in text and "当前没有逾期或即将到期的事项。" in text


def test_cells_cannot_break_the_table_or_inject_html():
    assert cell("a | b\nc") == "a \\| b c"
    assert cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_long_tables_are_cut(repo, monkeypatch):
    kit.write(repo.root)
    monkeypatch.setattr("yuqing.reporters.markdown.MAX_ROWS", 2)
    text = MarkdownReporter().render(run(repo, kit.NOW))
    assert "……另有 1 条未列出" in text and "……另有 3 条未列出" in text
    assert MAX_ROWS >= 100


def test_cli_writes_the_summary(repo, tmp_path):
    kit.write(repo.root)
    target = tmp_path / "summary.md"
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["check", "--root", str(repo.root), "--now", kit.NOW, "--format", "markdown",
                         "--output", str(target)])
    assert code == 1
    assert target.read_text(encoding="utf-8") == MarkdownReporter().render(run(repo, kit.NOW))


def test_a_cell_holds_no_link_image_or_markup_whatever_the_record_says():
    import markdown

    hostile = "![跟踪](https://evil.example/t.png) [点我](https://evil.example/) <img src=x onerror=alert(1)> a|b \\[x]"
    table = f"| 说明 |\n|---|\n| {cell(hostile)} |\n"
    rendered = markdown.markdown(table, extensions=["tables"])
    assert "<img" not in rendered and "<a " not in rendered and "evil.example" in rendered
    assert rendered.count("<td>") == 1  # the pipe did not split the cell
