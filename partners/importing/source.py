"""Reading an uploaded file: limits checked before parsing, format, encoding, delimiter and header row."""

import codecs
import csv
import io
import re
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

from oeplanner.spreadsheets import FileRefused, check_size, too_many_rows

from ..models import normalize_name
from . import xlsx
from .fields import column_aliases

HEADER_SAMPLE_ROWS = 100
# Sample values are kept for the mapping page: a long cell is stored and shown cut to this.
SAMPLE_CHARS = 200


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DELIMITERS = [",", ";", "\t", "|"]


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
        raise FileRefused(_("This file is not a CSV or XLSX file: it contains binary data."))
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


class SourceFile:
    """The rows of an uploaded file as lists of strings, each with its line (or sheet row) number."""

    def __init__(self, data, file_name, *, file_format=None, encoding=None, delimiter=None):
        self.data = data if isinstance(data, bytes) else bytes(data)
        self.file_name = file_name
        if file_format is None:
            file_format, encoding, delimiter = self._detect()
        self.file_format, self.encoding, self.delimiter = file_format, encoding, delimiter

    def _detect(self):
        data, name = self.data, self.file_name.lower()
        if not data.strip():
            raise FileRefused(_("The file is empty."))
        if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
            raise FileRefused(_("Old Excel files (.xls) cannot be read. Save the sheet as .xlsx or CSV first."))
        if data.startswith(ZIP_MAGIC):
            return "xlsx", "", ""
        if name.endswith((".xlsx", ".xlsm")):
            raise FileRefused(_("This file is named .xlsx but is not an Excel workbook: it cannot be read."))
        encoding = _encoding(data)
        sample = data[:65536].decode(encoding, errors="ignore")
        if len(CONTROL_CHARS.findall(sample)) > max(3, len(sample) // 100):
            raise FileRefused(_("This file is not a CSV or XLSX file: it contains binary data."))
        return "csv", encoding, _detect_delimiter(sample)

    def text_stream(self):
        return io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, errors="replace", newline="")

    def rows(self):
        """(line number, cells) for every row that has a value, header included; empty cells at the end of a row
        are dropped. Each cell and each row is checked against the limits as it is read."""
        if self.file_format == "xlsx":
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
            return
        reader = csv.reader(self.text_stream(), delimiter=self.delimiter, strict=False)
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


def source_of(job):
    return SourceFile(
        job.read_upload(), job.file_name, file_format=job.file_format, encoding=job.encoding, delimiter=job.delimiter
    )


URL_LIKE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)
EMAIL_LIKE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
QID_LIKE = re.compile(r"^Q[1-9][0-9]*$", re.IGNORECASE)


def _looks_like_data(cell):
    cell = cell.strip()
    return bool(URL_LIKE.match(cell) or EMAIL_LIKE.match(cell) or QID_LIKE.match(cell) or cell.isdigit())


def looks_like_header(cells):
    aliases = column_aliases()
    return any(normalize_name(c) in aliases for c in cells) and not any(_looks_like_data(c) for c in cells)


def inspect_file(data, file_name):
    """What the job needs to know about a file before mapping it; refuses it with a clear message if it can't be
    imported. Size and row limits are checked before the rows are parsed."""
    check_size(len(data))
    source = SourceFile(data, file_name)
    if source.file_format == "csv" and data.count(b"\n") > settings.IMPORT_MAX_ROWS + 1:
        raise too_many_rows(data.count(b"\n"))
    first_rows, lengths, count = [], [], 0
    for _line, cells in source.rows():
        count += 1
        if count > settings.IMPORT_MAX_ROWS + 1:
            raise too_many_rows(count)
        if count <= 3:
            first_rows.append([_sample(cell) for cell in cells])
        if count <= HEADER_SAMPLE_ROWS:
            lengths.append(len(cells))
    if not count:
        raise FileRefused(_("The file is empty."))
    has_header = looks_like_header(first_rows[0])
    if has_header and count == 1:
        raise FileRefused(_("The file has a header row but no rows of data."))
    # Rows end at their last value: a header row counts its named columns, a file without one its widest row.
    column_count = len(first_rows[0]) if has_header else max(lengths)
    return {
        "file_format": source.file_format,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "has_header": has_header,
        "column_count": max(column_count, 1),
        "first_rows": first_rows,
        "row_count": count - (1 if has_header else 0),
    }


def _sample(cell):
    return cell if len(cell) <= SAMPLE_CHARS else cell[:SAMPLE_CHARS] + "…"


def column_headers(job):
    """The name of each column: its header, or "Column 3" in a file without one."""
    header = job.first_rows[0] if job.has_header and job.first_rows else []
    return [
        (header[i].strip() if i < len(header) and header[i].strip() else _("Column %(number)s") % {"number": i + 1})
        for i in range(job.column_count)
    ]


def column_samples(job, count=2):
    """The first ``count`` values of each column, below the header if there is one."""
    rows = job.first_rows[1:] if job.has_header else job.first_rows
    return [[row[i].strip() for row in rows[:count] if i < len(row)] for i in range(job.column_count)]
