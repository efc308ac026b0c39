"""The CSV and XLSX files the app hands out: one CSV writer and one XLSX writer, so that none can carry a formula.

A cell a spreadsheet would run as a formula gets a leading apostrophe: one that starts with
tab or carriage return, or whose first character after any whitespace or line break is ``=``,
``+``, ``-``, ``@`` or their full-width forms ``＝ ＋ － ＠`` (some spreadsheet programs trim the
whitespace, or read full-width signs as their ASCII ones). Numbers and dates stay as they are. An XLSX
file leaves out the control characters XML cannot hold.

A short file is built in memory; a long one (``streaming=True``) goes out a line at a time (CSV) or
from a temporary file (XLSX), whatever the number of rows.
"""

import csv
import io
import tempfile

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_STARTS = (*FORMULA_SIGNS, "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value):
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_SIGNS)):
        return "'" + value
    return value


def _safe_rows(rows):
    for row in rows:
        yield [
            neutralize(str(cell) if not isinstance(cell, int | float) and cell is not None else cell) for cell in row
        ]


class _Echo:
    """A file that hands back what is written to it: the csv module's writer then returns each line."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The lines of a CSV file, the first behind a BOM that lets spreadsheet programs read accents in UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in _safe_rows(rows):
        yield writer.writerow(row)


def write_xlsx(rows, file, sheet_title="Sheet"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    for row in _safe_rows(rows):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
    workbook.save(file)


def csv_bytes(rows):
    return "".join(csv_lines(rows)).encode("utf-8")


def xlsx_bytes(rows, sheet_title="Sheet"):
    out = io.BytesIO()
    write_xlsx(rows, out, sheet_title)
    return out.getvalue()


def csv_response(rows, filename, *, streaming=False):
    if streaming:
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(rows, filename, sheet_title="Sheet", *, streaming=False):
    if streaming:
        spool = tempfile.TemporaryFile()
        write_xlsx(rows, spool, sheet_title)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
    response = HttpResponse(xlsx_bytes(rows, sheet_title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
