from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partners.models import FollowUp, Interaction
from tests.factories import ContactFactory, InteractionFactory, PartnerFactory


def log_url(partner):
    return reverse("interaction_create", kwargs={"org_slug": partner.organization.slug, "partner_pk": partner.pk})


def interaction_data(**overrides):
    data = {
        "i-occurred_on": timezone.localdate().isoformat(),
        "i-kind": "meeting",
        "i-is_targeted": "on",
        "i-summary": "Agreed on an edit-a-thon in March.",
        "i-next_steps": "Send dates",
    }
    data.update(overrides)
    return data


def test_one_form_logs_the_interaction_and_its_follow_up(client_for, volunteer, staff, org):
    partner = PartnerFactory(organization=org, owner=staff)
    contact = ContactFactory(partner=partner)
    due = timezone.localdate() + timedelta(days=7)
    response = client_for(volunteer).post(
        log_url(partner),
        interaction_data(
            **{
                "i-our_participants": [volunteer.pk],
                "i-their_participants": [contact.pk],
                "i-follow_up_title": "Send the dates",
                "i-follow_up_due_on": due.isoformat(),
                "i-follow_up_assignee": volunteer.pk,
            }
        ),
        follow=True,
    )
    interaction = Interaction.objects.get(partner=partner)
    assert interaction.author == volunteer
    assert list(interaction.their_participants.all()) == [contact]
    follow_up = FollowUp.objects.get(partner=partner)
    assert (follow_up.title, follow_up.due_on, follow_up.assignee, follow_up.interaction) == (
        "Send the dates",
        due,
        volunteer,
        interaction,
    )
    content = response.content.decode()
    assert "The interaction was logged." in content
    assert "Agreed on an edit-a-thon in March." in content and "Send the dates" in content


def test_logging_an_interaction_resets_the_contact_cadence(client_for, volunteer, org):
    partner = PartnerFactory(organization=org)
    partner.last_interaction_on = timezone.localdate() - timedelta(days=400)
    partner.save()
    assert partner.cadence() == "stale"
    client_for(volunteer).post(log_url(partner), interaction_data())
    partner.refresh_from_db()
    assert partner.last_interaction_on == timezone.localdate()
    assert partner.cadence() == "ok"


def test_a_follow_up_without_assignee_is_refused_and_nothing_is_written(client_for, volunteer, org):
    partner = PartnerFactory(organization=org)
    response = client_for(volunteer).post(
        log_url(partner),
        interaction_data(**{"i-follow_up_due_on": (timezone.localdate() + timedelta(days=2)).isoformat()}),
    )
    content = response.content.decode()
    assert "Choose who is responsible for the follow-up." in content
    assert "Agreed on an edit-a-thon in March." in content
    assert not Interaction.objects.exists() and not FollowUp.objects.exists()


def test_an_impossible_date_is_refused(client_for, volunteer, org):
    partner = PartnerFactory(organization=org)
    content = client_for(volunteer).post(log_url(partner), interaction_data(**{"i-occurred_on": "0202-03-01"})).content
    assert "The date must be between" in content.decode()
    assert not Interaction.objects.exists()


def test_an_archived_partner_refuses_new_interactions(client_for, staff, org):
    partner = PartnerFactory(organization=org)
    partner.archived_at = timezone.now()
    partner.save()
    client_for(staff).post(log_url(partner), interaction_data())
    assert not Interaction.objects.exists()


def test_posting_to_another_organizations_partner_writes_nothing(client_for, staff, other_org):
    foreign = PartnerFactory(organization=other_org)
    url = reverse("interaction_create", kwargs={"org_slug": "testland", "partner_pk": foreign.pk})
    assert client_for(staff).post(url, interaction_data()).status_code == 404
    assert not Interaction.objects.exists()


def test_only_the_author_staff_and_admins_edit_an_interaction(client_for, volunteer, staff, org):
    from oeplanner.models import Membership, Role
    from tests.factories import UserFactory

    other_volunteer = UserFactory(username="dave")
    Membership.objects.create(user=other_volunteer, organization=org, role=Role.VOLUNTEER)
    partner = PartnerFactory(organization=org)
    interaction = InteractionFactory(partner=partner, author=volunteer)
    url = reverse("interaction_edit", kwargs={"org_slug": org.slug, "interaction_pk": interaction.pk})
    data = {k.removeprefix("i-"): v for k, v in interaction_data(**{"i-summary": "Corrected"}).items()}

    assert client_for(other_volunteer).post(url, data).status_code == 403
    client_for(volunteer).post(url, data)
    interaction.refresh_from_db()
    assert interaction.summary == "Corrected"
    client_for(staff).post(url, {**data, "summary": "Corrected by staff"})
    interaction.refresh_from_db()
    assert interaction.summary == "Corrected by staff"


def test_the_timeline_shows_interactions_stage_changes_and_follow_ups_newest_first(client_for, staff, org):
    from partners import services
    from tests.factories import FollowUpFactory

    partner = PartnerFactory(organization=org)
    today = timezone.localdate()
    InteractionFactory(partner=partner, occurred_on=today - timedelta(days=20), summary="Old meeting")
    services.move_stage(partner, org.stages.all()[1], by=staff)
    FollowUpFactory(partner=partner, due_on=today + timedelta(days=5), title="Future follow-up", assignee=staff)
    content = client_for(staff).get(partner.get_absolute_url()).content.decode()
    timeline = content[content.index('id="timeline"') :]
    positions = [timeline.index(text) for text in ("Future follow-up", "Stage changed from", "Old meeting")]
    assert positions == sorted(positions)


def test_the_timeline_shows_the_newest_entries_and_older_ones_on_request(client_for, staff, org):
    partner = PartnerFactory(organization=org)
    today = timezone.localdate()
    for days in range(25):
        InteractionFactory(
            partner=partner, occurred_on=today - timedelta(days=days), summary=f"Meeting {days} days ago"
        )
    client = client_for(staff)
    content = client.get(partner.get_absolute_url()).content.decode()
    assert "Meeting 0 days ago" in content and "Meeting 19 days ago" in content
    assert "Meeting 24 days ago" not in content
    assert "Show older entries" in content
    content = client.get(partner.get_absolute_url() + "?timeline=all").content.decode()
    assert "Meeting 24 days ago" in content and "Show older entries" not in content
