"""Import partners and their contacts from a CSV or XLSX file.

One service for the wizard, the management command, the Celery task and the benchmark:

* :func:`inspect_file` refuses files over the limits before parsing, then detects the
  format, encoding, delimiter and header row;
* :func:`auto_mapping` maps well-known column names (and, without a header, well-known
  contents) to fields;
* :func:`plan_import` reads every row, validates it and matches it against the
  organization's partners and the file's earlier rows, in memory and without writing:
  the preview is a plan;
* :func:`run_import` writes a plan in one transaction (COPY on PostgreSQL, batched
  ``bulk_create`` elsewhere), records what undo needs, and :func:`undo_import` reverts it.

Rows never choose their organization, and never their owner unless an admin maps the owner
column deliberately, to members of this organization only.
"""

import codecs
import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from oeplanner.spreadsheets import FORMULA_STARTS, neutralize

from .forms import members_of
from .import_models import ImportedUpdate, ImportJob
from .models import Contact, Network, Partner, Tag, normalize_name, qid_validator, website_domain
from .resources import PartnerResource

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_EVERY = 2000
SAMPLE_ROWS = 10
HEADER_SAMPLE_ROWS = 100


class ImportFileError(Exception):
    """The file cannot be imported at all; the message says why, for the person who sent it."""


class RowError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Fields a column can be mapped to
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    target: str  # "partner", "contact" or "m2m"
    extra_aliases: tuple = ()
    admin_only: bool = False

    @property
    def attname(self):
        return {"stage": "stage_id", "owner": "owner_id"}.get(self.key, self.key)


FIELDS = [
    ImportField(
        "name",
        gettext_lazy("Name"),
        "partner",
        ("partner", "partner name", "institution", "institution name", "university", "organisation name"),
    ),
    ImportField("sector", gettext_lazy("Sector"), "partner"),
    ImportField("kind", gettext_lazy("Kind"), "partner", ("type", "institution type")),
    ImportField("size", gettext_lazy("Size"), "partner"),
    ImportField("country", gettext_lazy("Country"), "partner", ("country code", "nation", "country name")),
    ImportField("region", gettext_lazy("Region"), "partner", ("state", "province", "county")),
    ImportField("city", gettext_lazy("City"), "partner", ("town", "locality", "municipality")),
    ImportField(
        "website",
        gettext_lazy("Website"),
        "partner",
        ("url", "web", "web site", "homepage", "home page", "site", "link", "web address"),
    ),
    ImportField(
        "wikidata_qid",
        gettext_lazy("Wikidata item"),
        "partner",
        ("qid", "q id", "wikidata", "wikidata id", "wikidata qid", "item"),
    ),
    ImportField("thematic_focus", gettext_lazy("Thematic focus"), "partner", ("focus", "theme", "topic")),
    ImportField("description", gettext_lazy("Description"), "partner", ("about",)),
    ImportField("suggested_by", gettext_lazy("Suggested by"), "partner"),
    ImportField("stage", gettext_lazy("Stage"), "partner"),
    ImportField("owner", gettext_lazy("Owner (member of this organization)"), "partner", admin_only=True),
    ImportField("short_term_value", gettext_lazy("Short-term value (1–5)"), "partner"),
    ImportField("long_term_value", gettext_lazy("Long-term value (1–5)"), "partner"),
    ImportField("capacity", gettext_lazy("Capacity (1–5)"), "partner"),
    ImportField("is_similar_organization", gettext_lazy("Similar organization (yes/no)"), "partner"),
    ImportField("tags", gettext_lazy("Tags (comma-separated)"), "m2m", ("tag", "keywords", "labels")),
    ImportField("networks", gettext_lazy("Networks (comma-separated)"), "m2m", ("network",)),
    ImportField(
        "contact_name",
        gettext_lazy("Contact name"),
        "contact",
        ("contact", "contact person", "primary contact", "person"),
    ),
    ImportField("contact_role", gettext_lazy("Contact role"), "contact", ("role", "job title", "position")),
    ImportField(
        "contact_email",
        gettext_lazy("Contact e-mail"),
        "contact",
        ("email", "e mail", "mail", "email address", "e mail address"),
    ),
    ImportField(
        "contact_phone",
        gettext_lazy("Contact phone"),
        "contact",
        ("phone", "telephone", "tel", "phone number", "mobile"),
    ),
]
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
CONTACT_KEYS = ("contact_name", "contact_role", "contact_email", "contact_phone")
MODEL_FIELDS = {
    "contact_name": Contact._meta.get_field("name"),
    "contact_role": Contact._meta.get_field("role"),
    "contact_email": Contact._meta.get_field("email"),
    "contact_phone": Contact._meta.get_field("phone"),
}


def field_choices(*, allow_owner):
    """(key, label) of the fields a column can be mapped to; the owner only for admins."""
    return [("", _("Don't import"))] + [(f.key, f.label) for f in FIELDS if allow_owner or not f.admin_only]


def _aliases():
    """Normalized column name → field key. The owner is never mapped by its name alone."""
    export_names = {name: f.column_name for name, f in PartnerResource.fields.items()}
    aliases = {}
    for f in FIELDS:
        if f.admin_only:
            continue
        names = [f.key, str(f.label), *f.extra_aliases]
        if f.key in export_names:
            names.append(str(export_names[f.key]))
        for name in names:
            aliases.setdefault(normalize_name(name), f.key)
    return aliases


# ---------------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DELIMITERS = [",", ";", "\t", "|"]


def check_size(size):
    limit = settings.IMPORT_MAX_FILE_MB * 1024 * 1024
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s MB; files up to %(max)s MB can be imported. Split it into smaller files.")
            % {"size": round(size / 1024 / 1024, 1), "max": settings.IMPORT_MAX_FILE_MB}
        )


