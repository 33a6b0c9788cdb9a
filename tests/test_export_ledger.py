"""The ledger as sheets of typed cells (yuqing.export.ledger): rows, columns, restricted records, masking, windows."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from recordkit import GRAVE_ID, changed, general, grave, to_markdown
from recordkit import path_of as record_path
from sitekit import DRILL_ID, NOW, PENDING_ID, RESTRICTED_ID, SECRETS, verdict_files
from yuqing.checking import parse_now, run_check
from yuqing.compliance import Window
from yuqing.export import csv_bytes, ledger, xlsx_bytes
from yuqing.export.ledger import (
    ACTIONS,
    EXCUSE_HIDDEN,
    LEDGER,
    NOT_SHOWN,
    NOTES,
    VERDICTS,
    ledger_columns,
    obligation_header,
)

#: A valid 18-digit 身份证号 (check digit right, real birth date) and a mobile number: both masked on the site.
ID_NUMBER = "330212198001011238"
MOBILE = "13812345678"
MASKED = ("3302**********1238", "138****5678")
PHONE_ID = "YZMZ-2024-0010"  # an internal record quoting a citizen's numbers
REGRADED_ID = "YZMZ-2024-0011"  # registered 较大, upgraded to 重大


def extra_records() -> dict[str, str]:
    quoted = general(id=PHONE_ID, title="来电反映补贴未到账",
                     summary=f"市民来电（{MOBILE}，身份证 {ID_NUMBER}）反映补贴未到账。")
    regraded = grave(id=REGRADED_ID, title="转发量上升后升级的事件")
    regraded["regradings"] = [{"at": "2024-08-26 09:21", "to": "重大", "by": "王芳", "reason": "转发量快速上升，升为重大"}]
    return {record_path(PHONE_ID): to_markdown(quoted), record_path(REGRADED_ID): to_markdown(regraded)}


def restricted_with_numbers(files: dict[str, str]) -> dict[str, str]:
    """The verdict repo's restricted record, its summary also quoting the citizen's numbers."""
    path = record_path(RESTRICTED_ID)
    files[path] = files[path].replace(SECRETS["summary"], f"{SECRETS['summary']}（{MOBILE}，{ID_NUMBER}）")
    return files


@pytest.fixture
def checked(repo):
    """(workspace, check) of the verdict repository plus the extra records, at sitekit's NOW."""
    files = restricted_with_numbers({**verdict_files(), **extra_records()})
    for path, text in files.items():
        repo.write(path, text)
    workspace = repo.workspace()
    return workspace, run_check(workspace, parse_now(NOW, workspace), verdicts=True, cache=False)


def book_of(checked, window: Window | None = None):
    workspace, check = checked
    return ledger(workspace.org, workspace.policy, check.result, check.compliance_in(window))


def every_cell(book) -> list:
    return [value for sheet in book.sheets for row in sheet.rows for value in row] + \
        [text for sheet in book.sheets for _, text in sheet.preamble]


def row_of(sheet, record_id: str) -> dict:
    rows = [dict(zip(sheet.headers, row, strict=True)) for row in sheet.rows if row[0] == record_id]
    assert len(rows) == 1, record_id
    return rows[0]


def test_one_row_per_incident_oldest_first(checked):
    workspace, check = checked
    sheet = book_of(checked).sheet(LEDGER)
    incidents = [r.model for r in check.result.records if r.kind == "incident"]
    assert len(sheet.rows) == len(incidents) == 11
    ids = [row[0] for row in sheet.rows]
    assert sorted(ids) == sorted(i.id for i in incidents)
    assert ids[-1] == PENDING_ID  # discovered last
    found = [r for r in sheet.rows if r[0] == PENDING_ID]
    assert found[0][sheet.headers.index("获知时间")] == datetime(2024, 10, 1, 9, 50)


def test_the_columns_of_design_9_with_one_per_obligation(checked):
    workspace, _ = checked
    headers = book_of(checked).sheet(LEDGER).headers
    assert headers[:16] == ["编号", "标题", "级别", "状态", "责任科室", "事发时间", "获知时间", "信息来源", "概况",
                            "首报时间", "首报用时", "书面报告时间", "上报", "回应时间", "办结时间", "复盘时间"]
    assert headers[16:-2] == [obligation_header(workspace.policy, code) for code in workspace.policy.obligations]
    assert "重大舆情口头报告（YQ301）" in headers
    assert headers[-2:] == ["情况说明", "演练"]
    assert [c.header for c in ledger_columns(workspace.policy)] == headers


