"""What the partner import needs to know of an uploaded file: its header row, its columns and their samples.

The file itself is read by ``oeplanner.spreadsheets`` (limits, format, encoding, delimiter, rows)."""

import re

from django.utils.translation import gettext as _

from oeplanner.spreadsheets import FileRefused, SpreadsheetFile

from ..models import normalize_name
from .fields import column_aliases

HEADER_SAMPLE_ROWS = 100
# Sample values are kept for the mapping page: a long cell is stored and shown cut to this.
SAMPLE_CHARS = 200


def source_of(job):
    return SpreadsheetFile(
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
    source = SpreadsheetFile(data, file_name)
    first_rows, lengths, count = [], [], 0
    for _line, cells in source.rows():
        count += 1
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
