"""Writing a plan: the new partners with their contacts, tags and networks, and the changes to matched ones, each
with its history record.

New partners go in as rows of plain values built straight from the plan (the names and website keys it already
normalized), not as model instances: for 100,000 rows, building and reading the instances cost four times the
CPU of building the rows."""

from django.utils import timezone
from django.utils.translation import gettext as _

from oeplanner.bulk import BATCH_SIZE, chunks, insert_history, reserve_ids, update_rows, values_of, write_rows

from ..models import Contact, Network, Partner, Tag, cadence_dates, priority_of
from .fields import FIELDS_BY_KEY
from .models import ImportedUpdate, ImportJob

PARTNER_FIELDS = [f.attname for f in Partner._meta.concrete_fields]
CONTACT_FIELDS = ["id", "partner_id", "name", "role", "email", "phone", "is_primary", "notes"]
TagLink, NetworkLink = Partner.tags.through, Partner.networks.through
DERIVED_FIELDS = {"normalized_name", "website_key", "priority", "contact_due_on", "stale_on", "updated_at"}


def _contact_rows(contacts_of):
    """Contact rows, with ids of their own (their history records need them), from [(partner id, contacts,
    whether the first one is primary)]."""
    ids = iter(reserve_ids(Contact, sum(len(contacts) for _pk, contacts, _primary in contacts_of)))
    return [
        (next(ids), partner_id, name, role, email, phone, primary and i == 0, "")
        for partner_id, contacts, primary in contacts_of
        for i, (name, role, email, phone) in enumerate(contacts)
    ]


def _links(partner_id, names, ids):
    """(partner id, tag or network id) once per name, whatever its case."""
    return [(partner_id, pk) for pk in {ids[name.lower()] for name in names}]


class NewPartnerRows:
    """The new partners as rows: the columns the file maps and the values derived from them vary from row to row;
    every other column holds the same value in all of them and is written once (``constants``)."""

    DERIVED = ["normalized_name", "website_key", "priority", "contact_due_on", "stale_on"]

    def __init__(self, job, stages, default_stage, now):
        defaults = {f.attname: f.get_default() for f in Partner._meta.concrete_fields}
        defaults.update(
            organization_id=job.organization_id,
            owner_id=job.default_owner_id,
            sector=job.default_sector or Partner.Sector.OTHER,
            stage_id=default_stage.pk,
            created_at=now,
            updated_at=now,
        )
        mapped = {
            key: FIELDS_BY_KEY[key].attname for key in job.mapping if key and FIELDS_BY_KEY[key].target == "partner"
        }
        self.mapped = [(key, defaults[attname]) for key, attname in mapped.items()]
        self.field_names = ["id", *mapped.values(), *self.DERIVED]
        self.constants = {name: value for name, value in defaults.items() if name not in self.field_names}
        self.default_stage_id = default_stage.pk
        today = timezone.localdate(now)
        self.cadence = {pk: cadence_dates(today, stage.cadence_days) for pk, stage in stages.items()}

    def row(self, pk, item):
        values, identity = item.values, item.identity
        get = values.get
        priority = priority_of(get("short_term_value"), get("long_term_value"), get("capacity"))
        return [
            pk,
            *[get(key, default) for key, default in self.mapped],
            identity.name,
            identity.site,
            priority,
            *self.cadence[get("stage", self.default_stage_id)],
        ]


def write_plan(plan, job, user_id, *, progress=None):
    """Write what the plan says; ``progress(count, phase)`` hears of each batch of partners written."""
    organization = job.organization
    now = timezone.now()
    reason = (_("Imported from %(file)s") % {"file": job.file_name})[:100]
    history = {"user_id": user_id, "reason": reason, "when": now}
    stages = {stage.pk: stage for stage in organization.stages.all()}
    default_stage = stages.get(job.default_stage_id) or next(iter(stages.values()))
    default_tag = job.default_tag.strip()
    tag_names = {default_tag} if default_tag else set()
    network_names = set()
    for item in [*plan.new, *plan.matches.values()]:
        tag_names |= item.tags
        network_names |= item.networks
    tag_ids = Tag.objects.ids_by_name(organization, tag_names)
    network_ids = Network.objects.ids_by_name(organization, network_names)
    new_rows = NewPartnerRows(job, stages, default_stage, now)

    created_ids = []
    for batch in chunks(plan.new):
        pks = reserve_ids(Partner, len(batch))
        partners = [new_rows.row(pk, item) for pk, item in zip(pks, batch, strict=True)]
        write_rows(Partner, new_rows.field_names, partners, constants=new_rows.constants)
        insert_history(
            Partner, new_rows.field_names, partners, constants=new_rows.constants, history_type="+", **history
        )
        created_ids += pks
        contacts = _contact_rows(
            [(pk, item.contacts, True) for pk, item in zip(pks, batch, strict=True) if item.contacts]
        )
        write_rows(Contact, CONTACT_FIELDS, contacts)
        insert_history(Contact, CONTACT_FIELDS, contacts, history_type="+", **history)
        tag_links, network_links = [], []
        for pk, item in zip(pks, batch, strict=True):
            tag_links += _links(pk, (item.tags | {default_tag}) if default_tag else item.tags, tag_ids)
            network_links += _links(pk, item.networks, network_ids)
        write_rows(TagLink, ["partner_id", "tag_id"], tag_links)
        write_rows(NetworkLink, ["partner_id", "network_id"], network_links)
        if progress:
            progress(len(created_ids), ImportJob.Phase.WRITING)

    changed = (
        [m for m in plan.matches.values() if m.changed]
        if job.mode in (ImportJob.Mode.UPDATE, ImportJob.Mode.FILL)
        else []
    )
    added_contact_ids = []
    updated = 0
    for batch in chunks(changed):
        by_pk = {m.pk: m for m in batch}
        partners = list(Partner.objects.filter(organization=organization, pk__in=by_pk).select_related("stage"))
        records, tag_links, network_links, update_fields = [], [], [], set()
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
            added_tags = {tag_ids[name.lower()] for name in match.added_tags}
            added_networks = {network_ids[name.lower()] for name in match.added_networks}
            tag_links += [(partner.pk, pk) for pk in added_tags]
            network_links += [(partner.pk, pk) for pk in added_networks]
            records.append(
                ImportedUpdate(
                    job=job,
                    partner=partner,
                    before=match.before,
                    added_tag_ids=sorted(added_tags),
                    added_network_ids=sorted(added_networks),
                )
            )
        update_rows(Partner, partners, sorted(update_fields | DERIVED_FIELDS))
        insert_history(
            Partner, PARTNER_FIELDS, values_of(Partner, partners, PARTNER_FIELDS), history_type="~", **history
        )
        contacts = _contact_rows(
            [
                (p.pk, by_pk[p.pk].new_contacts, not by_pk[p.pk].has_contacts)
                for p in partners
                if by_pk[p.pk].new_contacts
            ]
        )
        write_rows(Contact, CONTACT_FIELDS, contacts)
        insert_history(Contact, CONTACT_FIELDS, contacts, history_type="+", **history)
        added_contact_ids += [row[0] for row in contacts]
        write_rows(TagLink, ["partner_id", "tag_id"], tag_links)
        write_rows(NetworkLink, ["partner_id", "network_id"], network_links)
        ImportedUpdate.objects.bulk_create(records, batch_size=BATCH_SIZE)
        updated += len(partners)
        if progress:
            progress(len(created_ids) + updated, ImportJob.Phase.WRITING)
    return created_ids, added_contact_ids