def _too_many_rows(rows):
    return ImportFileError(
        _("The file has more than %(max)s rows; at most %(max)s can be imported at once. Split it into smaller files.")
        % {"max": settings.IMPORT_MAX_ROWS, "rows": rows}
    )


def _encoding(data):
    """The encoding a CSV file was written in. The bytes are decoded piece by piece: the text of a large file is
    never held in memory whole."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data[:65536]:
        raise ImportFileError(_("This file is not a CSV or XLSX file: it contains binary data."))
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
            raise ImportFileError(_("The file is empty."))
        if data.startswith(OLE_MAGIC) or name.endswith(".xls"):
            raise ImportFileError(_("Old Excel files (.xls) cannot be read. Save the sheet as .xlsx or CSV first."))
        if data.startswith(ZIP_MAGIC):
            return "xlsx", "", ""
        if name.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("This file is named .xlsx but is not an Excel workbook: it cannot be read."))
        encoding = _encoding(data)
        sample = data[:65536].decode(encoding, errors="ignore")
        if len(CONTROL_CHARS.findall(sample)) > max(3, len(sample) // 100):
            raise ImportFileError(_("This file is not a CSV or XLSX file: it contains binary data."))
        return "csv", encoding, _detect_delimiter(sample)

    def text_stream(self):
        return io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, errors="replace", newline="")

    def rows(self):
        """(line number, cells) for every row that has a value, header included."""
        if self.file_format == "xlsx":
            yield from self._xlsx_rows()
            return
        reader = csv.reader(self.text_stream(), delimiter=self.delimiter, strict=False)
        line = 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield line, cells
                line = reader.line_num + 1
        except csv.Error as error:
            raise ImportFileError(
                _("Line %(line)s could not be read (%(error)s). Is this a CSV file?") % {"line": line, "error": error}
            ) from None

    def _xlsx_rows(self):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise ImportFileError(
                _("This Excel file could not be read: it may be damaged or protected by a password.")
            ) from None
        try:
            sheet = book.worksheets[0]
            if sheet.max_row and sheet.max_row > settings.IMPORT_MAX_ROWS + 1:
                raise _too_many_rows(sheet.max_row)
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in values]
                while cells and not cells[-1]:
                    cells.pop()
                if any(cell.strip() for cell in cells):
                    yield number, cells
        finally:
            book.close()


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
        job.file_data, job.file_name, file_format=job.file_format, encoding=job.encoding, delimiter=job.delimiter
    )


URL_LIKE = re.compile(r"^(https?://|www\.)", re.IGNORECASE)
EMAIL_LIKE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
QID_LIKE = re.compile(r"^Q[1-9][0-9]*$", re.IGNORECASE)


def _looks_like_data(cell):
    cell = cell.strip()
    return bool(URL_LIKE.match(cell) or EMAIL_LIKE.match(cell) or QID_LIKE.match(cell) or cell.isdigit())


def looks_like_header(cells):
    aliases = _aliases()
    return any(normalize_name(c) in aliases for c in cells) and not any(_looks_like_data(c) for c in cells)


def inspect_file(data, file_name):
    """What the job needs to know about a file before mapping it; refuses it with a clear message if it can't be
    imported. Size and row limits are checked before the rows are parsed."""
    check_size(len(data))
    source = SourceFile(data, file_name)
    if source.file_format == "csv" and data.count(b"\n") > settings.IMPORT_MAX_ROWS + 1:
        raise _too_many_rows(data.count(b"\n"))
    first_rows, lengths, count = [], [], 0
    for _line, cells in source.rows():
        count += 1
        if count > settings.IMPORT_MAX_ROWS + 1:
            raise _too_many_rows(count)
        if count <= 3:
            first_rows.append(cells)
        if count <= HEADER_SAMPLE_ROWS:
            lengths.append(len(cells))
    if not count:
        raise ImportFileError(_("The file is empty."))
    has_header = looks_like_header(first_rows[0])
    if has_header and count == 1:
        raise ImportFileError(_("The file has a header row but no rows of data."))
    if has_header:
        column_count = len(first_rows[0])
    else:
        column_count = max(set(lengths), key=lengths.count)
    return {
        "file_format": source.file_format,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "has_header": has_header,
        "column_count": max(column_count, 1),
        "first_rows": first_rows,
        "row_count": count - (1 if has_header else 0),
    }


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


# ---------------------------------------------------------------------------------------------
# Mapping columns to fields
# ---------------------------------------------------------------------------------------------


def _guess_from_values(values):
    values = [v for v in values if v]
    if not values:
        return ""
    if all(QID_LIKE.match(v) for v in values):
        return "wikidata_qid"
    if all(URL_LIKE.match(v) for v in values):
        return "website"
    if all(EMAIL_LIKE.match(v) for v in values):
        return "contact_email"
    if all(len(v) in (2, 3) and v.isalpha() and v.isupper() and countries.alpha2(v) for v in values):
        return "country"
    return ""


def auto_mapping(job):
    """A field for each column: by well-known header names, or by what the first values look like."""
    aliases = _aliases()
    mapping = [""] * job.column_count
    used = set()
    if job.has_header:
        for i, header in enumerate(column_headers(job)):
            key = aliases.get(normalize_name(header), "")
            if key and key not in used:
                mapping[i] = key
                used.add(key)
        return mapping
    samples = column_samples(job, count=3)
    for i, values in enumerate(samples):
        key = _guess_from_values(values)
        if key and key not in used:
            mapping[i] = key
            used.add(key)
    if "name" not in used:
        for i, values in enumerate(samples):
            if not mapping[i] and values and all(any(ch.isalpha() for ch in v) and len(v) > 3 for v in values):
                mapping[i] = "name"
                break
    return mapping


def mapping_from_saved(job, saved):
    """Apply a saved mapping: by header name where the file has headers, otherwise by position."""
    mapping = [""] * job.column_count
    by_header = {normalize_name(header): key for header, key in saved.columns if header}
    headers = column_headers(job)
    for i in range(job.column_count):
        if job.has_header and saved.has_header and normalize_name(headers[i]) in by_header:
            mapping[i] = by_header[normalize_name(headers[i])]
        elif not (job.has_header and saved.has_header) and i < len(saved.columns):
            mapping[i] = saved.columns[i][1]
    return clean_mapping(mapping, allow_owner=True)


def clean_mapping(mapping, *, allow_owner):
    """Unknown fields and fields not allowed to this person become "don't import"."""
    allowed = {f.key for f in FIELDS if allow_owner or not f.admin_only}
    return [key if key in allowed else "" for key in mapping]


def mapping_problems(mapping):
    problems = []
    if "name" not in mapping:
        problems.append(_("Map one column to Name: every partner needs a name."))
    for key in {k for k in mapping if k}:
        if mapping.count(key) > 1:
            problems.append(
                _("%(field)s is mapped to more than one column; keep one.") % {"field": FIELDS_BY_KEY[key].label}
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Validating one cell
# ---------------------------------------------------------------------------------------------

# Subsets of what Django's validators accept: the common case is checked with one regex, the rest by Django.
FAST_URL = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE
)
FAST_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
FORMULA = re.compile(r"^(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(|[=+\-@].*\|.*!)")
QID_URL = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/)?(Q\d+)/?$", re.IGNORECASE)
TRUE_WORDS = {"yes", "y", "true", "1", "x", "oui", "ja", "si"}
FALSE_WORDS = {"no", "n", "false", "0", "non", "nein"}
url_validator = URLValidator()
email_validator = EmailValidator()


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        for name in (value, str(label), str(label).split(" (")[0]):
            lookup.setdefault(normalize_name(name), value)
    return lookup


def _country_lookup():
    lookup = {}
    for country in countries:
        lookup[country.code.lower()] = country.code
        lookup[normalize_name(country.name)] = country.code
        lookup[countries.alpha3(country.code).lower()] = country.code
    return lookup


class RowReader:
    """Turns the cells of a row into clean values of the mapped fields, or says what is wrong."""

    def __init__(self, job, organization):
        self.columns = [(i, FIELDS_BY_KEY[key]) for i, key in enumerate(job.mapping) if key]
        self.column_count = job.column_count
        self.sectors = _choice_lookup(Partner.Sector.choices)
        self.kinds = _choice_lookup(Partner.Kind.choices)
        self.sizes = _choice_lookup(Partner.Size.choices)
        self.countries = _country_lookup()
        self.stages = {stage.name.strip().lower(): stage.pk for stage in organization.stages.all()}
        self.stage_names = ", ".join(stage.name for stage in organization.stages.all())
        self.members = {}
        if "owner" in job.mapping:
            for user in members_of(organization):
                for name in (user.username, user.email, str(user), user.get_full_name()):
                    if name:
                        self.members.setdefault(name.strip().lower(), user.pk)
        self.max_lengths = {
            key: Partner._meta.get_field(key).max_length
            for key in ("name", "region", "city", "website", "thematic_focus", "suggested_by")
        } | {key: model_field.max_length for key, model_field in MODEL_FIELDS.items()}
        self.parsers = {
            "sector": lambda v: self._choice(v, self.sectors, "sector", Partner.Sector),
            "kind": lambda v: self._choice(v, self.kinds, "kind", Partner.Kind),
            "size": lambda v: self._choice(v, self.sizes, "size", Partner.Size),
            "country": self._country,
            "website": self._website,
            "wikidata_qid": self._qid,
            "description": str.strip,
            "stage": self._stage,
            "owner": self._owner,
            "short_term_value": self._score,
            "long_term_value": self._score,
            "capacity": self._score,
            "is_similar_organization": self._boolean,
            "tags": lambda v: self._names(v, Tag._meta.get_field("name").max_length),
            "networks": lambda v: self._names(v, Network._meta.get_field("name").max_length),
            "contact_email": self._email,
        }

    def read(self, cells):
        """(values, problems): values holds the non-empty cells, cleaned; problems lists (field label, reason)."""
        values, problems = {}, []
        if len(cells) > self.column_count and any(c.strip() for c in cells[self.column_count :]):
            problems.append(
                (
                    "",
                    _(
                        "This row has %(cells)s cells where the file has %(columns)s columns: a value probably contains "
                        "the delimiter without quotes around it."
                    )
                    % {"cells": len(cells), "columns": self.column_count},
                )
            )
        for index, import_field in self.columns:
            raw = cells[index].strip() if index < len(cells) else ""
            if not raw:
                continue
            if raw[0] == "'" and raw[1:2] and raw[1] in FORMULA_STARTS:
                raw = raw[1:]  # the quote our own export put before a formula-like value
            try:
                if FORMULA.match(raw):
                    raise RowError(
                        _("“%(value)s” is a spreadsheet formula; formulas are not imported. Type the value itself.")
                        % {"value": _short(raw)}
                    )
                parse = self.parsers.get(import_field.key)
                value = parse(raw) if parse else self._text(raw, import_field.key)
            except RowError as error:
                problems.append((str(import_field.label), str(error)))
                continue
            values[import_field.key] = value
        if "name" not in values and not any(p[0] == str(FIELDS_BY_KEY["name"].label) for p in problems):
            problems.append((str(FIELDS_BY_KEY["name"].label), _("The name is empty: every partner needs a name.")))
        if "contact_name" not in values and any(k in values for k in CONTACT_KEYS):
            if "contact_email" in values:
                values["contact_name"] = values["contact_email"]
            else:
                problems.append(
                    (
                        str(FIELDS_BY_KEY["contact_name"].label),
                        _("A contact needs a name or an e-mail address."),
                    )
                )
        return values, problems

    def _text(self, raw, key):
        value = " ".join(raw.split())
        limit = self.max_lengths.get(key)
        if limit and len(value) > limit:
            raise RowError(
                _("This is %(length)s characters long; the most is %(max)s.") % {"length": len(value), "max": limit}
            )
        return value

    def _choice(self, raw, lookup, what, enum):
        value = lookup.get(normalize_name(raw))
        if value is None:
            message = {
                "sector": _("“%(value)s” is not a sector; use one of: %(choices)s."),
                "kind": _("“%(value)s” is not a kind of institution; use one of: %(choices)s."),
                "size": _("“%(value)s” is not a size; use one of: %(choices)s."),
            }[what]
            labels = ", ".join(str(label) for _v, label in enum.choices)
            raise RowError(message % {"value": _short(raw), "choices": labels})
        return value

    def _country(self, raw):
        code = self.countries.get(raw.lower()) or self.countries.get(normalize_name(raw))
        if code is None:
            raise RowError(
                _("“%(value)s” is not a country we know; use its name or its two-letter code, such as FR.")
                % {"value": _short(raw)}
            )
        return code

    def _website(self, raw):
        value = raw if "://" in raw else "https://" + raw
        if not FAST_URL.match(value):
            try:
                url_validator(value)
            except ValidationError:
                raise RowError(_("“%(value)s” is not a web address.") % {"value": _short(raw)}) from None
        if len(value) > self.max_lengths["website"]:
            raise RowError(
                _("This web address is longer than %(max)s characters.") % {"max": self.max_lengths["website"]}
            )
        return value

    def _qid(self, raw):
        match = QID_URL.match(raw)
        value = match.group(1).upper() if match else raw
        try:
            qid_validator(value)
        except ValidationError:
            raise RowError(
                _("“%(value)s” is not a Wikidata item id: the letter Q then digits, such as Q42.")
                % {"value": _short(raw)}
            ) from None
        return value

    def _stage(self, raw):
        pk = self.stages.get(raw.lower())
        if pk is None:
            raise RowError(
                _("“%(value)s” is not a stage of this organization; its stages are: %(stages)s.")
                % {"value": _short(raw), "stages": self.stage_names}
            )
        return pk

    def _owner(self, raw):
        pk = self.members.get(raw.lower())
        if pk is None:
            raise RowError(_("“%(value)s” is not a member of this organization.") % {"value": _short(raw)})
        return pk

    def _score(self, raw):
        try:
            value = int(float(raw))
        except (ValueError, OverflowError):
            value = None
        if value is None or value != float(raw) or not 1 <= value <= 5:
            raise RowError(_("“%(value)s” is not a score: use a whole number from 1 to 5.") % {"value": _short(raw)})
        return value

    def _boolean(self, raw):
        word = raw.lower()
        if word in TRUE_WORDS or word == _("yes"):
            return True
        if word in FALSE_WORDS or word == _("no"):
            return False
        raise RowError(_("“%(value)s” is neither yes nor no.") % {"value": _short(raw)})

    def _names(self, raw, limit):
        names = {" ".join(name.split()) for name in re.split(r"[,;]", raw)} - {""}
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise RowError(
                _("“%(value)s” is longer than %(max)s characters.") % {"value": _short(too_long[0]), "max": limit}
            )
        return frozenset(names)

    def _email(self, raw):
        if not FAST_EMAIL.match(raw):
            try:
                email_validator(raw)
            except ValidationError:
                raise RowError(_("“%(value)s” is not an e-mail address.") % {"value": _short(raw)}) from None
        if len(raw) > self.max_lengths["contact_email"]:
            raise RowError(_("This e-mail address is too long."))
        return raw


def _short(value, limit=60):
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Planning: what each row will do
# ---------------------------------------------------------------------------------------------


def city_key(city):
    return (city or "").strip().lower()


def match_keys(*, wikidata_qid, website, normalized_name, city):
    """(kind, key) of what makes two partners the same, strongest first: Q-id, website domain, name in the same
    city. ``website`` is a domain already; the same keys serve for the organization's partners and the file's rows.
    Each key is one string, the smallest thing to hold for every row of a large file."""
    keys = []
    if wikidata_qid:
        keys.append(("qid", "q\x1f" + wikidata_qid))
    if website:
        keys.append(("website", "w\x1f" + website))
    if normalized_name:
        keys.append(("name", f"n\x1f{normalized_name}\x1f{city_key(city)}"))
    return keys


MATCH_REASONS = {
    "qid": gettext_lazy("same Wikidata item"),
    "website": gettext_lazy("same website"),
    "name": gettext_lazy("same name in the same city"),
}


NO_NAMES = frozenset()  # one shared empty set: a new one per row would cost 216 bytes each


class NewPartner:
    """A partner a row creates; later rows of the same partner add contacts and tags to it."""

    __slots__ = ("line", "values", "contacts", "tags", "networks")

    def __init__(self, line, values):
        self.line = line
        self.values = values
        self.contacts = None
        self.tags = values.pop("tags", NO_NAMES)
        self.networks = values.pop("networks", NO_NAMES)

    def has_contact(self, contact):
        key = _contact_key(contact)
        return any(_contact_key(known) == key for known in self.contacts or ())

    def add_contact(self, contact):
        if self.contacts is None:
            self.contacts = [contact]
        elif not self.has_contact(contact):
            self.contacts.append(contact)


class ExistingMatch(NewPartner):
    __slots__ = ("pk", "reason", "changes", "before", "added_tags", "added_networks", "new_contacts", "has_contacts")

    def __init__(self, line, values, pk, reason):
        super().__init__(line, values)
        self.pk, self.reason = pk, reason
        self.changes, self.before = {}, {}
        self.added_tags, self.added_networks, self.new_contacts = set(), set(), []
        self.has_contacts = False

    @property
    def changed(self):
        return bool(self.changes or self.added_tags or self.added_networks or self.new_contacts)


def _contact_of(values):
    """The row's contact as (name, role, e-mail, phone), or None."""
    if not any(key in values for key in CONTACT_KEYS):
        return None
    return tuple(values.pop(key, "") for key in CONTACT_KEYS)


