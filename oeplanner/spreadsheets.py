"""Spreadsheets in and out: the limits and decoding of uploaded files, and the CSV and XLSX files
the app hands out.

Every upload is held to the same IMPORT_MAX_* settings. Every CSV and XLSX the app hands out goes
through here, so none can carry a formula.

A cell a spreadsheet would run as a formula gets a leading apostrophe: one that starts with
tab or carriage return, or whose first character after any whitespace or line break is ``=``,
``+``, ``-``, ``@`` or their full-width forms ``＝ ＋ － ＠`` (some spreadsheet programs trim the
whitespace, or read full-width signs as their ASCII ones). Numbers and dates stay as they are.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_STARTS = (*FORMULA_SIGNS, "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FileRefused(Exception):
    """The file cannot be imported at all; the message says why, for the person who sent it."""


def check_size(size):
    limit = settings.IMPORT_MAX_FILE_MB * 1024 * 1024
    if size > limit:
        raise FileRefused(
            _("The file is %(size)s MB; files up to %(max)s MB can be imported. Split it into smaller files.")
            % {"size": round(size / 1024 / 1024, 1), "max": settings.IMPORT_MAX_FILE_MB}
        )


def too_many_rows(rows):
    return FileRefused(
        _("The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it into smaller files.")
        % {"max": settings.IMPORT_MAX_ROWS, "rows": rows}
    )


def decode_text(data):
    """Text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_csv(data):
    """The non-blank rows of a small uploaded CSV file (comma, semicolon or tab), held to the limits."""
    check_size(len(data))
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if len(rows) > settings.IMPORT_MAX_ROWS + 1:  # the header row is not counted
        raise too_many_rows(len(rows) - 1)
    return rows


def neutralize(value):
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_SIGNS)):
        return "'" + value
    return value


def safe_rows(rows):
    for row in rows:
        yield [
            neutralize(str(cell) if not isinstance(cell, int | float) and cell is not None else cell) for cell in row
        ]


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(safe_rows(rows))
    # A BOM lets spreadsheet programs read accents in UTF-8 correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, sheet_title="Sheet"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    for row in safe_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_response(rows, filename):
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename, sheet_title="Sheet"):
    response = HttpResponse(xlsx_bytes(rows, sheet_title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
