"""Work on partners that touches several models. Views, admin, import and tasks all call these."""

from datetime import datetime, time

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from . import extensions
from .models import (
    DEFAULT_STAGES,
    Cadence,
    FollowUp,
    Partner,
    ProtocolStep,
    ProtocolTick,
    Stage,
    StageChange,
)


def create_default_stages(organization):
    for position, (name, cadence_days, protocol_steps) in enumerate(DEFAULT_STAGES):
        stage = Stage.objects.create(
            organization=organization, name=str(name), position=position, cadence_days=cadence_days
        )
        ProtocolStep.objects.bulk_create(
            ProtocolStep(stage=stage, text=str(text), position=i) for i, text in enumerate(protocol_steps)
        )


@transaction.atomic
def log_interaction(partner, interaction, *, author, our_participants=(), their_participants=(), follow_up=None):
    """Save a new interaction (and its follow-up) and reset the partner's contact cadence.

    ``interaction`` is an unsaved Interaction; ``follow_up`` an unsaved FollowUp or None.
    """
    partner = Partner.objects.select_for_update().select_related("stage").get(pk=partner.pk)
    interaction.partner = partner
    interaction.organization_id = partner.organization_id
    interaction.author = author
    interaction.save()
    interaction.our_participants.set(our_participants)
    interaction.their_participants.set(their_participants)
    if follow_up is not None:
        follow_up.partner = partner
        follow_up.organization_id = partner.organization_id
        follow_up.interaction = interaction
        follow_up.created_by = author
        follow_up.save()
    if partner.last_interaction_on is None or interaction.occurred_on > partner.last_interaction_on:
        partner.last_interaction_on = interaction.occurred_on
        partner.save(update_fields=["last_interaction_on", "updated_at"])
    return interaction


@transaction.atomic
def update_interaction(interaction, *, our_participants, their_participants):
    interaction.save()
    interaction.our_participants.set(our_participants)
    interaction.their_participants.set(their_participants)
    partner = Partner.objects.select_for_update().select_related("stage").get(pk=interaction.partner_id)
    partner.last_interaction_on = partner.interactions.aggregate(last=Max("occurred_on"))["last"]
    partner.save(update_fields=["last_interaction_on", "updated_at"])
    return interaction


def unfinished_protocol_steps(partner):
    ticked = ProtocolTick.objects.filter(partner=partner).values("protocol_step_id")
    return list(partner.stage.protocol_steps.exclude(pk__in=ticked))


@transaction.atomic
def move_stage(partner, to_stage, *, by):
    """Move the partner to another stage of its organization; record the change and what was left undone."""
    partner = Partner.objects.select_for_update().select_related("stage").get(pk=partner.pk)
    if to_stage.organization_id != partner.organization_id:
        raise ValueError("A partner can only move to a stage of its own organization.")
    if to_stage.pk == partner.stage_id:
        return None
    change = StageChange.objects.create(
        partner=partner,
        from_stage=partner.stage,
        to_stage=to_stage,
        changed_by=by,
        unfinished_protocol_steps="\n".join(protocol_step.text for protocol_step in unfinished_protocol_steps(partner)),
    )
    partner.stage = to_stage
    partner._change_reason = f"stage: {change.from_stage} → {to_stage}"
    partner.save(update_fields=["stage", "updated_at"])
    return change


def set_tick(partner, protocol_step, ticked, *, by):
    if protocol_step.stage_id != partner.stage_id:
        raise ValueError("This protocol step belongs to another stage.")
    if ticked:
        ProtocolTick.objects.get_or_create(partner=partner, protocol_step=protocol_step, defaults={"ticked_by": by})
    else:
        ProtocolTick.objects.filter(partner=partner, protocol_step=protocol_step).delete()


def set_follow_up_done(follow_up, done, *, by):
    if done and follow_up.done_at is None:
        follow_up.done_at, follow_up.done_by = timezone.now(), by
    elif not done:
        follow_up.done_at, follow_up.done_by = None, None
    follow_up.save(update_fields=["done_at", "done_by"])