def _contact_key(contact):
    return contact[2].lower() or normalize_name(contact[0])


@dataclass
class Plan:
    mode: str
    row_count: int = 0
    new: list = field(default_factory=list)
    matches: dict = field(default_factory=dict)  # existing partner pk → ExistingMatch
    skipped_rows: int = 0
    repeated_rows: int = 0
    rejections: list = field(default_factory=list)
    skipped_samples: list = field(default_factory=list)
    created_count: int = 0
    updated_count: int = 0

    @property
    def skipped_count(self):
        return self.skipped_rows + (len(self.matches) - self.updated_count if self.mode != ImportJob.Mode.CREATE else 0)

    @property
    def rejected_count(self):
        return len(self.rejections)

    @property
    def contacts_count(self):
        return sum(len(p.contacts or ()) for p in self.new) + sum(len(m.new_contacts) for m in self.matches.values())

    def samples(self):
        """The first rows of each outcome, for the preview."""

        def row(item, note=""):
            return {
                "line": item.line,
                "name": item.values.get("name", ""),
                "city": item.values.get("city", ""),
                "website": item.values.get("website", ""),
                "note": note,
            }

        created = [
            row(
                p,
                ngettext("%(n)s contact", "%(n)s contacts", len(p.contacts)) % {"n": len(p.contacts)}
                if p.contacts
                else "",
            )
            for p in self.new[:SAMPLE_ROWS]
        ]
        updated, unchanged = [], []
        for match in self.matches.values():
            target = updated if match.changed else unchanged
            if len(target) < SAMPLE_ROWS:
                note = _("%(reason)s as an existing partner") % {"reason": MATCH_REASONS[match.reason]}
                if match.changed:
                    changed = [str(FIELDS_BY_KEY[k].label) for k in match.changes]
                    if match.added_tags or match.added_networks:
                        changed.append(_("tags"))
                    if match.new_contacts:
                        changed.append(_("contacts"))
                    note += " — " + _("changes: %(fields)s") % {"fields": ", ".join(changed)}
                target.append(row(match, note))
            if len(updated) >= SAMPLE_ROWS and len(unchanged) >= SAMPLE_ROWS:
                break
        if self.mode in (ImportJob.Mode.UPDATE, ImportJob.Mode.FILL):
            skipped = self.skipped_samples + [dict(r, note=_("Unchanged: ") + r["note"]) for r in unchanged]
        else:
            skipped, updated = self.skipped_samples, []
        return {"created": created, "updated": updated, "skipped": skipped[:SAMPLE_ROWS]}

    def counts(self):
        return {
            "created": self.created_count,
            "updated": self.updated_count,
            "skipped": self.skipped_count,
            "rejected": self.rejected_count,
            "contacts": self.contacts_count,
            "repeated": self.repeated_rows,
        }


