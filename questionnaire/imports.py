"""Responses from a CSV file: one row per respondent, one column per statement.

Columns are matched to the round's statements by their code (``Q1``, ``Q2``…) or
by the statement's full text; ``Q1 comment`` columns carry comments and an
optional ``respondent`` column names the person. A cell holds a score from 1 to
5, "don't know" (or ``dk``, ``?``), or nothing. The file is checked whole
before anything is stored; any error rejects it all.
"""

import re

from django.utils.translation import gettext as _

from oeplanner.spreadsheets import FileRefused, SpreadsheetFile

RESPONDENT_COLUMNS = {"respondent", "name", "respondent name"}
DONT_KNOW = {"dk", "?", "don't know", "dont know", "don’t know", "do not know", "n/a", "na"}
COMMENT_SUFFIX = re.compile(r"\s*[-–:]?\s*comment$", re.IGNORECASE)


class CSVImportError(Exception):
    """The file cannot be imported; ``errors`` lists every reason found."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _normalize(text):
    return " ".join(text.split()).casefold()


def parse_score(value):
    """``(ok, score)``: a score 1–5, ``None`` for "don't know"; ``ok`` is False for anything else."""
    value = value.strip()
    if value.casefold() in DONT_KNOW:
        return True, None
    if re.fullmatch(r"[1-5](\.0*)?", value):
        return True, int(value[0])
    return False, None


def template_header(round):
    """The header row of an import file for this round."""
    header = ["respondent"]
    for round_statement in round.round_statements.all():
        header += [round_statement.code, f"{round_statement.code} comment"]
    return header


def read_rows(round, data):
    """Check a whole file against the round. Returns ``[(label, {statement_id: (score, comment)})]``."""
    try:
        rows = list(SpreadsheetFile(data).rows())
    except FileRefused as refused:
        raise CSVImportError([str(refused)]) from refused
    if not rows:
        raise CSVImportError([_("The file is empty.")])
    (_line, header), body = rows[0], rows[1:]

    by_code, by_text = {}, {}
    for round_statement in round.round_statements.all():
        by_code[round_statement.code.casefold()] = round_statement.statement_id
        by_text[_normalize(round_statement.text)] = round_statement.statement_id

    errors, label_column, score_columns, comment_columns = [], None, {}, {}
    for index, heading in enumerate(header):
        name = _normalize(heading)
        if not name:
            continue
        if name in RESPONDENT_COLUMNS:
            label_column = index
            continue
        target = comment_columns if COMMENT_SUFFIX.search(name) and name not in by_text else score_columns
        key = COMMENT_SUFFIX.sub("", name) if target is comment_columns else name
        statement_id = by_code.get(key) or by_text.get(key)
        if statement_id is None:
            errors.append(
                _(
                    "Column “%(column)s” matches no statement of this round. Use the codes Q1 to Q%(last)d, or a "
                    "statement's exact text."
                )
                % {"column": heading.strip(), "last": len(by_code)}
            )
        elif statement_id in target.values():
            errors.append(_("Two columns are for the same statement: “%(column)s”.") % {"column": heading.strip()})
        else:
            target[index] = statement_id
    if not score_columns and not errors:
        errors.append(_("No column of the file is a statement of this round."))
    if errors:
        raise CSVImportError(errors)

    parsed = []
    for line, row in body:
        answers = {}
        for index, statement_id in score_columns.items():
            value = row[index] if index < len(row) else ""
            if not value.strip():
                continue
            ok, score = parse_score(value)
            if not ok:
                errors.append(
                    _("Line %(line)d, column “%(column)s”: “%(value)s” is not a score. Use 1 to 5, or “don't know”.")
                    % {"line": line, "column": header[index].strip(), "value": value.strip()}
                )
                continue
            answers[statement_id] = (score, "")
        for index, statement_id in comment_columns.items():
            comment = row[index].strip() if index < len(row) else ""
            if not comment:
                continue
            if statement_id not in answers:
                errors.append(
                    _("Line %(line)d, column “%(column)s”: a comment needs a score or “don't know” beside it.")
                    % {"line": line, "column": header[index].strip()}
                )
                continue
            answers[statement_id] = (answers[statement_id][0], comment)
        label = row[label_column].strip() if label_column is not None and label_column < len(row) else ""
        if answers:
            parsed.append((label[:200] or _("Imported, line %(line)d") % {"line": line}, answers))
    if errors:
        raise CSVImportError(errors)
    if not parsed:
        raise CSVImportError([_("No row of the file has any answer.")])
    return parsed