def archive_partner(partner):
    partner.archived_at = timezone.now()
    partner.save(update_fields=["archived_at", "updated_at"])


def restore_partner(partner):
    partner.archived_at = None
    partner.save(update_fields=["archived_at", "updated_at"])


@transaction.atomic
def save_stage(stage, steps_formset):
    """Save a stage with its protocol; when its cadence changed, recompute its partners' cadence dates."""
    cadence_changed = stage.pk and Stage.objects.filter(pk=stage.pk).exclude(cadence_days=stage.cadence_days).exists()
    stage.save()
    steps_formset.instance = stage
    steps_formset.save()
    if cadence_changed:
        batch = []
        for partner in stage.partners.only("pk", "created_at", "last_interaction_on").iterator(chunk_size=2000):
            partner.stage = stage
            partner.refresh_cadence()
            batch.append(partner)
            if len(batch) >= 1000:
                Partner.objects.bulk_update(batch, ["contact_due_on", "stale_on"])
                batch = []
        Partner.objects.bulk_update(batch, ["contact_due_on", "stale_on"])
    return stage


TIMELINE_PAGE = 20
TIMELINE_ALL = 500


def timeline(partner, limit=TIMELINE_PAGE):
    """Interactions, stage changes, follow-ups and other apps' entries of a partner in one list, newest first.

    Returns the ``limit`` newest entries and whether older ones exist. Each source gives at most
    ``limit + 1`` rows, so the cost does not grow with the partner's history.
    """
    fetch = limit + 1
    interactions = list(
        partner.interactions.select_related("author").prefetch_related("our_participants", "their_participants")[:fetch]
    )
    changes = list(partner.stage_changes.select_related("from_stage", "to_stage", "changed_by")[:fetch])
    follow_ups = list(partner.follow_ups.select_related("assignee", "done_by").order_by("-due_on", "-pk")[:fetch])
    entries = (
        [("interaction", _midday(i.occurred_on), i) for i in interactions]
        + [("stage_change", c.changed_at, c) for c in changes]
        + [("follow_up", _midday(f.due_on), f) for f in follow_ups]
    )
    for source in extensions.timeline_sources:
        entries += [(template, _midday(when), item) for template, when, item in source(partner, fetch)]
    entries.sort(key=lambda entry: entry[1], reverse=True)
    return entries[:limit], len(entries) > limit


def _midday(day):
    """Days sort among timestamps at their middle."""
    if isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time(12)))


# --- Figures for the organization dashboard (overview/): one aggregate query each -------------------------
# The partner counts are COUNT(*), not COUNT(id): the partial indexes partner_org_stage, partner_org_sector_due and
# partner_org_stale_owner then answer them alone (index-only scans), without reading the partner table.


def pipeline_by_stage(organization):
    """[(stage, number of current partners)] in stage order, stages without partners included."""
    counts = dict(Partner.objects.for_org(organization).active().values_list("stage").annotate(n=Count("*")).order_by())
    return [(stage, counts.get(stage.pk, 0)) for stage in organization.stages.order_by("position", "pk")]


def partners_by_sector(organization):
    """[(sector value, label, number of current partners)] for the sectors that have partners."""
    counts = dict(
        Partner.objects.for_org(organization).active().values_list("sector").annotate(n=Count("*")).order_by()
    )
    return [(value, label, counts[value]) for value, label in Partner.Sector.choices if value in counts]


def overdue_follow_ups_by_assignee(organization, today=None):
    """[(assignee pk, assignee name parts, number of overdue follow-ups)], most overdue first."""
    return list(
        FollowUp.objects.filter(organization=organization)
        .in_state("overdue", today)
        .values_list("assignee", "assignee__first_name", "assignee__last_name", "assignee__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "assignee__username")
    )


def stale_partners_by_owner(organization, today=None):
    """[(owner pk or None, owner name parts, number of current stale partners)], most first."""
    return list(
        Partner.objects.for_org(organization)
        .active()
        .with_cadence(Cadence.STALE, today)
        .values_list("owner", "owner__first_name", "owner__last_name", "owner__username")
        .annotate(n=Count("*"))
        .order_by("-n", "owner__username")
    )