class ExistingIndex:
    """The organization's partners by their match keys, loaded once."""

    def __init__(self, organization):
        self.keys = {}
        rows = Partner.objects.for_org(organization).values_list(
            "pk", "wikidata_qid", "website_domain", "normalized_name", "city"
        )
        for pk, qid, domain, normalized, city in rows.iterator(chunk_size=5000):
            for _kind, key in match_keys(wikidata_qid=qid, website=domain, normalized_name=normalized, city=city):
                self.keys.setdefault(key, pk)


def plan_import(job, *, progress=None, index=None):
    """Read, validate and match every row of the job's file; write nothing."""
    organization = job.organization
    reader = RowReader(job, organization)
    index = index or ExistingIndex(organization)
    plan = Plan(mode=job.mode)
    in_file = {}  # match key → NewPartner or ExistingMatch, for rows of this file
    rows = source_of(job).rows()
    if job.has_header:
        next(rows, None)
    for count, (line, cells) in enumerate(rows, start=1):
        if count > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows(count)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
        plan.row_count = count
        values, problems = reader.read(cells)
        if problems:
            plan.rejections.append({"line": line, "problems": problems, "cells": cells})
            continue
        contact = _contact_of(values)
        keys = match_keys(
            wikidata_qid=values.get("wikidata_qid", ""),
            website=website_domain(values.get("website", "")),
            normalized_name=normalize_name(values["name"]),
            city=values.get("city", ""),
        )
        target, reason = None, None
        for kind, key in keys:
            target = in_file.get(key)
            if target is None and key in index.keys:
                pk = index.keys[key]
                target = plan.matches.get(pk)
                if target is None:
                    if job.mode == ImportJob.Mode.CREATE:
                        plan.rejections.append(
                            {
                                "line": line,
                                "cells": cells,
                                "problems": [
                                    (
                                        str(FIELDS_BY_KEY["name"].label),
                                        _(
                                            "This partner already exists (%(reason)s); the import creates new partners only."
                                        )
                                        % {"reason": MATCH_REASONS[kind]},
                                    )
                                ],
                            }
                        )
                        target = "rejected"
                        break
                    target = ExistingMatch(line, values, pk, kind)
                    plan.matches[pk] = target
                    reason = "first"
            if target is not None:
                break
        if target == "rejected":
            continue
        if target is None:
            target = NewPartner(line, values)
            plan.new.append(target)
            reason = "first"
        elif reason is None:
            # A later row of the same partner: it adds its contact and tags, nothing else.
            plan.repeated_rows += 1
            plan.skipped_rows += 1
            target.tags |= values.get("tags", NO_NAMES)
            target.networks |= values.get("networks", NO_NAMES)
            if len(plan.skipped_samples) < SAMPLE_ROWS:
                plan.skipped_samples.append(
                    {
                        "line": line,
                        "name": values["name"],
                        "city": values.get("city", ""),
                        "website": values.get("website", ""),
                        "note": _("Same partner as line %(line)s") % {"line": target.line}
                        + (_(": its contact is added") if contact and not target.has_contact(contact) else ""),
                    }
                )
        if contact is not None:
            target.add_contact(contact)
        for _kind, key in keys:
            in_file.setdefault(key, target)
    if job.mode == ImportJob.Mode.SKIP:
        for match in plan.matches.values():
            if len(plan.skipped_samples) < SAMPLE_ROWS:
                plan.skipped_samples.append(
                    {
                        "line": match.line,
                        "name": match.values["name"],
                        "city": match.values.get("city", ""),
                        "website": match.values.get("website", ""),
                        "note": _("Already exists (%(reason)s)") % {"reason": MATCH_REASONS[match.reason]},
                    }
                )
    else:
        _compare_with_existing(plan, job)
    plan.created_count = len(plan.new)
    plan.updated_count = sum(1 for m in plan.matches.values() if m.changed)
    if progress:
        progress(plan.row_count)
    return plan


