"""Turning the cells of one row into clean values, or saying precisely what is wrong with them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django_countries import countries

from oeplanner.forms import members_of
from oeplanner.spreadsheets import neutralize

from ..models import QID, Network, Partner, Tag, normalize_name
from .fields import CONTACT_KEYS, FIELDS_BY_KEY, MODEL_FIELDS


class RowError(Exception):
    pass


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
            for key in (
                "name",
                "region",
                "city",
                "street",
                "postal_code",
                "phone",
                "website",
                "thematic_focus",
                "suggested_by",
            )
        } | {key: model_field.max_length for key, model_field in MODEL_FIELDS.items()}
        self.name_sets = {}
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
        """(values, problems, warnings): values holds the non-empty cells, cleaned; problems, as (field label,
        reason), reject the row; warnings, in the same form, only drop the row's contact: a partner is never
        refused for what its contact lacks."""
        values, problems, warnings = {}, [], []
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
            if raw[0] == "'" and neutralize(raw[1:]) == raw:
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
                (warnings if import_field.target == "contact" else problems).append(
                    (str(import_field.label), str(error))
                )
                continue
            values[import_field.key] = value
        if "name" not in values and not any(p[0] == str(FIELDS_BY_KEY["name"].label) for p in problems):
            problems.append((str(FIELDS_BY_KEY["name"].label), _("The name is empty: every partner needs a name.")))
        if "contact_name" not in values and any(k in values for k in CONTACT_KEYS):
            if "contact_email" in values:
                values["contact_name"] = values["contact_email"]
            else:
                for key in CONTACT_KEYS:
                    values.pop(key, None)
                warnings.append(
                    (
                        str(FIELDS_BY_KEY["contact_name"].label),
                        _("The contact has no name and no e-mail address, so it is left out; the partner is kept."),
                    )
                )
        return values, problems, warnings

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
        if not QID.match(value):  # the model's validator, without a lazy object and an exception per row
            raise RowError(
                _("“%(value)s” is not a Wikidata item id: the letter Q then digits, such as Q42.")
                % {"value": _short(raw)}
            )
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
        names = frozenset(names)
        # A file repeats a few tag lists on many rows: each row shares the one set instead of holding its own.
        return self.name_sets.setdefault(names, names)

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