def test_times_are_naive_local_datetimes_and_facts_read_like_the_site(checked):
    row = row_of(book_of(checked).sheet(LEDGER), GRAVE_ID)
    assert row["获知时间"] == datetime(2024, 8, 26, 9, 20) and row["获知时间"].tzinfo is None
    assert row["事发时间"] == datetime(2024, 8, 26, 8, 40)
    assert row["首报时间"] == datetime(2024, 8, 26, 9, 30) and row["首报用时"] == "10分钟"
    assert row["书面报告时间"] == datetime(2024, 8, 26, 9, 45)
    assert row["回应时间"] == datetime(2024, 8, 26, 16, 30)
    assert row["办结时间"] == datetime(2024, 8, 28, 16, 0)
    assert row["复盘时间"] == datetime(2024, 9, 2, 14, 0)
    assert row["上报"] == "市民政局 2024-08-26 10:30"
    assert row["级别"] == "重大" and row["状态"] == "已办结" and row["信息来源"] == "微博"
    assert row["重大舆情口头报告（YQ301）"] == "按时 用时10分钟"  # the words of the site's badge
    assert row["一般舆情回应须经审核（YQ305）"] == "—"  # not an obligation of a 重大 incident
    assert row["演练"] == "否" and row["情况说明"] == ""


def test_a_regrading_shows_the_levels_held(checked):
    assert row_of(book_of(checked).sheet(LEDGER), REGRADED_ID)["级别"] == "重大（较大 → 重大）"


def test_restricted_records_give_facts_and_verdicts_only(checked):
    book = book_of(checked)
    row = row_of(book.sheet(LEDGER), RESTRICTED_ID)
    assert row["标题"] == "某福利院受限事件" and row["级别"] == "重大" and row["获知时间"] == datetime(2024, 8, 26, 9, 20)
    assert row["概况"] == NOT_SHOWN
    assert row["重大舆情口头报告（YQ301）"].startswith("已说明（超时")
    assert row["情况说明"] == EXCUSE_HIDDEN
    verdict = next(r for r in book.sheet(VERDICTS).rows if r[0] == RESTRICTED_ID and r[2] == "YQ301")
    assert verdict[6] == EXCUSE_HIDDEN
    action = next(r for r in book.sheet(ACTIONS).rows if r[0] == RESTRICTED_ID)
    assert action[1] == NOT_SHOWN and action[2] == "区社会福利院"  # a unit of org.yml, shown as on the site
    for value in every_cell(book):
        for secret in list(SECRETS.values()) + [MOBILE, ID_NUMBER, "冯丽"]:
            assert not (isinstance(value, str) and secret in value), (secret, value)


def test_personal_data_is_masked_as_on_the_site(checked):
    row = row_of(book_of(checked).sheet(LEDGER), PHONE_ID)
    assert all(masked in row["概况"] for masked in MASKED)
    assert MOBILE not in row["概况"] and ID_NUMBER not in row["概况"]


def test_excuses_of_internal_records_are_given(checked):
    row = row_of(book_of(checked).sheet(LEDGER), "YZMZ-2024-0007")
    assert row["情况说明"].startswith("YQ310：") and "终报由局办公室口头转达" in row["情况说明"]


def test_drills_are_marked(checked):
    sheet = book_of(checked).sheet(LEDGER)
    index = [row[0] for row in sheet.rows].index(DRILL_ID)
    assert sheet.rows[index][-1] == "是" and sheet.marks[index] == "drill"
    assert {mark for row, mark in zip(sheet.rows, sheet.marks, strict=True) if row[0] != DRILL_ID} == {None}


def test_every_verdict_has_a_row(checked):
    workspace, check = checked
    sheet = book_of(checked).sheet(VERDICTS)
    assert sheet.headers == ["编号", "义务", "规则", "时限", "完成时间", "结论", "情况说明", "演练"]
    assert len(sheet.rows) == sum(len(v) for v in check.result.verdicts.values())
    late = next(r for r in sheet.rows if r[0] == "YZMZ-2024-0004" and r[2] == "YQ301")
    assert late[3] == datetime(2024, 8, 26, 9, 35) and late[4] == datetime(2024, 8, 26, 9, 40)
    assert late[5] == "超时5分钟"


def test_review_actions_with_their_state(checked):
    sheet = book_of(checked).sheet(ACTIONS)
    assert sheet.headers[:6] == ["编号", "整改措施", "责任人", "期限", "完成时间", "状态"]
    rows = [r for r in sheet.rows if r[0] == GRAVE_ID]
    assert [r[1] for r in rows] == ["修订护理规范", "开展全员培训", "建立回访制度"]
    assert rows[0][3:5] == [date(2024, 9, 30), date(2024, 9, 20)] and rows[0][5].startswith("已完成")
    assert rows[1][5] == "逾期 16 天未完成"