def _current(partner, key):
    if key == "country":
        return partner.country.code or ""
    return getattr(partner, FIELDS_BY_KEY[key].attname)


def _compare_with_existing(plan, job):
    """What the matched partners would change: the file's non-empty values (update) or only into blanks (fill)."""
    fill_only = job.mode == ImportJob.Mode.FILL
    default_tag = job.default_tag.strip()
    pks = list(plan.matches)
    for start in range(0, len(pks), BATCH_SIZE):
        partners = Partner.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).prefetch_related(
            "tags", "networks", "contacts"
        )
        for partner in partners:
            match = plan.matches[partner.pk]
            for key, value in match.values.items():
                current = _current(partner, key)
                if current == value or (fill_only and current not in ("", None)):
                    continue
                match.changes[key] = value
                match.before[FIELDS_BY_KEY[key].attname] = current
            tags = {t.name.lower() for t in partner.tags.all()}
            wanted_tags = match.tags | ({default_tag} if default_tag else set())
            match.added_tags = {name for name in wanted_tags if name.lower() not in tags}
            networks = {n.name.lower() for n in partner.networks.all()}
            match.added_networks = {name for name in match.networks if name.lower() not in networks}
            existing = {c.email.lower() for c in partner.contacts.all() if c.email} | {
                normalize_name(c.name) for c in partner.contacts.all()
            }
            match.new_contacts = [
                contact
                for contact in match.contacts or ()
                if _contact_key(contact) not in existing and normalize_name(contact[0]) not in existing
            ]
            match.has_contacts = bool(partner.contacts.all())


