"""Mapping a file's columns to fields: by well-known names, by what the values look like, or as saved."""

from django.utils.translation import gettext as _
from django_countries import countries

from ..models import normalize_name
from .fields import FIELDS, FIELDS_BY_KEY, column_aliases
from .source import EMAIL_LIKE, QID_LIKE, URL_LIKE, column_headers, column_samples


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
    aliases = column_aliases()
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
