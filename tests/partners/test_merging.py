"""Merging one partner into another, and undoing it (partners/merging.py)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from partners import services
from partners.merging import MERGE_FIELDS, MergeError, default_sources, merge_partners, moving_counts, undo_merge
from partners.models import Contact, FollowUp, Interaction, Partner, PartnerMerge, ProtocolTick, StageChange
from reminders.models import Notification, Reminder
from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    NetworkFactory,
    PartnerFactory,
    PartnershipFactory,
    ReminderFactory,
    TagFactory,
)


@pytest.fixture
def pair(org, staff, volunteer):
    """A partner and its duplicate, each with its own rows of every kind."""
    stages = list(org.stages.all())
    survivor = PartnerFactory(
        organization=org, name="Musée Gadagne", city="Lyon", website="", owner=staff, stage=stages[1]
    )
    merged = PartnerFactory(
        organization=org,
        name="Musee Gadagne (history museum)",
        city="",
        website="https://www.gadagne-lyon.fr",
        wikidata_qid="Q3329723",
        owner=volunteer,
        stage=stages[2],
        short_term_value=4,
        long_term_value=5,
        capacity=3,
    )
    shared_tag, own_tag = TagFactory(organization=org), TagFactory(organization=org)
    network = NetworkFactory(organization=org)
    survivor.tags.add(shared_tag)
    merged.tags.add(shared_tag, own_tag)
    merged.networks.add(network)
    ContactFactory(partner=survivor, name="Ada Survivor")
    contact = ContactFactory(partner=merged, name="Bea Merged")
    old_day = timezone.localdate() - timedelta(days=40)
    services.log_interaction(survivor, Interaction(occurred_on=old_day, summary="First visit"), author=staff)
    interaction = services.log_interaction(
        merged,
        Interaction(occurred_on=timezone.localdate(), summary="Talked about photographs"),
        author=volunteer,
        our_participants=[volunteer],
        their_participants=[contact],
    )
    services.log_interaction(merged, Interaction(occurred_on=old_day, summary="A call"), author=volunteer)
    follow_up = FollowUpFactory(partner=merged, assignee=volunteer, interaction=interaction)
    services.move_stage(merged, stages[3], by=staff)
    services.move_stage(merged, stages[2], by=staff)
    protocol_step = stages[2].protocol_steps.first()
    services.set_tick(merged, protocol_step, True, by=volunteer)
    ProtocolTick.objects.create(
        partner=survivor, protocol_step=protocol_step, ticked_by=staff
    )  # already ticked: a clash
    services.set_tick(merged, stages[2].protocol_steps.last(), True, by=volunteer)
    ReminderFactory(follow_up=follow_up, partner=merged)
    Notification.objects.create(recipient=volunteer, organization=org, kind="stale_partner", partner=merged, title="x")
    merged.refresh_from_db()
    survivor.refresh_from_db()
    return survivor, merged


def rows_of(partner):
    """Every row that points to the partner, by kind, as sets of ids."""
    return {
        "contacts": set(Contact.objects.filter(partner=partner).values_list("pk", flat=True)),
        "interactions": set(Interaction.objects.filter(partner=partner).values_list("pk", flat=True)),
        "follow_ups": set(FollowUp.objects.filter(partner=partner).values_list("pk", flat=True)),
        "stage_changes": set(StageChange.objects.filter(partner=partner).values_list("pk", flat=True)),
        "ticks": set(ProtocolTick.objects.filter(partner=partner).values_list("pk", flat=True)),
        "reminders": set(Reminder.objects.filter(partner=partner).values_list("pk", flat=True)),
        "notifications": set(Notification.objects.filter(partner=partner).values_list("pk", flat=True)),
        "tags": set(partner.tags.values_list("pk", flat=True)),
        "networks": set(partner.networks.values_list("pk", flat=True)),
    }


def field_values(partner):
    partner.refresh_from_db()
    return {name: getattr(partner, Partner._meta.get_field(name).attname) for name in MERGE_FIELDS} | {
        "last_interaction_on": partner.last_interaction_on,
        "archived_at": partner.archived_at,
        "contact_due_on": partner.contact_due_on,
        "priority": partner.priority,
    }


def test_every_row_of_the_merged_partner_moves_to_the_survivor(pair, staff):
    survivor, merged = pair
    survivor_rows, merged_rows = rows_of(survivor), rows_of(merged)

    merge_partners(survivor, merged, fields=[], by=staff)

    after = rows_of(survivor)
    for kind in ("contacts", "interactions", "follow_ups", "stage_changes", "reminders", "notifications", "networks"):
        assert after[kind] == survivor_rows[kind] | merged_rows[kind], kind
        assert rows_of(merged)[kind] == set(), kind
    assert after["tags"] == survivor_rows["tags"] | merged_rows["tags"]
    # A protocol step both had ticked keeps the survivor's tick; the other tick moves.
    assert len(after["ticks"]) == 2
    assert len(rows_of(merged)["ticks"]) == 1
    # Interactions keep their participants, who are now the survivor's contacts.
    moved = Interaction.objects.get(summary__startswith="Talked", partner=survivor, author__username="carol")
    assert [c.name for c in moved.their_participants.all()] == ["Bea Merged"]
    assert moved.their_participants.get().partner == survivor


def test_the_survivor_keeps_its_values_except_the_fields_chosen_from_the_other(pair, staff, volunteer):
    survivor, merged = pair

    merge_partners(survivor, merged, fields=["website", "wikidata_qid", "owner", "stage", "capacity"], by=staff)

    survivor.refresh_from_db()
    assert survivor.name == "Musée Gadagne"
    assert survivor.city == "Lyon"
    assert survivor.website == "https://www.gadagne-lyon.fr"
    assert survivor.website_key == "gadagne-lyon.fr"
    assert survivor.wikidata_qid == "Q3329723"
    assert survivor.owner == volunteer
    assert survivor.stage == merged.stage
    assert survivor.capacity == 3 and survivor.short_term_value is None
    # The most recent interaction of either now drives the survivor's cadence.
    assert survivor.last_interaction_on == timezone.localdate()
    # The stage change is on the timeline, who made it and from where.
    change = survivor.stage_changes.order_by("-pk").first()
    assert (change.to_stage, change.changed_by) == (merged.stage, staff)


def test_the_default_choice_is_the_survivors_value_unless_it_is_empty(pair):
    survivor, merged = pair

    sources = default_sources(survivor, merged)

    assert sources["name"] == "survivor"
    assert sources["city"] == "survivor"
    assert sources["website"] == "merged"
    assert sources["wikidata_qid"] == "merged"
    assert sources["capacity"] == "merged"
    assert sources["size"] == "survivor"  # both empty


def test_the_merged_partner_is_archived_and_both_histories_record_the_merge(pair, staff):
    survivor, merged = pair

    merge = merge_partners(survivor, merged, fields=[], by=staff)

    merged.refresh_from_db()
    assert merged.is_archived
    assert PartnerMerge.objects.get(merged=merged) == merge
    assert merge.survivor == survivor and merge.merged_by == staff
    survivor_record, merged_record = survivor.history.first(), merged.history.first()
    assert survivor_record.history_change_reason == f"Merged with {merged.name} (#{merged.pk})"
    assert survivor_record.history_user == staff
    assert merged_record.history_change_reason == f"Merged into Musée Gadagne (#{survivor.pk})"
    assert merged_record.archived_at is not None


def test_the_comparison_counts_what_will_move(pair):
    survivor, merged = pair

    counts = dict(moving_counts(survivor, merged))

    assert counts["Contacts"] == 1
    assert counts["Interactions"] == 2
    assert counts["Follow-ups"] == 1
    assert counts["Stage changes"] == 2
    assert counts["Tags"] == 1  # the shared tag is already the survivor's
    assert counts["Networks"] == 1
    assert counts["Ticked protocol steps"] == 1


def test_undo_right_after_the_merge_puts_everything_back_exactly(pair, staff):
    survivor, merged = pair
    survivor_rows, merged_rows = rows_of(survivor), rows_of(merged)
    survivor_fields, merged_fields = field_values(survivor), field_values(merged)
    merge = merge_partners(survivor, merged, fields=list(MERGE_FIELDS), by=staff)

    undo_merge(merge, by=staff)

    assert rows_of(survivor) == survivor_rows
    assert rows_of(merged) == merged_rows
    assert field_values(survivor) == survivor_fields
    assert field_values(merged) == merged_fields
    merge.refresh_from_db()
    assert merge.undone_by == staff and merge.undone_at is not None
    assert merge.stage_change is None
    assert survivor.history.first().history_change_reason == f"Merge with {merged.name} (#{merged.pk}) undone"


def test_undo_is_refused_after_the_survivor_was_edited(pair, staff):
    survivor, merged = pair
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    survivor.refresh_from_db()
    survivor.description = "Edited after the merge"
    survivor.save()

    with pytest.raises(MergeError, match="Musée Gadagne was changed after the merge"):
        undo_merge(merge, by=staff)

    assert Contact.objects.filter(partner=merged).count() == 0
    merged.refresh_from_db()
    assert merged.is_archived


def _log(partner, day, author):
    return services.log_interaction(partner, Interaction(occurred_on=day, summary=f"On {day}"), author=author)


def test_undo_is_refused_after_a_newer_interaction_is_logged_with_the_survivor(org, staff):
    survivor, merged = PartnerFactory(organization=org), PartnerFactory(organization=org)
    _log(merged, timezone.localdate() - timedelta(days=10), staff)
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    _log(survivor, timezone.localdate(), staff)

    with pytest.raises(MergeError, match="changed after the merge"):
        undo_merge(merge, by=staff)


def test_rows_added_to_the_survivor_after_the_merge_stay_with_it_on_undo(org, staff):
    survivor, merged = PartnerFactory(organization=org), PartnerFactory(organization=org)
    moved = _log(merged, timezone.localdate(), staff)
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    older = _log(survivor, timezone.localdate() - timedelta(days=3), staff)
    contact = ContactFactory(partner=survivor)

    undo_merge(merge, by=staff)

    assert list(survivor.interactions.all()) == [older]
    assert list(merged.interactions.all()) == [moved]
    assert list(survivor.contacts.all()) == [contact]
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.last_interaction_on == older.occurred_on
    assert merged.last_interaction_on == moved.occurred_on


def test_undo_is_refused_once_a_moved_row_was_deleted_and_nothing_is_half_undone(pair, staff):
    survivor, merged = pair
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    survivor_rows = rows_of(survivor)
    Contact.objects.get(name="Bea Merged").delete()

    with pytest.raises(MergeError, match="Some contacts the merge moved were deleted or moved since"):
        undo_merge(merge, by=staff)

    assert rows_of(survivor)["interactions"] == survivor_rows["interactions"]
    merged.refresh_from_db()
    assert merged.is_archived


def test_a_merge_is_undone_only_once(pair, staff):
    survivor, merged = pair
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    undo_merge(merge, by=staff)

    with pytest.raises(MergeError, match="already undone"):
        undo_merge(merge, by=staff)


def test_partners_of_two_organizations_cannot_be_merged(org, other_org, staff):
    ours, theirs = PartnerFactory(organization=org), PartnerFactory(organization=other_org)

    with pytest.raises(Http404):
        merge_partners(ours, theirs, fields=[], by=staff)

    theirs.refresh_from_db()
    assert not theirs.is_archived


def test_an_archived_partner_is_not_merged(org, staff):
    survivor, merged = PartnerFactory(organization=org), PartnerFactory(organization=org)
    services.archive_partner(merged)

    with pytest.raises(MergeError, match="is archived: restore it before merging"):
        merge_partners(survivor, merged, fields=[], by=staff)


def test_a_partner_is_not_merged_with_itself(org, staff):
    partner = PartnerFactory(organization=org)

    with pytest.raises(MergeError, match="itself"):
        merge_partners(partner, partner, fields=[], by=staff)


def test_partnerships_move_with_their_partner_and_back_on_undo(pair, staff):
    survivor, merged = pair
    partnership = PartnershipFactory(partner=merged, owner=staff)

    merge = merge_partners(survivor, merged, fields=[], by=staff)
    partnership.refresh_from_db()
    assert partnership.partner == survivor

    undo_merge(merge, by=staff)
    partnership.refresh_from_db()
    assert partnership.partner == merged
