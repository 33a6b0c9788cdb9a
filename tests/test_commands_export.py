"""``yuqing export``: the ledger workbook read back with openpyxl, the CSV, the window, the errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from sitekit import DRILL_ID, NOW, PENDING_ID, RESTRICTED_ID, SECRETS, verdict_files
from test_export_ledger import ID_NUMBER, MASKED, MOBILE, PHONE_ID, extra_records, restricted_with_numbers
from yuqing.cli import main
from yuqing.compliance import DEFINITION

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("YUQING_UPDATE_SNAPSHOTS") == "1"
INCIDENTS = 11  # sitekit's nine and test_export_ledger's two


@pytest.fixture
def ledger_repo(repo):
    """The verdict repository (restricted record quoting a citizen's numbers, a drill) plus two records."""
    for path, text in restricted_with_numbers({**verdict_files(), **extra_records()}).items():
        repo.write(path, text)
    return repo


def export(capsys, repo, *args) -> tuple[int, str, str]:
    code = main(["export", "--root", str(repo.root), "--now", NOW, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def stats_json(capsys, repo, *args) -> dict:
    assert main(["stats", "--root", str(repo.root), "--now", NOW, "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def table(worksheet, header_row: int = 1) -> list[dict]:
    rows = list(worksheet.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def workbook(capsys, repo, tmp_path, *args):
    target = tmp_path / "ledger.xlsx"
    code, out, err = export(capsys, repo, "-o", target, *args)
    assert code == 0, err
    assert "已导出" in out and str(target) in out
    return openpyxl.load_workbook(target)


def test_the_workbook_has_one_row_per_incident_and_chinese_headers(ledger_repo, capsys, tmp_path):
    book = workbook(capsys, ledger_repo, tmp_path)
    assert book.sheetnames == ["舆情台账", "时限核查", "整改措施", "预警信息", "培训记录", "说明"]
    sheet = book["舆情台账"]
    rows = table(sheet)
    assert len(rows) == INCIDENTS
    assert len({row["编号"] for row in rows}) == INCIDENTS
    headers = list(rows[0])
    for header in ("编号", "标题", "级别", "状态", "责任科室", "事发时间", "获知时间", "信息来源", "概况", "首报时间",
                   "首报用时", "书面报告时间", "上报", "回应时间", "办结时间", "复盘时间", "重大舆情口头报告（YQ301）",
                   "情况说明", "演练"):
        assert header in headers
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}{INCIDENTS + 1}"
    assert sheet.column_dimensions["B"].width > 20  # 标题 is wide
    assert book.properties.created == datetime(2024, 10, 1, 2, 0)  # the check's now (UTC): the same bytes each build


def test_times_are_date_time_cells(ledger_repo, capsys, tmp_path):
    sheet = workbook(capsys, ledger_repo, tmp_path)["舆情台账"]
    column = [cell.value for cell in sheet[1]].index("获知时间") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, INCIDENTS + 2)]
    assert all(isinstance(cell.value, datetime) for cell in cells)
    assert {cell.number_format for cell in cells} == {"yyyy-mm-dd hh:mm"}
    pending = next(r for r in table(sheet) if r["编号"] == PENDING_ID)
    assert pending["获知时间"] == datetime(2024, 10, 1, 9, 50)  # local time, as the record says


def test_restricted_narrative_and_personal_data_are_absent(ledger_repo, capsys, tmp_path):
    book = workbook(capsys, ledger_repo, tmp_path)
    texts = [str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for value in row if value is not None]
    for secret in [*SECRETS.values(), MOBILE, ID_NUMBER]:
        assert not any(secret in text for text in texts), secret
    rows = {row["编号"]: row for row in table(book["舆情台账"])}
    assert rows[RESTRICTED_ID]["概况"] == "（受限记录，不公开）"
    assert rows[RESTRICTED_ID]["重大舆情口头报告（YQ301）"].startswith("已说明")  # verdicts are facts
    assert all(masked in rows[PHONE_ID]["概况"] for masked in MASKED)


def test_drills_are_marked(ledger_repo, capsys, tmp_path):
    sheet = workbook(capsys, ledger_repo, tmp_path)["舆情台账"]
    rows = table(sheet)
    assert [row["编号"] for row in rows if row["演练"] == "是"] == [DRILL_ID]
    index = [row["编号"] for row in rows].index(DRILL_ID) + 2
    assert sheet.cell(row=index, column=1).fill.fgColor.rgb.endswith("EDEDED")
    assert not sheet.cell(row=2 if index != 2 else 3, column=1).fill.fgColor.rgb.endswith("EDEDED")


def _notes_figures(sheet) -> dict:
    """{"incidents"/"drills": {"total"/"by_level"/…: {key: {met, late, …}}}} read from the 说明 sheet."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "类别")
    groups = {"合计": "total", "按级别": "by_level", "按科室": "by_section", "按规则": "by_rule", "按年份": "by_year"}
    out: dict = {"incidents": {}, "drills": {}}
    for row in rows[start + 1:]:
        kind = "incidents" if row[0] == "实际事件" else "drills"
        tally = {"met": row[5], "late": row[6], "missing": row[7], "excused": row[8], "pending": row[9],
                 "rate": None if row[10] == "—" else round(row[10], 6)}
        if row[1] == "合计":
            out[kind]["total"] = tally
            out[kind]["count"] = row[3]
        else:
            key = row[2].split(" ")[0] if row[1] == "按规则" else row[2]
            out[kind].setdefault(groups[row[1]], {})[key] = tally
    return out


@pytest.mark.parametrize("window", [[], ["--from", "2024-08-01", "--to", "2024-08-31"], ["--quarter", "2024Q4"]])
def test_the_notes_figures_are_those_of_stats(ledger_repo, capsys, tmp_path, window):
    book = workbook(capsys, ledger_repo, tmp_path, *window)
    expected = stats_json(capsys, ledger_repo, *window)
    notes = book["说明"]
    labels = {row[0]: row[1] for row in notes.iter_rows(values_only=True) if row[0]}
    assert labels["统计口径"] == DEFINITION
    figures = _notes_figures(notes)
    for kind in ("incidents", "drills"):
        for group in ("by_level", "by_section", "by_rule", "by_year"):
            figures[kind].setdefault(group, {})
        assert figures[kind] == expected[kind]


def test_stats_json_states_its_window(ledger_repo, capsys):
    data = stats_json(capsys, ledger_repo, "--from", "2024-10-01", "--to", "2024-12-31")
    assert data["window"] == {"from": "2024-10-01", "to": "2024-12-31"}
    assert data["incidents"]["count"] == 1  # the pending one, discovered on 2024-10-01
    assert stats_json(capsys, ledger_repo, "--quarter", "2024Q4") == data
    assert stats_json(capsys, ledger_repo, "--from", "2024年10月1日", "--to", "2024/12/31") == data
    year = stats_json(capsys, ledger_repo, "--year", "2024")
    assert year["window"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert year["incidents"]["count"] == stats_json(capsys, ledger_repo)["incidents"]["count"]
    assert main(["stats", "--root", str(ledger_repo.root), "--now", NOW, "--quarter", "2024Q4"]) == 0
    assert "统计范围：获知时间 2024-10-01 至 2024-12-31" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "expected"), [
    (["--from", "2024-10-01"], [PENDING_ID]),
    (["--to", "2024-08-31"], None),  # all but the pending one
    (["--from", "2025-01-01", "--to", "2025-12-31"], []),
])
def test_from_and_to_limit_the_incidents(ledger_repo, capsys, tmp_path, args, expected):
    rows = table(workbook(capsys, ledger_repo, tmp_path, *args)["舆情台账"])
    ids = [row["编号"] for row in rows]
    if expected is None:
        assert len(ids) == INCIDENTS - 1 and PENDING_ID not in ids
    else:
        assert ids == expected


def test_csv_is_the_first_sheet_in_utf8_with_bom(ledger_repo, capsys, tmp_path):
    target = tmp_path / "台账.csv"
    code, _, err = export(capsys, ledger_repo, "-o", target)  # the format follows the file name
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "标题", "级别"] and rows[0][-1] == "演练"
    assert len(rows) == INCIDENTS + 1
    grave = next(row for row in rows if row[0] == "YZMZ-2024-0001")
    assert grave[rows[0].index("获知时间")] == "2024-08-26 09:20"
    assert MOBILE not in data.decode("utf-8-sig") and SECRETS["summary"] not in data.decode("utf-8-sig")


def test_csv_to_stdout(ledger_repo, capsysbinary):
    code = main(["export", "--root", str(ledger_repo.root), "--now", NOW, "--format", "csv", "-o", "-"])
    out = capsysbinary.readouterr().out
    assert code == 0
    assert out.decode("utf-8").startswith("编号,标题,")  # no byte-order mark for a program reading the output
    assert len(out.decode("utf-8").splitlines()) == INCIDENTS + 1


def test_the_default_file_is_in_the_current_directory(ledger_repo, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = export(capsys, ledger_repo)
    assert code == 0 and (tmp_path / "舆情台账.xlsx").is_file() and "舆情台账.xlsx" in out
    code, out, _ = export(capsys, ledger_repo, "--quarter", "2024Q3", "--format", "csv")
    assert code == 0 and (tmp_path / "舆情台账_2024-07-01_2024-09-30.csv").is_file()


@pytest.mark.parametrize(("args", "words"), [
    (["--from", "2024-13-01"], "--from 的日期“2024-13-01”无法识别"),
    (["--to", "昨天"], "--to 的日期“昨天”无法识别"),
    (["--from", "2024-10-01", "--to", "2024-09-01"], "晚于"),
    (["--quarter", "2024Q5"], "--quarter 的季度“2024Q5”无法识别"),
    (["--year", "24"], "--year 的年份“24”无法识别"),
    (["--year", "2024", "--from", "2024-01-01"], "只能选一种写法"),
    (["--format", "docx"], "无效"),
    (["-o", "-"], "Excel 工作簿不能输出到屏幕"),
])
def test_bad_arguments_are_told_in_chinese_with_exit_2(ledger_repo, capsys, args, words):
    try:
        code, _, err = export(capsys, ledger_repo, *args)
    except SystemExit as exit_:  # argparse's own errors (an unknown format)
        code, err = exit_.code, capsys.readouterr().err
    assert code == 2
    assert words in err
    assert "Traceback" not in err


def test_an_unwritable_file_is_told_in_chinese_with_exit_2(ledger_repo, capsys, tmp_path):
    code, _, err = export(capsys, ledger_repo, "-o", tmp_path / "no-such-dir" / "台账.xlsx")
    assert code == 2
    assert "无法读写文件" in err and "台账.xlsx" in err
    code, _, err = export(capsys, ledger_repo, "-o", tmp_path)  # a directory
    assert code == 2 and "无法读写文件" in err


def test_the_help_is_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "导出舆情台账" in out or "--quarter" in out
    assert "只统计一个季度" in out and "文件格式" in out


def test_the_ledger_header_row_snapshot(ledger_repo, capsys, tmp_path):
    """The first sheet's header row, one header a line (``YUQING_UPDATE_SNAPSHOTS=1`` rewrites it)."""
    sheet = workbook(capsys, ledger_repo, tmp_path)["舆情台账"]
    text = "\n".join(str(cell.value) for cell in sheet[1]) + "\n"
    path = SNAPSHOTS / "export.ledger.header.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path}; create it with YUQING_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), "header row differs from the snapshot (YUQING_UPDATE_SNAPSHOTS=1)"


def test_a_record_that_fails_the_check_is_named_not_listed(ledger_repo, capsys, tmp_path):
    ledger_repo.write("incidents/2024/YZMZ-2024-0099.md", "---\nid: YZMZ-2024-0099\nlevel: 特大\n---\n")
    target = tmp_path / "ledger.xlsx"
    code, _, err = export(capsys, ledger_repo, "-o", target)
    assert code == 0
    assert "1 份事件记录未通过检查" in err and "YZMZ-2024-0099" in err
    notes = {row[0]: row[1] for row in openpyxl.load_workbook(target)["说明"].iter_rows(values_only=True) if row[0]}
    assert "YZMZ-2024-0099" in notes["未列入"]
    assert len(table(openpyxl.load_workbook(target)["舆情台账"])) == INCIDENTS


def test_the_workbook_lists_signals_and_trainings(repo, capsys, tmp_path):
    """yuqing export: the sheets 预警信息 and 培训记录, read back; a restricted summary and a citizen's number absent."""
    from test_export_ledger import signal_files

    for path, text in {**verdict_files(), **signal_files()}.items():
        repo.write(path, text)
    book = workbook(capsys, repo, tmp_path, "--year", "2024")
    signals = table(book["预警信息"])
    assert [row["编号"] for row in signals] == [f"YZMZ-YJ-2024-000{n}" for n in (1, 2, 3, 4)]
    assert signals[0]["发现时间"] == datetime(2024, 8, 20, 9, 0) and signals[0]["转为事件"] == DRILL_ID
    assert [row["是否按时研判"] for row in signals] == ["按时", "超时 1天30分钟", "超时未研判（时限 2024-09-21 09:00）",
                                                  "待研判（2024-10-02 08:00 前）"]
    assert signals[2]["概要"] == "（受限记录，不公开）"
    trainings = table(book["培训记录"])
    assert [(row["日期"], row["参加人数"], row["参加人员"]) for row in trainings] == [
        (datetime(2024, 6, 5), 1, "刘洋"), (datetime(2024, 9, 10), 3, "王芳、赵磊、李明")]
    texts = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any(MOBILE in text or "低保被取消" in text for text in texts)
