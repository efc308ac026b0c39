"""Reading an uploaded CSV or XLSX file: limits checked before parsing, then format, encoding, delimiter and rows.

Every import reads its rows here, held to the same IMPORT_MAX_* settings: the file's size and its count of lines
before anything is parsed, then each row and each cell as it is read, so that the text of a large file is never
held whole. What a row means is the importing app's business.
"""

import codecs
import csv
import io
import re
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

from . import xlsx

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DELIMITERS = [",", ";", "\t", "|"]


class FileRefused(Exception):
    """The file cannot be imported at all; the message says why, for the person who sent it."""


class NotASpreadsheet(FileRefused):
    """The file is empty, binary, or a format that cannot be read: no CSV or XLSX file at all."""


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


def cell_too_long(line, column=None):
    values = {"line": line, "column": column, "max": settings.IMPORT_MAX_CELL_CHARS}
    if column is None:
        message = _(
            "Line %(line)s holds a cell of more than %(max)s characters, more than a partner field can take: the "
            "file cannot be imported. Is it the right file?"
        )
    else:
        message = _(
            "Line %(line)s, column %(column)s holds more than %(max)s characters, more than a partner field can "
            "take: the file cannot be imported. Is it the right file?"
        )
    return FileRefused(message % values)


def too_many_columns(line, count):
    return FileRefused(
        _(
            "Line %(line)s has %(count)s columns; at most %(max)s can be imported. Delete the columns you don't "
            "need and upload the file again."
        )
        % {"line": line, "count": count, "max": settings.IMPORT_MAX_COLUMNS}
    )


def _workbook_refusal(error):
    if isinstance(error, xlsx.CellTooLong):
        return cell_too_long(error.row, error.column)
    if isinstance(error, xlsx.TooManyColumns):
        return too_many_columns(error.row, error.columns)
    if isinstance(error, xlsx.TooLarge):
        return FileRefused(
            _(
                "This Excel file unpacks to more than %(max)s MB; files up to %(max)s MB unpacked can be imported. "
                "Split it into smaller files."
            )
            % {"max": settings.IMPORT_MAX_EXPANDED_MB}
        )
    if isinstance(error, xlsx.DeclaresEntities):
        return FileRefused(
            _(
                "This Excel file declares its own XML entities, which spreadsheet programs never do: it is "
                "refused for safety."
            )
        )
    if isinstance(error, xlsx.Unreadable) and error.line:
        return FileRefused(
            _("This Excel file could not be read: its content is damaged (%(part)s, line %(line)s).")
            % {"part": error.part, "line": error.line}
        )
    return FileRefused(_("This Excel file could not be read: it may be damaged or protected by a password."))


def _encoding(data):
    """The encoding a CSV file was written in. The bytes are decoded piece by piece: the text of a large file is
    never held in memory whole."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data[:65536]:
        raise NotASpreadsheet(_("This file is not a CSV or XLSX file: it contains binary data."))
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 1 << 20):
                decoder.decode(data[start : start + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _detect_delimiter(sample_text):
    """The delimiter that splits the first lines into the most columns, the most consistently."""
    best, best_score = ",", (0, 0)
    lines = sample_text.splitlines()[:50]
    for delimiter in DELIMITERS:
        lengths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in row)]
        if not lengths:
            continue
        mode = max(set(lengths), key=lengths.count)
        if mode < 2:
            continue
        score = (lengths.count(mode) / len(lengths), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class SpreadsheetFile:
    """The rows of an uploaded CSV or XLSX file as lists of strings, each with its line (or sheet row) number.

    A new upload is checked against the size and line limits and its format, encoding and delimiter are found; a
    file read again (an import job's) is given what was found the first time."""

    def __init__(self, data, file_name="", *, file_format=None, encoding=None, delimiter=None):
        self.data = data if isinstance(data, bytes) else bytes(data)
        self.file_name = file_name
        if file_format is None:
            check_size(len(self.data))
            file_format, encoding, delimiter = self._detect()
            if file_format == "csv" and self.data.count(b"\n") > settings.IMPORT_MAX_ROWS + 1:
                raise too_many_rows(self.data.count(b"\n"))
        self.file_format, self.encoding, self.delimiter = file_format, encoding, delimiter

    def _detect(self):
        data, name = self.data, self.file_name.lower()
        if not data.strip():
            raise NotASpreadsheet(_("The file is empty."))
        if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
            raise NotASpreadsheet(_("Old Excel files (.xls) cannot be read. Save the sheet as .xlsx or CSV first."))
        if data.startswith(ZIP_MAGIC):
            return "xlsx", "", ""
        if name.endswith((".xlsx", ".xlsm")):
            raise NotASpreadsheet(_("This file is named .xlsx but is not an Excel workbook: it cannot be read."))
        encoding = _encoding(data)
        sample = data[:65536].decode(encoding, errors="ignore")
        if len(CONTROL_CHARS.findall(sample)) > max(3, len(sample) // 100):
            raise NotASpreadsheet(_("This file is not a CSV or XLSX file: it contains binary data."))
        return "csv", encoding, _detect_delimiter(sample)

    def rows(self):
        """(line number, cells) for every row that has a value, header included; empty cells at the end of a row
        are dropped. Each cell and each row is checked against the limits as it is read."""
        rows = self._workbook_rows() if self.file_format == "xlsx" else self._csv_rows()
        for count, row in enumerate(rows, start=1):
            if count > settings.IMPORT_MAX_ROWS + 1:  # a header row is not counted
                raise too_many_rows(count)
            yield row

    def _workbook_rows(self):
        try:
            yield from xlsx.rows(
                io.BytesIO(self.data),
                max_bytes=settings.IMPORT_MAX_EXPANDED_MB * 1024 * 1024,
                max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                max_columns=settings.IMPORT_MAX_COLUMNS,
                cell_text=_cell_text,
            )
        except xlsx.WorkbookError as error:
            raise _workbook_refusal(error) from None

    def _csv_rows(self):
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=self.delimiter, strict=False)
        line = 1
        try:
            for cells in reader:
                width = len(cells)
                while width and not cells[width - 1].strip():
                    width -= 1
                if width > settings.IMPORT_MAX_COLUMNS:
                    raise too_many_columns(line, width)
                for column, cell in enumerate(cells[:width], start=1):
                    if len(cell) > settings.IMPORT_MAX_CELL_CHARS:
                        raise cell_too_long(line, column)
                if width:
                    yield line, cells[:width]
                line = reader.line_num + 1
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                # The csv module's own cap (131,072 characters) stops a huge cell before it is held whole.
                raise cell_too_long(line) from None
            raise FileRefused(
                _("Line %(line)s could not be read (%(error)s). Is this a CSV file?") % {"line": line, "error": error}
            ) from None


def _cell_text(value):
    """The text of a typed workbook cell, as the import reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
