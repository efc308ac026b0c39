"""Planning an import: every row read, validated and matched against the organization's partners and the
file's earlier rows, in memory and without writing. The preview is a plan."""

import gc
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from oeplanner.bulk import BATCH_SIZE
from oeplanner.spreadsheets import too_many_rows

from .. import matching
from ..models import Partner, normalize_name
from .fields import CONTACT_KEYS, FIELDS_BY_KEY
from .models import ImportJob
from .rows import RowReader
from .source import source_of

PROGRESS_EVERY = 2000
SAMPLE_ROWS = 10


class Decision:
    """What to do with a row that may be an existing partner: the person's choice, per group or for all."""

    CREATE, UPDATE, SKIP = "create", "update", "skip"
    LABELS = {
        CREATE: gettext_lazy("Create a new partner"),
        UPDATE: gettext_lazy("Update the existing one"),
        SKIP: gettext_lazy("Skip this row"),
    }

    @classmethod
    def allowed(cls, mode):
        """Create-only and skip imports never change an existing partner."""
        if mode in (ImportJob.Mode.UPDATE, ImportJob.Mode.FILL):
            return [cls.CREATE, cls.UPDATE, cls.SKIP]
        return [cls.CREATE, cls.SKIP]

    @classmethod
    def default(cls, mode, reasons):
        """The same name in the same place is most often the same institution: treat it as the existing one (update
        or skip, as the import does with its certain matches). A site under another's path is most often another
        institution (a college of a university): create it."""
        if matching.NAME in reasons:
            return cls.UPDATE if mode in (ImportJob.Mode.UPDATE, ImportJob.Mode.FILL) else cls.SKIP
        return cls.CREATE

    @classmethod
    def of(cls, job, line, reasons):
        allowed = cls.allowed(job.mode)
        for choice in (job.decisions.get(str(line)), job.decisions.get("*")):
            if choice in allowed:
                return choice
        return cls.default(job.mode, reasons)


@dataclass(slots=True)
class PossibleDuplicate:
    """A row that may be one of the organization's partners or of the file's earlier rows: ``candidates`` is
    [(partner pk or earlier row, reason)]."""

    line: int
    values: dict
    candidates: list
    decision: str
    default: str


NO_NAMES = frozenset()  # one shared empty set: a new one per row would cost 216 bytes each


class NewPartner:
    """A partner a row creates; later rows of the same partner add contacts and tags to it. Its ``identity`` holds
    the normalized name and website key that the writing stores."""

    __slots__ = ("line", "values", "identity", "contacts", "tags", "networks")

    def __init__(self, line, values, identity=None):
        self.line = line
        self.values = values
        self.identity = identity
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
class ImportPlan:
    mode: str
    row_count: int = 0
    new: list = field(default_factory=list)
    matches: dict = field(default_factory=dict)  # existing partner pk → ExistingMatch
    skipped_rows: int = 0  # repeated_rows + possible_skipped
    repeated_rows: int = 0
    possible_skipped: int = 0
    rejections: list = field(default_factory=list)
    skipped_samples: list = field(default_factory=list)
    possible: list = field(default_factory=list)  # PossibleDuplicate, in file order
    warnings: list = field(default_factory=list)  # {"line", "problems"}: the row is imported, its contact not whole
    created_count: int = 0
    updated_count: int = 0

    @property
    def unchanged_count(self):
        """Existing partners the file names that the import leaves as they are (all of them, in skip mode)."""
        return len(self.matches) - self.updated_count if self.mode != ImportJob.Mode.CREATE else 0

    @property
    def skipped_count(self):
        return self.skipped_rows + self.unchanged_count

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
                note = _("%(reason)s as an existing partner") % {"reason": matching.REASONS[match.reason]}
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
            # Translators: put before the reason a row of an import changes nothing, e.g. "Unchanged: same website".
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
            "unchanged": self.unchanged_count,
            "possible_skipped": self.possible_skipped,
            "possible": len(self.possible),
            "warnings": len(self.warnings),
        }


def existing_index(organization):
    """The organization's partners by what makes them match, loaded once; refs are primary keys."""
    index = matching.Index()
    rows = Partner.objects.for_org(organization).values_list(
        "pk", "wikidata_qid", "website_key", "normalized_name", "country", "city"
    )
    for pk, qid, site, name, country, city in rows.iterator(chunk_size=5000):
        index.add(matching.Identity(qid=qid, site=site, name=name, country=country, city=normalize_name(city)), pk)
    return index


def _sample(line, values, note):
    return {
        "line": line,
        "name": values.get("name", ""),
        "city": values.get("city", ""),
        "website": values.get("website", ""),
        "note": note,
    }


def _already_exists(line, cells, reason):
    return {
        "line": line,
        "cells": cells,
        "problems": [
            (
                str(FIELDS_BY_KEY["name"].label),
                _("This partner already exists (%(reason)s); the import creates new partners only.")
                % {"reason": matching.REASONS[reason]},
            )
        ],
    }