def test_the_notes_sheet_has_the_definition_and_the_figures(checked):
    from yuqing.compliance import DEFINITION

    workspace, check = checked
    notes = book_of(checked).sheet(NOTES)
    assert ("统计口径", DEFINITION) in notes.preamble
    figures = {(row[0], row[1], row[2]): row for row in notes.rows}
    total = check.compliance.real.total
    assert figures[("实际事件", "合计", "全部")][3:] == [check.compliance.real.incidents, total.decided, total.met,
                                                   total.late, total.missing, total.excused, total.pending, total.rate]
    assert figures[("演练", "合计", "全部")][3] == 1
    assert ("实际事件", "按规则", "YQ301 重大舆情口头报告") in figures


def test_a_window_keeps_the_incidents_discovered_within_it(checked):
    book = book_of(checked, Window(date(2024, 10, 1), None))
    assert [row[0] for row in book.sheet(LEDGER).rows] == [PENDING_ID]
    assert book.sheet(ACTIONS).rows == []
    assert ("统计范围", "获知时间 2024-10-01 起，共 1 件（含演练）") in book.sheet(NOTES).preamble
    book = book_of(checked, Window(date(2024, 8, 1), date(2024, 8, 31)))
    assert PENDING_ID not in [row[0] for row in book.sheet(LEDGER).rows]
    assert len(book.sheet(LEDGER).rows) == 10


def test_the_workbook_is_the_same_for_the_same_check(checked):
    assert xlsx_bytes(book_of(checked)) == xlsx_bytes(book_of(checked))


