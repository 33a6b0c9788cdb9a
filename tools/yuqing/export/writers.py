"""The ledger's file formats: an .xlsx workbook (XlsxWriter) and a .csv of its first sheet.

Both return bytes, so that the command writes them where it is told (and an unwritable file
is the command's plain OSError) and the site adds them to its files.

The workbook is reproducible: its creation date is the check's "now" (XlsxWriter writes the
zip entries with a fixed date), so the same records at the same moment give the same bytes.
Text is always written as text (never a formula or a link), times as date-time cells.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import xlsxwriter

from yuqing.export.ledger import DATE, NUMBER, PERCENT, TIME, Book, Sheet

TIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
HEADER_COLOUR = "#DCE6F1"
DRILL_COLOUR = "#EDEDED"
EXCEL_TEXT_LIMIT = 32767  # characters a cell holds
# A CSV cell starting with one of these is read by Excel as a formula: such text gets a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Formats:
    """The workbook's cell formats, one per (column kind, wrap, row mark), made on first use."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache: dict[tuple, object] = {}

    def get(self, kind: str, wrap: bool = False, mark: str | None = None, header: bool = False):
        key = (kind, wrap, mark, header)
        if key not in self.cache:
            spec: dict = {"valign": "top", "font_name": "宋体", "font_size": 11}
            if header:
                spec.update(bold=True, bg_color=HEADER_COLOUR, border=1, text_wrap=True, valign="vcenter")
            if kind == TIME:
                spec["num_format"] = TIME_FORMAT
            elif kind == DATE:
                spec["num_format"] = DATE_FORMAT
            elif kind == PERCENT:
                spec["num_format"] = PERCENT_FORMAT
            if wrap:
                spec["text_wrap"] = True
            if mark == "drill":
                spec.update(bg_color=DRILL_COLOUR, font_color="#595959")
            self.cache[key] = self.workbook.add_format(spec)
        return self.cache[key]


_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (for every date after 1900-02-28, which is all a ledger holds)


def excel_serial(value: date) -> float:
    """A date or (naive) time as Excel's serial number of days: what ``write_datetime`` stores, a lot faster."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    delta = moment.replace(tzinfo=None) - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400


def _write_cell(worksheet, row: int, col: int, value, fmt) -> None:
    if value is None or value == "":
        worksheet.write_blank(row, col, None, fmt)
    elif isinstance(value, date):  # datetime too: a number with a date format is a date-time cell
        worksheet.write_number(row, col, excel_serial(value), fmt)
    elif isinstance(value, bool):
        worksheet.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, col, value, fmt)
    else:
        worksheet.write_string(row, col, str(value)[:EXCEL_TEXT_LIMIT], fmt)


def _write_sheet(workbook, formats: _Formats, sheet: Sheet) -> None:
    worksheet = workbook.add_worksheet(sheet.name)
    top = 0
    if sheet.preamble:
        label_format = workbook.add_format({"bold": True, "valign": "top", "font_name": "宋体"})
        text_format = workbook.add_format({"text_wrap": True, "valign": "top", "font_name": "宋体"})
        last = len(sheet.columns) - 1
        for label, text in sheet.preamble:
            _write_cell(worksheet, top, 0, label, label_format)
            worksheet.merge_range(top, 1, top, max(last, 1), "", text_format)
            worksheet.write_string(top, 1, text, text_format)
            if len(text) > 60:  # a long line (the definition) wraps over a few rows of the merged cell
                worksheet.set_row(top, 15 * (len(text) // 60 + 1))
            top += 1
        top += 1
    for col, column in enumerate(sheet.columns):
        worksheet.write_string(top, col, column.header, formats.get("text", header=True))
        worksheet.set_column(col, col, column.width)
    worksheet.set_row(top, 30)
    for index, (row, mark) in enumerate(zip(sheet.rows, sheet.marks, strict=True)):
        for col, (column, value) in enumerate(zip(sheet.columns, row, strict=True)):
            if column.kind == PERCENT and value is None:
                value = "—"
            _write_cell(worksheet, top + 1 + index, col, value, formats.get(column.kind, column.wrap, mark))
    worksheet.freeze_panes(top + 1, 0)
    worksheet.autofilter(top, 0, top + max(len(sheet.rows), 1), len(sheet.columns) - 1)


def xlsx_bytes(book: Book) -> bytes:
    """The book as an .xlsx workbook."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    created = book.created.astimezone(UTC).replace(tzinfo=None)
    workbook.set_properties({"title": book.title, "author": book.author, "company": book.author,
                             "created": created, "comments": "由 yuqing export 根据台账仓库的记录生成"})
    formats = _Formats(workbook)
    for sheet in book.sheets:
        _write_sheet(workbook, formats, sheet)
    workbook.close()
    return buffer.getvalue()


def _csv_text(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if kind == PERCENT and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if kind == NUMBER or isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(book: Book, bom: bool = True) -> bytes:
    """The book's first sheet as CSV: UTF-8 (with a byte-order mark, so Excel and WPS read it right), CRLF."""
    sheet = book.sheets[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_csv_text(value, column.kind) for column, value in zip(sheet.columns, row, strict=True)])
    return ("\ufeff" if bom else "").encode("utf-8") + out.getvalue().encode("utf-8")