def plan_import(job, *, progress=None, index=None):
    """Read, validate and match every row of the job's file; write nothing.

    A row is, in this order: a later row of a partner the file already holds (same certain key, or the same name
    in the same place), which adds its contact and tags; an existing partner by a certain key, handled as the
    job's mode says; a possible duplicate of existing partners, handled as the person decided (or by default);
    or a new partner."""
    organization = job.organization
    reader = RowReader(job, organization)
    index = index or existing_index(organization)
    plan = ImportPlan(mode=job.mode)
    in_file = matching.Index()  # refs are the file's NewPartner and ExistingMatch objects
    rows = source_of(job).rows()
    if job.has_header:
        next(rows, None)
    for count, (line, cells) in enumerate(rows, start=1):
        if count > settings.IMPORT_MAX_ROWS:
            raise too_many_rows(count)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, ImportJob.Phase.READING)
        plan.row_count = count
        values, problems, warnings = reader.read(cells)
        if problems:
            plan.rejections.append({"line": line, "problems": problems, "cells": cells})
            continue
        if warnings:
            plan.warnings.append({"line": line, "problems": warnings, "name": values.get("name", "")})
        contact = _contact_of(values)
        identity = matching.Identity.of(
            wikidata_qid=values.get("wikidata_qid", ""),
            website=values.get("website", ""),
            name=values["name"],
            country=values.get("country", ""),
            city=values.get("city", ""),
        )
        earlier = in_file.same(identity) or next(
            (found for found in in_file.possible(identity, loose=False) if found[1] == matching.NAME), None
        )
        if earlier is not None:
            _repeat(plan, earlier[0], line, values, contact)
            continue
        target = None
        same = index.same(identity)
        if same is not None:
            pk, reason = same
            if job.mode == ImportJob.Mode.CREATE:
                plan.rejections.append(_already_exists(line, cells, reason))
                continue
            target = plan.matches.get(pk) or plan.matches.setdefault(pk, ExistingMatch(line, values, pk, reason))
        else:
            # Existing partners first, then the file's earlier rows with a site under this one's path or over it
            # (within the file, the same name in the same place is a repeat, above).
            candidates = index.possible(identity) + [
                found for found in in_file.possible(identity) if found[1] == matching.SITE_PATH
            ]
            if candidates:
                reasons = {reason for _pk, reason in candidates}
                decision = Decision.of(job, line, reasons)
                shown = {key: values.get(key, "") for key in ("name", "city", "country", "website")}
                plan.possible.append(
                    PossibleDuplicate(line, shown, candidates, decision, Decision.default(job.mode, reasons))
                )
                if decision == Decision.SKIP:
                    plan.skipped_rows += 1
                    plan.possible_skipped += 1
                    if len(plan.skipped_samples) < SAMPLE_ROWS:
                        plan.skipped_samples.append(_sample(line, values, _("Possible duplicate, skipped")))
                    continue
                if decision == Decision.UPDATE:
                    ref, reason = candidates[0]
                    if isinstance(ref, NewPartner):  # an earlier row of the file: this row adds to it
                        _repeat(plan, ref, line, values, contact)
                        continue
                    target = plan.matches.get(ref) or plan.matches.setdefault(
                        ref, ExistingMatch(line, values, ref, reason)
                    )
        if target is None:
            target = NewPartner(line, values, identity)
            plan.new.append(target)
        if contact is not None:
            target.add_contact(contact)
        in_file.add(identity, target)
    if job.mode == ImportJob.Mode.SKIP:
        for match in plan.matches.values():
            if len(plan.skipped_samples) < SAMPLE_ROWS:
                note = _("Already exists (%(reason)s)") % {"reason": matching.REASONS[match.reason]}
                plan.skipped_samples.append(_sample(match.line, match.values, note))
    else:
        if progress:
            progress(0, ImportJob.Phase.CHECKING)
        _compare_with_existing(plan, job)
    plan.created_count = len(plan.new)
    plan.updated_count = sum(1 for m in plan.matches.values() if m.changed)
    return plan


def _repeat(plan, target, line, values, contact):
    """A later row of a partner an earlier row of the file holds: it adds its contact and tags to it."""
    plan.repeated_rows += 1
    plan.skipped_rows += 1
    target.tags |= values.get("tags", NO_NAMES)
    target.networks |= values.get("networks", NO_NAMES)
    if len(plan.skipped_samples) < SAMPLE_ROWS:
        note = _("Same partner as line %(line)s") % {"line": target.line}
        if contact and not target.has_contact(contact):
            # Translators: follows "Same partner as line 3" in an import's preview.
            note += _(": its contact is added")
        plan.skipped_samples.append(_sample(line, values, note))
    if contact is not None:
        target.add_contact(contact)


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
    # Prefetched partners hold reference cycles (about 10 kB each): free them before the write needs the memory.
    gc.collect()