# ---------------------------------------------------------------------------------------------
# Writing a plan
# ---------------------------------------------------------------------------------------------


def _chunks(items, size=BATCH_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Fields whose Python value, as text, is what PostgreSQL reads: no conversion per cell.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _reserve_ids(model, count):
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(table, columns, rows, nullable):
    """COPY rows into a table. Python's CSV writer quotes every string and None alike, so the nullable columns
    read an empty value as NULL: none of them is a text column that could hold an empty string."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    options = "FORMAT csv"
    if nullable:
        options += f", FORCE_NULL ({', '.join(map(quote, nullable))})"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN WITH ({options})", buffer
        )


def insert(model, objects, *, with_ids=True):
    """Insert new rows: COPY on PostgreSQL, batched INSERTs elsewhere. With ``with_ids`` the objects get their
    primary keys (reserved from the sequence first on PostgreSQL); rows nothing points to can do without."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return
    fields = model._meta.concrete_fields
    if with_ids:
        for obj, pk in zip(objects, _reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
    else:
        fields = [f for f in fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converted = [f for f in fields if f.get_internal_type() not in PLAIN_TYPES]
    for obj in objects:
        for f in stamped:
            f.pre_save(obj, True)
        obj._state.adding, obj._state.db = False, connection.alias
    getters = [
        (lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection))
        if f in converted
        else (lambda obj, attname=f.attname: getattr(obj, attname))
        for f in fields
    ]
    _copy(
        model._meta.db_table,
        [f.column for f in fields],
        ([get(obj) for get in getters] for obj in objects),
        [f.column for f in fields if f.null],
    )


def insert_history(model, objects, *, history_type, user_id, reason, when):
    """Historical records as django-simple-history would write them one by one."""
    if not objects:
        return
    history_model = model.history.model
    tracked = history_model.tracked_fields
    if connection.vendor != "postgresql":
        history_model.objects.bulk_create(
            [
                history_model(
                    history_date=when,
                    history_user_id=user_id,
                    history_change_reason=reason,
                    history_type=history_type,
                    **{f.attname: getattr(obj, f.attname) for f in tracked},
                )
                for obj in objects
            ],
            batch_size=BATCH_SIZE,
        )
        return
    opts = history_model._meta
    columns = [opts.get_field(f.name).column for f in tracked] + [
        "history_date",
        "history_user_id",
        "history_change_reason",
        "history_type",
    ]
    attnames = [f.attname for f in tracked]
    nullable = [opts.get_field(f.name).column for f in tracked if f.null] + ["history_user_id"]
    _copy(
        opts.db_table,
        columns,
        ([getattr(obj, attname) for attname in attnames] + [when, user_id, reason, history_type] for obj in objects),
        nullable,
    )


def update_rows(model, objects, attnames):
    """Write the given fields of changed rows: one statement executed for each row, without Django's CASE."""
    if not objects:
        return
    opts = model._meta
    fields = [
        opts.get_field(attname)
        if attname in {f.name for f in opts.fields}
        else next(f for f in opts.concrete_fields if f.attname == attname)
        for attname in attnames
    ]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(opts.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields), quote(opts.pk.column)
    )
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _named(model, organization, names):
    """Tags or networks by lower-cased name, created when missing."""
    found = {obj.name.lower(): obj.pk for obj in model.objects.filter(organization=organization)}
    missing = {}
    for name in names:
        if name.lower() not in found:
            missing.setdefault(name.lower(), name)
    created = [model(organization=organization, name=name) for name in missing.values()]
    model.objects.bulk_create(created)
    if created and created[0].pk is None:  # databases that don't return ids
        found = {obj.name.lower(): obj.pk for obj in model.objects.filter(organization=organization)}
    else:
        found.update({obj.name.lower(): obj.pk for obj in created})
    return found


def _contact(partner_id, contact, *, primary):
    name, role, email, phone = contact
    return Contact(
        partner_id=partner_id,
        name=name,
        role=role,
        email=email,
        phone=phone,
        is_primary=primary,
    )


def _write(plan, job, user_id):
    organization = job.organization
    now = timezone.now()
    reason = (_("Imported from %(file)s") % {"file": job.file_name})[:100]
    stages = {stage.pk: stage for stage in organization.stages.all()}
    default_stage = stages.get(job.default_stage_id) or next(iter(stages.values()))
    default_tag = job.default_tag.strip()
    tag_names = {default_tag} if default_tag else set()
    network_names = set()
    for item in [*plan.new, *plan.matches.values()]:
        tag_names |= item.tags
        network_names |= item.networks
    tag_ids = _named(Tag, organization, tag_names)
    network_ids = _named(Network, organization, network_names)
    TagLink, NetworkLink = Partner.tags.through, Partner.networks.through

    created_ids = []
    for batch in _chunks(plan.new):
        partners, contacts, tag_links, network_links = [], [], [], []
        for item in batch:
            partner = Partner(
                organization=organization,
                owner_id=job.default_owner_id,
                sector=job.default_sector or Partner.Sector.OTHER,
            )
            for key, value in item.values.items():
                setattr(partner, FIELDS_BY_KEY[key].attname, value)
            partner.stage = stages[partner.stage_id] if partner.stage_id else default_stage
            partner.refresh_derived_fields()
            partners.append(partner)
        insert(Partner, partners)
        for item, partner in zip(batch, partners, strict=True):
            created_ids.append(partner.pk)
            contacts += [_contact(partner.pk, c, primary=i == 0) for i, c in enumerate(item.contacts or ())]
            tags = item.tags | ({default_tag} if default_tag else set())
            tag_links += [
                TagLink(partner_id=partner.pk, tag_id=tag_ids[name.lower()])
                for name in {n.lower(): n for n in tags}.values()
            ]
            network_links += [
                NetworkLink(partner_id=partner.pk, network_id=network_ids[name.lower()])
                for name in {n.lower(): n for n in item.networks}.values()
            ]
        # Rows that point to the new partners need no ids of their own: undo removes them with the partners.
        insert(Contact, contacts, with_ids=False)
        insert(TagLink, tag_links, with_ids=False)
        insert(NetworkLink, network_links, with_ids=False)

    changed = (
        [m for m in plan.matches.values() if m.changed]
        if job.mode in (ImportJob.Mode.UPDATE, ImportJob.Mode.FILL)
        else []
    )
    added_contact_ids = []
    for batch in _chunks(changed):
        by_pk = {m.pk: m for m in batch}
        partners = list(Partner.objects.filter(organization=organization, pk__in=by_pk).select_related("stage"))
        records, contacts, tag_links, network_links, update_fields = [], [], [], [], set()
        for partner in partners:
            match = by_pk[partner.pk]
            for key, value in match.changes.items():
                attname = FIELDS_BY_KEY[key].attname
                setattr(partner, attname, value)
                update_fields.add(attname)
            if "stage" in match.changes:
                partner.stage = stages[partner.stage_id]
            partner.refresh_derived_fields()
            partner.updated_at = now
            contacts += [
                _contact(partner.pk, c, primary=i == 0 and not match.has_contacts)
                for i, c in enumerate(match.new_contacts)
            ]
            added_tags = [tag_ids[name.lower()] for name in match.added_tags]
            added_networks = [network_ids[name.lower()] for name in match.added_networks]
            tag_links += [TagLink(partner_id=partner.pk, tag_id=pk) for pk in set(added_tags)]
            network_links += [NetworkLink(partner_id=partner.pk, network_id=pk) for pk in set(added_networks)]
            records.append(
                ImportedUpdate(
                    job=job,
                    partner=partner,
                    before=match.before,
                    added_tag_ids=sorted(set(added_tags)),
                    added_network_ids=sorted(set(added_networks)),
                )
            )
        update_rows(Partner, partners, sorted(update_fields | DERIVED_FIELDS))
        insert_history(Partner, partners, history_type="~", user_id=user_id, reason=reason, when=now)
        insert(Contact, contacts)
        insert_history(Contact, contacts, history_type="+", user_id=user_id, reason=reason, when=now)
        added_contact_ids += [c.pk for c in contacts]
        insert(TagLink, tag_links, with_ids=False)
        insert(NetworkLink, network_links, with_ids=False)
        ImportedUpdate.objects.bulk_create(records, batch_size=BATCH_SIZE)
    return created_ids, added_contact_ids


DERIVED_FIELDS = {"normalized_name", "website_domain", "priority", "contact_due_on", "stale_on", "updated_at"}


# ---------------------------------------------------------------------------------------------
# Running, previewing and undoing a job
# ---------------------------------------------------------------------------------------------


def preview_import(job):
    """Plan the job and keep the counts and rejected rows on it for the preview page; no partner is written."""
    plan = plan_import(job)
    _store_counts(job, plan)
    job.save(update_fields=COUNT_FIELDS)
    return plan


COUNT_FIELDS = [
    "created_count",
    "updated_count",
    "skipped_count",
    "rejected_count",
    "contacts_count",
    "rejections",
    "row_count",
]


def _store_counts(job, plan):
    counts = plan.counts()
    job.created_count, job.updated_count = counts["created"], counts["updated"]
    job.skipped_count, job.rejected_count = counts["skipped"], counts["rejected"]
    job.contacts_count = counts["contacts"]
    job.row_count = plan.row_count
    job.rejections = plan.rejections


def claim(job_pk):
    """Mark a queued job running; only one worker gets it. A job whose worker died is claimed again: its
    transaction was rolled back, so nothing of it was written."""
    now = timezone.now()
    stale = now - timezone.timedelta(minutes=10)
    claimed = ImportJob.objects.filter(
        Q(status=ImportJob.Status.QUEUED) | Q(status=ImportJob.Status.RUNNING, progress_at__lt=stale), pk=job_pk
    ).update(status=ImportJob.Status.RUNNING, started_at=now, progress_at=now, progress=0)
    return claimed == 1


def run_import(job, *, user=None):
    """Run a claimed job to the end: all rows or none. Returns the plan."""

    def progress(count):
        ImportJob.objects.filter(pk=job.pk).update(progress=count, progress_at=timezone.now())

    user_id = user.pk if user else job.created_by_id
    try:
        plan = plan_import(job, progress=progress if job.pk else None)
        _store_counts(job, plan)
        if plan.rejections and not job.skip_invalid:
            job.status = ImportJob.Status.FAILED
            job.error = ngettext(
                "%(n)s row was rejected, so nothing was imported. Fix it in the file and import it again, "
                "or choose to import only the valid rows.",
                "%(n)s rows were rejected, so nothing was imported. Fix them in the file and import it again, "
                "or choose to import only the valid rows.",
                plan.rejected_count,
            ) % {"n": plan.rejected_count}
            job.created_count = job.updated_count = job.skipped_count = job.contacts_count = 0
        else:
            with transaction.atomic():
                created_ids, contact_ids = _write(plan, job, user_id)
                job.created_partner_ids, job.created_contact_ids = created_ids, contact_ids
                job.status = ImportJob.Status.DONE
                job.file_data = b""
                job.finished_at = timezone.now()
                job.save()
            return plan
    except ImportFileError as error:
        job.status, job.error = ImportJob.Status.FAILED, str(error)
        plan = None
    except Exception:
        logger.exception("Import %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = _("The import failed on our side and nothing was imported. Try again later.")
        plan = None
    job.finished_at = timezone.now()
    job.file_data = b""
    job.save()
    return plan


def start_import(job, *, skip_invalid):
    """Confirm a previewed job: small files run now, large ones in the background. Returns True when done now."""
    from .tasks import run_partner_import

    job.skip_invalid = skip_invalid
    job.status = ImportJob.Status.QUEUED
    job.progress = 0
    job.save(update_fields=["skip_invalid", "status", "progress"])
    if job.row_count > settings.IMPORT_BACKGROUND_ROWS:
        run_partner_import.delay_on_commit(job.pk)
        return False
    if claim(job.pk):
        job.refresh_from_db()
        run_import(job)
    return True


def changed_since(job):
    """How many partners the import created have been edited since: undo removes them all the same."""
    if not job.finished_at:
        return 0
    return Partner.objects.filter(
        organization=job.organization, pk__in=job.created_partner_ids, updated_at__gt=job.finished_at
    ).count()


@transaction.atomic
def undo_import(job, *, by):
    """Remove the partners and contacts the import created and put back the values it changed."""
    if not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).update(status=ImportJob.Status.UNDONE):
        return False
    organization = job.organization
    for record in job.updates.select_related("partner__stage").filter(partner__organization=organization):
        partner = record.partner
        for attname, value in record.before.items():
            setattr(partner, attname, value)
        partner._change_reason = (_("Import of %(file)s undone") % {"file": job.file_name})[:100]
        partner.save()
        partner.tags.remove(*record.added_tag_ids)
        partner.networks.remove(*record.added_network_ids)
    for ids in _chunks(job.created_contact_ids):
        Contact.objects.filter(partner__organization=organization, pk__in=ids).delete()
    for ids in _chunks(job.created_partner_ids):
        Partner.objects.filter(organization=organization, pk__in=ids).delete()
    job.undone_at, job.undone_by = timezone.now(), by
    job.status = ImportJob.Status.UNDONE
    job.save(update_fields=["undone_at", "undone_by", "status"])
    return True


def rejected_rows_csv(job):
    """The rejected rows as they were in the file, with the line and the reasons: ready to fix and import again."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets Excel read UTF-8
    writer = csv.writer(buffer)
    writer.writerow([neutralize(h) for h in column_headers(job)] + [_("Line"), _("Reason")])
    for rejection in job.rejections:
        reasons = "; ".join(f"{field}: {reason}" if field else reason for field, reason in rejection["problems"])
        cells = list(rejection["cells"]) + [""] * (job.column_count - len(rejection["cells"]))
        writer.writerow([neutralize(c) for c in cells] + [rejection["line"], neutralize(reasons)])
    return buffer.getvalue()
