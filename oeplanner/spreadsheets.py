"""Every CSV and XLSX the app hands out goes through here, so none can carry a formula.

A cell a spreadsheet would run as a formula gets a leading apostrophe: one that starts with
tab or carriage return, or whose first character after any whitespace or line break is ``=``,
``+``, ``-``, ``@`` or their full-width forms ``＝ ＋ － ＠`` (some spreadsheet programs trim the
whitespace, or read full-width signs as their ASCII ones). Numbers and dates stay as they are.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_STARTS = (*FORMULA_SIGNS, "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
