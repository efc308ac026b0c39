"""Writing a plan: the new partners with their contacts, tags and networks, and the changes to matched ones."""

from django.utils import timezone
from django.utils.translation import gettext as _

from oeplanner.bulk import BATCH_SIZE, chunks, insert, insert_history, update_rows

from ..models import Contact, Network, Partner, Tag
from .fields import FIELDS_BY_KEY
from .models import ImportedUpdate, ImportJob


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


def write_plan(plan, job, user_id):
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
    for batch in chunks(plan.new):
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
    for batch in chunks(changed):
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


DERIVED_FIELDS = {"normalized_name", "website_key", "priority", "contact_due_on", "stale_on", "updated_at"}
