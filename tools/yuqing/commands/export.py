"""``yuqing export``: the ledger (舆情台账) as an Excel/WPS workbook or a CSV file.

One full check (the front door, with every verdict), the figures of the window asked for
(``--from``/``--to``, ``--quarter``, ``--year``: by discovery date in the org's zone), then
:mod:`yuqing.export`: the same workbook the site offers for download, for those incidents only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now, paused_gc, window_of
from yuqing.errors import UsageError
from yuqing.export import csv_bytes, ledger, xlsx_bytes
from yuqing.export.ledger import TITLE
from yuqing.i18n import Msg


def default_name(window, file_format: str) -> str:
    """``舆情台账.xlsx``, or with the window's days: ``舆情台账_2025-01-01_2025-03-31.xlsx``."""
    if window.whole:
        return f"{TITLE}.{file_format}"
    days = "_".join(day.isoformat() if day else "" for day in (window.start, window.end))
    return f"{TITLE}_{days}.{file_format}"


def run(args) -> int:
    window = window_of(args)
    output = args.output
    file_format = args.file_format or ("csv" if output and output.lower().endswith(".csv") else "xlsx")
    if output == "-" and file_format != "csv":
        raise UsageError(Msg("Excel 工作簿不能输出到屏幕：请用 -o 指定文件名，或用 --format csv -o - 输出 CSV。",
                             "a workbook cannot go to the screen: name a file with -o, or use --format csv -o -."))
    workspace = open_workspace(args)
    with paused_gc():
        check = run_check(workspace, parse_now(args.now, workspace), verdicts=True)
    compliance = check.compliance_in(window)
    book = ledger(workspace.org, workspace.policy, check.result, compliance)
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(csv_bytes(book, bom=False))
        sys.stdout.buffer.flush()
        return 0
    data = xlsx_bytes(book) if file_format == "xlsx" else csv_bytes(book)
    target = Path(output) if output else Path(default_name(window, file_format))
    target.write_bytes(data)
    count = len(book.sheets[0].rows)
    lang = args.lang
    if book.left_out:
        print((f"注意：{len(book.left_out)} 份事件记录未通过检查，没有列入台账（见“说明”表）："
               if lang != "en" else f"Note: {len(book.left_out)} incident records fail the check and are left out: ")
              + "、".join(book.left_out), file=sys.stderr)
    print(f"已导出 {count} 件事件（获知时间 {window.text()}）到 {target}。" if lang != "en" else
          f"Exported {count} incidents ({window.text('en')}) to {target}.")
    return 0
