"""Spreadsheets in and out, for every app: the one place that reads and writes CSV and XLSX files.

``reading``: an uploaded file's rows, held to the IMPORT_MAX_* settings (``xlsx``: the first sheet of a
workbook, streamed in bounded memory). ``writing``: the CSV and XLSX files the app hands out, formulas
neutralised.
"""

from .reading import (
    FileRefused,
    NotASpreadsheet,
    SpreadsheetFile,
    check_size,
    too_many_rows,
)
from .writing import csv_bytes, csv_response, neutralize, xlsx_response

__all__ = [
    "FileRefused",
    "NotASpreadsheet",
    "SpreadsheetFile",
    "check_size",
    "csv_bytes",
    "csv_response",
    "neutralize",
    "too_many_rows",
    "xlsx_response",
]
