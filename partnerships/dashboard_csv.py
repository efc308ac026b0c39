"""Reading a Programs & Events Dashboard export (the campaign "courses" export or one program's overview).

Columns are found by their header name, never by position: versions of the Dashboard add columns
(``retained_new_editors``, three per wiki) and unknown ones are ignored. Every figure is a running
total for the program, so an import replaces the program's earlier figures instead of adding to them.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from oeplanner.spreadsheets import FileRefused, NotASpreadsheet, SpreadsheetFile

from .models import Metric

# The Dashboard's column → the metric it counts.
METRIC_COLUMNS = {
    "articles_created": Metric.ARTICLES_CREATED,
    "articles_edited": Metric.ARTICLES_IMPROVED,
    "upload_count": Metric.FILES_UPLOADED,
    "uploads_used_in_articles": Metric.FILES_USED,
    "editors": Metric.PARTICIPANTS,
    "new_editors": Metric.NEW_EDITORS,
}
SLUG_COLUMN = "course_slug"
REQUIRED_COLUMNS = [SLUG_COLUMN, *METRIC_COLUMNS]
# Columns every version of the export has: a file with almost none of them is something else.
DASHBOARD_COLUMNS = {
    *REQUIRED_COLUMNS,
    "title",
    "institution",
    "term",
    "home_wiki",
    "created_at",
    "start_date",
    "end_date",
    "new_or_returning",
    "bytes_added",
    "references_added",
    "total_edits",
    "mainspace_edits",
    "article_talk_edits",
    "userspace_edits",
    "article_views",
    "upload_usage_count_across_all_wikis",
    "training_completion_rate",
}
TOTAL_ROW = "total"
WHOLE_NUMBER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class ProgramRow:
    line: int
    slug: str
    title: str
    ends_on: date | None
    values: dict  # Metric → whole number


@dataclass
class DashboardFile:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def read(data: bytes) -> DashboardFile:
    """Every program row of the file, or every reason it cannot be imported (all of them at once)."""
    result = DashboardFile()
    try:
        rows = SpreadsheetFile(data).rows()
        _line, first = next(rows, (None, []))
    except NotASpreadsheet:
        first = []
    except FileRefused as refused:
        result.errors.append(str(refused))
        return result
    header = [name.strip().lower() for name in first]
    if len(DASHBOARD_COLUMNS.intersection(header)) < 3:
        result.errors.append(
            _(
                "This file is not a Programs & Events Dashboard export: download the CSV from the program's or the "
                "campaign's page on the Dashboard and upload it as it is."
            )
        )
        return result
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.errors.append(
            _("The file lacks the column(s) %(columns)s, which a Dashboard export always has.")
            % {"columns": ", ".join(missing)}
        )
        return result
    position = {name: header.index(name) for name in header[::-1]}  # first column of a name wins
    seen = {}
    try:
        for line, cells in rows:
            row = _read_row(cells, position, line, result)
            if row is None:
                continue
            if row.slug in seen:
                result.errors.append(
                    _("Line %(line)s: program “%(slug)s” is already on line %(first)s; keep one row per program.")
                    % {"line": line, "slug": row.slug, "first": seen[row.slug]}
                )
                continue
            seen[row.slug] = line
            result.rows.append(row)
    except FileRefused as refused:
        result.errors.append(str(refused))
    if not result.rows and not result.errors:
        result.errors.append(_("The file has a header but no program rows."))
    return result


def _cell(cells, position, name):
    index = position.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _read_row(cells, position, line, result):
    slug = _cell(cells, position, SLUG_COLUMN)
    title = _cell(cells, position, "title")
    if TOTAL_ROW in (slug.lower(), title.lower()):
        result.notes.append(_("Line %(line)s is the export's Total row; it was skipped.") % {"line": line})
        return None
    if not slug:
        result.errors.append(_("Line %(line)s has no course_slug.") % {"line": line})
        return None
    values, ok = {}, True
    for column, metric in METRIC_COLUMNS.items():
        raw = _cell(cells, position, column)
        if not WHOLE_NUMBER.match(raw):
            result.errors.append(
                _("Line %(line)s: %(column)s is “%(value)s”, not a whole number.")
                % {"line": line, "column": column, "value": raw}
            )
            ok = False
        elif int(raw) < 0:
            result.errors.append(
                _("Line %(line)s: %(column)s is %(value)s; a count cannot be negative.")
                % {"line": line, "column": column, "value": raw}
            )
            ok = False
        else:
            values[metric] = int(raw)
    ends_on = _date(_cell(cells, position, "end_date"))
    if ends_on is False:
        result.errors.append(
            _("Line %(line)s: end_date is “%(value)s”, not a date such as 2026-03-01 00:00:00 UTC.")
            % {"line": line, "value": _cell(cells, position, "end_date")}
        )
        ok = False
    return ProgramRow(line, slug, title, ends_on, values) if ok else None


def _date(value):
    """``2026-03-01 00:00:00 UTC`` → date(2026, 3, 1); empty → None; anything else → False."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return False
