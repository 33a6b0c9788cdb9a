"""The files the bureau keeps and reads: the ledger (舆情台账) as a workbook or CSV.

:mod:`yuqing.export.ledger` turns a check's result into sheets of typed cells (pure);
:mod:`yuqing.export.writers` writes them as .xlsx (XlsxWriter) or .csv. ``yuqing export`` and the
site's download (``downloads/ledger.xlsx``) both go through :func:`workbook`.
"""

from __future__ import annotations

from yuqing.export.ledger import Book, ledger
from yuqing.export.writers import csv_bytes, xlsx_bytes

__all__ = ["Book", "csv_bytes", "ledger", "workbook", "xlsx_bytes"]


def workbook(org, policy, result, compliance, *, site=None) -> bytes:
    """The ledger of ``result`` (the incidents of ``compliance.window``) as .xlsx bytes."""
    return xlsx_bytes(ledger(org, policy, result, compliance, site=site))