def test_csv_guards_against_formulas(repo):
    repo.write(record_path(GRAVE_ID), to_markdown(changed(grave(), "title", "=HYPERLINK(\"x\")某事件")))
    workspace = repo.workspace()
    check = run_check(workspace, parse_now(NOW, workspace), verdicts=True, cache=False)
    text = csv_bytes(ledger(workspace.org, workspace.policy, check.result, check.compliance)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text



# --- the sheets of signals and trainings (issue 16) --------------------------------------------

def signal_text(number: int, noticed: str, assessments: str = "", **extra) -> str:
    lines = [f"id: YZMZ-YJ-2024-{number:04d}", f"noticed_at: {noticed}", "noticed_by: 赵磊", "section: 局办公室",
             "source:", "  channel: 微博", f"summary: {extra.pop('summary', '网民发帖询问养老补贴发放时间。')}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    lines.append("assessments:" + (assessments if assessments else " []"))
    return "---\n" + "\n".join(lines) + "\n---\n"


def assessment(at: str, conclusion: str, by: str = "王芳") -> str:
    return f"\n  - at: {at}\n    by: {by}\n    conclusion: {conclusion}\n    note: 研判意见。"


def signal_files() -> dict[str, str]:
    """Four signals at sitekit's NOW (2024-10-01 10:00): assessed in time (then turned into the drill incident),
    assessed late, never assessed (past due), fresh (not due); one restricted quoting a citizen's numbers;
    a signal of 2023, out of a 2024 window; two trainings."""
    def path(number: int, year: int = 2024) -> str:
        return f"monitoring/{year}/YZMZ-YJ-{year}-{number:04d}.md"

    return {
        path(1): signal_text(1, "2024-08-20 09:00", assessment("2024-08-20 10:00", "持续关注")
                             + assessment("2024-08-21 10:00", "转为事件"), incident=DRILL_ID),
        path(2): signal_text(2, "2024-09-01 09:00", assessment("2024-09-03 09:30", "不构成舆情")),
        path(3): signal_text(3, "2024-09-20 09:00", summary=f"市民（{MOBILE}）反映低保被取消。",
                             visibility="restricted"),
        path(4): signal_text(4, "2024-10-01 08:00", summary=f"来电 {MOBILE} 询问救助站地址。"),
        "monitoring/2023/YZMZ-YJ-2023-0001.md": signal_text(1, "2023-12-01 09:00").replace("2024-0001", "2023-0001"),
        "trainings/2024/2024-09-10-舆情应对培训.md": (
            "---\nheld_at: 2024-09-10 14:30\norganizer: 局办公室\ntopic: 舆情应对培训\nkind: 培训班\n"
            f"attendees: [王芳, 赵磊, 李明]\n---\n\n讲授人电话 {MOBILE}。\n"),
        "trainings/2024/2024-06-05-演练讲评.md": (
            "---\nheld_at: 2024-06-05 09:00\norganizer: 养老服务科\ntopic: 演练讲评\nkind: 演练讲评\n"
            "attendees: [刘洋]\n---\n"),
    }


@pytest.fixture
def checked_signals(repo):
    """(workspace, check) of the verdict repository plus :func:`signal_files`, at sitekit's NOW."""
    for path, text in {**verdict_files(), **signal_files()}.items():
        repo.write(path, text)
    workspace = repo.workspace()
    check = run_check(workspace, parse_now(NOW, workspace), verdicts=True, cache=False)
    # valid records; the citizen's numbers are YQ501's errors, and the ledger masks them all the same
    assert not [f for f in check.result.findings if f.path.startswith(("monitoring/", "trainings/"))
                and f.level == "error" and f.rule != "YQ501"]
    return workspace, check


def test_the_signals_sheet(checked_signals):
    from yuqing.export.ledger import SIGNALS

    sheet = book_of(checked_signals).sheet(SIGNALS)
    assert sheet.headers == ["编号", "发现时间", "发现人", "科室", "来源", "概要", "研判次数", "最新结论", "首次研判时间",
                             "是否按时研判", "转为事件"]
    assert [row[0] for row in sheet.rows] == ["YZMZ-YJ-2023-0001"] + [f"YZMZ-YJ-2024-000{n}" for n in (1, 2, 3, 4)]
    first = row_of(sheet, "YZMZ-YJ-2024-0001")
    assert first == {"编号": "YZMZ-YJ-2024-0001", "发现时间": datetime(2024, 8, 20, 9, 0), "发现人": "赵磊",
                     "科室": "局办公室", "来源": "微博", "概要": "网民发帖询问养老补贴发放时间。", "研判次数": 2,
                     "最新结论": "转为事件", "首次研判时间": datetime(2024, 8, 20, 10, 0), "是否按时研判": "按时",
                     "转为事件": DRILL_ID}
    late = row_of(sheet, "YZMZ-YJ-2024-0002")
    assert late["是否按时研判"] == "超时 1天30分钟"
    assert late["最新结论"] == "不构成舆情" and late["转为事件"] == ""
    missing = row_of(sheet, "YZMZ-YJ-2024-0003")
    assert missing["是否按时研判"] == "超时未研判（时限 2024-09-21 09:00）"
    assert (missing["研判次数"], missing["最新结论"], missing["首次研判时间"]) == (0, "", None)
    assert row_of(sheet, "YZMZ-YJ-2024-0004")["是否按时研判"] == "待研判（2024-10-02 08:00 前）"


def test_restricted_signals_hide_their_summary_and_names_are_masked(checked_signals):
    from yuqing.export.ledger import SIGNALS

    book = book_of(checked_signals)
    restricted = row_of(book.sheet(SIGNALS), "YZMZ-YJ-2024-0003")
    assert restricted["概要"] == NOT_SHOWN and restricted["发现人"] == "（不公开）"
    assert restricted["科室"] == "局办公室" and restricted["来源"] == "微博"  # the facts stay
    assert row_of(book.sheet(SIGNALS), "YZMZ-YJ-2024-0004")["概要"] == "来电 138****5678 询问救助站地址。"
    cells = [str(value) for value in every_cell(book)]
    assert not any(MOBILE in value or "低保被取消" in value for value in cells)


def test_the_trainings_sheet(checked_signals):
    from yuqing.export.ledger import TRAININGS

    sheet = book_of(checked_signals).sheet(TRAININGS)
    assert sheet.headers == ["日期", "形式", "主题", "组织者", "参加人数", "参加人员"]
    assert sheet.rows == [[date(2024, 6, 5), "演练讲评", "演练讲评", "养老服务科", 1, "刘洋"],
                          [date(2024, 9, 10), "培训班", "舆情应对培训", "局办公室", 3, "王芳、赵磊、李明"]]


def test_a_window_keeps_the_signals_and_trainings_within_it(checked_signals):
    from yuqing.export.ledger import SIGNALS, TRAININGS

    book = book_of(checked_signals, Window(date(2024, 9, 1), date(2024, 9, 30)))
    assert [row[0] for row in book.sheet(SIGNALS).rows] == ["YZMZ-YJ-2024-0002", "YZMZ-YJ-2024-0003"]
    assert [row[2] for row in book.sheet(TRAININGS).rows] == ["舆情应对培训"]
    assert "YQ314" in dict(book.sheet(NOTES).preamble)["预警信息"]


def test_the_signal_sheets_reach_the_workbook(checked_signals):
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(book_of(checked_signals))))
    rows = list(book["预警信息"].iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 6
    assert rows[2][1] == datetime(2024, 8, 20, 9, 0) and rows[2][6] == 2
    assert list(book["培训记录"].iter_rows(values_only=True))[2][:5] == (
        datetime(2024, 9, 10), "培训班", "舆情应对培训", "局办公室", 3)
