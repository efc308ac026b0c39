"""Partnerships, targets, outcomes, milestones, effort and benefits in the browser's forms."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from partnerships.models import Benefit, EffortEntry, Milestone, Outcome, Partnership, Target
from tests.factories import MilestoneFactory, PartnerFactory, PartnershipFactory, TargetFactory


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def test_staff_start_a_partnership_from_the_partner_page(client_for, staff, volunteer, org):
    partner = PartnerFactory(organization=org, owner=volunteer, name="Musée Gadagne")
    client = client_for(staff)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "No partnership yet." in page
    start = url("partnership_create", org, partner_pk=partner.pk)
    assert start in page

    response = client.post(
        start,
        {
            "name": "Photographing the puppet collection",
            "kind": "event",
            "status": "planned",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-30",
            "owner": volunteer.pk,
            "committed_hours": "40",
            "committed_skills": "Photography, Commons uploads",
            "continuation": "The museum uploads its new acquisitions itself.",
        },
    )
    partnership = Partnership.objects.get()
    assert response.status_code == 302 and response["Location"] == partnership.get_absolute_url()
    assert (partnership.organization, partnership.partner, partnership.owner) == (org, partner, volunteer)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert "Photographing the puppet collection" in page
    assert "Partnership <a href" in page  # on the partner's timeline too


def test_the_end_cannot_come_before_the_start_and_what_was_typed_stays(client_for, staff, org):
    partner = PartnerFactory(organization=org)
    response = client_for(staff).post(
        url("partnership_create", org, partner_pk=partner.pk),
        {"name": "Backwards", "kind": "event", "status": "planned", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    page = response.content.decode()
    assert "The end cannot come before the start." in page
    assert 'value="Backwards"' in page
    assert not Partnership.objects.exists()


def test_a_volunteer_who_owns_neither_cannot_edit_but_can_log_effort(client_for, volunteer, staff, org):
    partnership = PartnershipFactory(partner__organization=org, owner=staff)
    client = client_for(volunteer)
    assert client.get(url("partnership_edit", org, partnership_pk=partnership.pk)).status_code == 403
    assert client.get(url("target_create", org, partnership_pk=partnership.pk)).status_code == 403
    response = client.post(
        url("effort_create", org, partnership_pk=partnership.pk),
        {
            "effort-occurred_on": timezone.localdate().isoformat(),
            "effort-member": volunteer.pk,
            "effort-hours": "2.5",
            "effort-money": "0",
            "effort-kind": "event",
        },
    )
    assert response.status_code == 302
    assert EffortEntry.objects.get().hours == Decimal("2.5")


def test_partnership_changes_are_kept_in_its_history(client_for, staff, org):
    partnership = PartnershipFactory(partner__organization=org, name="Old name")
    client = client_for(staff)
    data = {"name": "New name", "kind": "programme", "status": "active", "starts_on": partnership.starts_on}
    client.post(url("partnership_edit", org, partnership_pk=partnership.pk), data)
    page = client.get(url("partnership_history", org, partnership_pk=partnership.pk)).content.decode()
    assert "Old name → New name" in page
    assert str(staff) in page


# --- Targets --------------------------------------------------------------------------------------------


def post_target(client, org, partnership, **data):
    defaults = {"metric": "articles_created", "custom_metric": "", "value": "50", "due_on": "2026-06-30"}
    return client.post(url("target_create", org, partnership_pk=partnership.pk), {**defaults, **data})


def test_a_target_needs_a_metric(client_for, staff, org):
    partnership = PartnershipFactory(partner__organization=org)
    response = post_target(client_for(staff), org, partnership, metric="", value="75")
    page = response.content.decode()
    assert "Choose what this target measures." in page
    assert 'value="75"' in page
    assert not Target.objects.exists()


def test_a_target_cannot_be_negative(client_for, staff, org):
    partnership = PartnershipFactory(partner__organization=org)
    response = post_target(client_for(staff), org, partnership, value="-5")
    assert "The value cannot be negative." in response.content.decode()
    assert not Target.objects.exists()


def test_a_custom_metric_needs_its_name_and_a_metric_is_targeted_once(client_for, staff, org):
    partnership = PartnershipFactory(partner__organization=org)
    client = client_for(staff)
    response = post_target(client, org, partnership, metric="custom")
    assert "Name the custom metric" in response.content.decode()
    assert post_target(client, org, partnership, metric="custom", custom_metric="Wikidata  items").status_code == 302
    assert Target.objects.get().metric_label == "Wikidata items"
    assert post_target(client, org, partnership).status_code == 302
    response = post_target(client, org, partnership, value="80")
    assert "already has a target for this metric" in response.content.decode()
    assert Target.objects.count() == 2


# --- Outcomes -------------------------------------------------------------------------------------------


def post_outcome(client, org, partnership, target, **data):
    defaults = {"outcome-target": target.pk, "outcome-value": "12", "outcome-occurred_on": timezone.localdate()}
    return client.post(url("outcome_create", org, partnership_pk=partnership.pk), {**defaults, **data})


def test_an_outcome_is_recorded_by_hand_against_a_target(client_for, staff, org):
    target = TargetFactory(partnership__partner__organization=org, metric="files_uploaded", value=100)
    client = client_for(staff)
    assert post_outcome(client, org, target.partnership, target, **{"outcome-note": "First batch"}).status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.metric, outcome.value, outcome.source, outcome.recorded_by) == (
        "files_uploaded",
        12,
        "manual",
        staff,
    )
    page = client.get(target.partnership.get_absolute_url()).content.decode()
    assert "12 / 100" in page


def test_a_negative_outcome_is_refused_and_nothing_is_saved(client_for, staff, org):
    target = TargetFactory(partnership__partner__organization=org)
    response = post_outcome(client_for(staff), org, target.partnership, target, **{"outcome-value": "-1"})
    assert response.status_code == 200
    assert "The value cannot be negative." in response.content.decode()
    assert not Outcome.objects.exists()


def test_an_outcome_for_another_organizations_partnership_is_refused(client_for, staff, org, other_org):
    foreign = TargetFactory(partnership__partner__organization=other_org)
    ours = TargetFactory(partnership__partner__organization=org)
    client = client_for(staff)
    assert post_outcome(client, org, foreign.partnership, foreign).status_code == 404
    # Nor can another organization's target be named on one of ours.
    response = post_outcome(client, org, ours.partnership, foreign)
    assert "Select a valid choice" in response.content.decode()
    assert not Outcome.objects.exists()


# --- Effort, milestones, benefits ------------------------------------------------------------------------


def test_effort_needs_hours_or_money_and_refuses_negative_hours(client_for, staff, org):
    partnership = PartnershipFactory(partner__organization=org)
    client = client_for(staff)
    data = {"effort-occurred_on": timezone.localdate(), "effort-member": staff.pk, "effort-kind": "event"}
    target = url("effort_create", org, partnership_pk=partnership.pk)
    response = client.post(target, {**data, "effort-hours": "0", "effort-money": "0", "effort-note": "kept"})
    assert "Give the hours, the money or both." in response.content.decode()
    assert 'value="kept"' in response.content.decode()
    response = client.post(target, {**data, "effort-hours": "-2", "effort-money": "0"})
    assert "The value cannot be negative." in response.content.decode()
    assert not EffortEntry.objects.exists()


def test_overdue_milestones_show_on_the_owners_dashboard_and_in_the_list(client_for, volunteer, staff, org):
    today = timezone.localdate()
    partnership = PartnershipFactory(partner__organization=org, owner=volunteer)
    MilestoneFactory(partnership=partnership, title="Sign the agreement", due_on=today - timedelta(days=2))
    MilestoneFactory(partnership=partnership, title="Hold the event", due_on=today + timedelta(days=9))
    MilestoneFactory(
        partnership=PartnershipFactory(partner__organization=org, owner=staff),
        title="Not mine",
        due_on=today - timedelta(days=2),
    )
    client = client_for(volunteer)
    page = client.get(url("org_home", org)).content.decode()
    assert "My overdue milestones" in page and "Sign the agreement" in page
    assert "Hold the event" not in page and "Not mine" not in page

    page = client.get(url("milestone_list", org) + "?state=overdue").content.decode()
    assert "Sign the agreement" in page and "Not mine" in page and "Hold the event" not in page


def test_the_owner_adds_a_milestone_and_marks_it_done(client_for, volunteer, org):
    partnership = PartnershipFactory(partner__organization=org, owner=volunteer)
    client = client_for(volunteer)
    response = client.post(
        url("milestone_create", org, partnership_pk=partnership.pk),
        {"milestone-title": "Report shared", "milestone-due_on": timezone.localdate() + timedelta(days=5)},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.organization == org
    client.post(url("milestone_done", org, milestone_pk=milestone.pk), {"done": "1"})
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate() and milestone.state() == "on_time"


def test_deleting_asks_first(client_for, staff, org):
    target = TargetFactory(partnership__partner__organization=org)
    client = client_for(staff)
    delete = url("target_delete", org, target_pk=target.pk)
    assert "Delete this target?" in client.get(delete).content.decode()
    assert Target.objects.exists()
    client.post(delete)
    assert not Target.objects.exists()


def test_any_member_notes_a_long_term_benefit(client_for, volunteer, org):
    partnership = PartnershipFactory(partner__organization=org)
    response = client_for(volunteer).post(
        url("benefit_create", org, partnership_pk=partnership.pk),
        {"benefit-noted_on": timezone.localdate(), "benefit-text": "The archive asked for a second workshop."},
    )
    assert response.status_code == 302
    assert Benefit.objects.get().author == volunteer
