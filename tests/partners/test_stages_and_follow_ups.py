from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from partners.models import FollowUp, ProtocolTick, StageChange
from tests.factories import FollowUpFactory, PartnerFactory


def org_url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def test_every_new_organization_gets_the_default_stages_with_protocols(org):
    names = list(org.stages.values_list("name", flat=True))
    assert names == ["Prospect", "First contact", "In discussion", "Agreed", "Active", "Sustained", "Closed"]
    assert all(stage.protocol_steps.exists() for stage in org.stages.all())


def test_ticking_records_who_and_when(client_for, volunteer, org):
    partner = PartnerFactory(organization=org, owner=volunteer)
    protocol_step = partner.stage.protocol_steps.first()
    client_for(volunteer).post(
        org_url("protocol_tick", org, partner_pk=partner.pk, protocol_step_pk=protocol_step.pk), {"ticked": "1"}
    )
    tick = ProtocolTick.objects.get(partner=partner, protocol_step=protocol_step)
    assert tick.ticked_by == volunteer
    content = client_for(volunteer).get(partner.get_absolute_url()).content.decode()
    assert f"ticked by {volunteer}" in content


def test_moving_with_an_unfinished_protocol_warns_naming_the_steps(client_for, staff, org):
    partner = PartnerFactory(organization=org)
    first, second = partner.stage.protocol_steps.all()
    ProtocolTick.objects.create(partner=partner, protocol_step=first, ticked_by=staff)
    target = org.stages.get(name="First contact")
    client = client_for(staff)

    response = client.post(org_url("partner_move_stage", org, partner_pk=partner.pk), {"stage": target.pk})
    content = response.content.decode()
    assert "is not finished" in content
    assert second.text in content and first.text not in content.split('id="unfinished-steps"')[1]
    partner.refresh_from_db()
    assert partner.stage.name == "Prospect"

    client.post(
        org_url("partner_move_stage", org, partner_pk=partner.pk), {"stage": target.pk, "confirm_unfinished": "on"}
    )
    partner.refresh_from_db()
    assert partner.stage == target
    change = StageChange.objects.get(partner=partner)
    assert (change.from_stage.name, change.to_stage, change.changed_by) == ("Prospect", target, staff)
    assert change.unfinished_protocol_steps == second.text


def test_moving_with_a_finished_protocol_needs_no_confirmation(client_for, staff, org):
    partner = PartnerFactory(organization=org)
    for protocol_step in partner.stage.protocol_steps.all():
        ProtocolTick.objects.create(partner=partner, protocol_step=protocol_step)
    target = org.stages.get(name="First contact")
    client_for(staff).post(org_url("partner_move_stage", org, partner_pk=partner.pk), {"stage": target.pk})
    partner.refresh_from_db()
    assert partner.stage == target


def test_a_volunteer_cannot_move_a_partner_they_do_not_own(client_for, volunteer, org):
    partner = PartnerFactory(organization=org)
    target = org.stages.get(name="First contact")
    response = client_for(volunteer).post(
        org_url("partner_move_stage", org, partner_pk=partner.pk), {"stage": target.pk}
    )
    assert response.status_code == 403
    assert not StageChange.objects.exists()


def test_moving_to_another_organizations_stage_is_refused(client_for, staff, org, other_org):
    partner = PartnerFactory(organization=org)
    foreign = other_org.stages.last()
    response = client_for(staff).post(org_url("partner_move_stage", org, partner_pk=partner.pk), {"stage": foreign.pk})
    assert "Select a valid choice" in response.content.decode()
    partner.refresh_from_db()
    assert partner.stage.organization == org


def test_admins_edit_a_stage_cadence_and_protocol_and_partners_follow(client_for, admin, staff, org):
    stage = org.stages.get(name="Prospect")
    partner = PartnerFactory(organization=org, stage=stage)
    protocol_steps = list(stage.protocol_steps.all())
    data = {
        "name": "Prospect",
        "position": "0",
        "cadence_days": "10",
        "protocol_steps-TOTAL_FORMS": str(len(protocol_steps) + 1),
        "protocol_steps-INITIAL_FORMS": str(len(protocol_steps)),
        "protocol_steps-MIN_NUM_FORMS": "0",
        "protocol_steps-MAX_NUM_FORMS": "1000",
    }
    for i, protocol_step in enumerate(protocol_steps):
        data.update(
            {
                f"protocol_steps-{i}-id": protocol_step.pk,
                f"protocol_steps-{i}-text": protocol_step.text,
                f"protocol_steps-{i}-position": i,
            }
        )
    data[f"protocol_steps-{len(protocol_steps)}-text"] = "Look the institution up on Wikidata"
    data[f"protocol_steps-{len(protocol_steps)}-position"] = "9"
    data["protocol_steps-0-DELETE"] = "on"

    assert client_for(staff).post(org_url("stage_edit", org, stage_pk=stage.pk), data).status_code == 403
    client_for(admin).post(org_url("stage_edit", org, stage_pk=stage.pk), data)

    stage.refresh_from_db()
    assert stage.cadence_days == 10
    assert list(stage.protocol_steps.values_list("text", flat=True)) == [
        protocol_steps[1].text,
        "Look the institution up on Wikidata",
    ]
    partner.refresh_from_db()
    assert partner.contact_due_on == timezone.localdate(partner.created_at) + timedelta(days=10)


def test_the_follow_up_list_filters_by_assignee_and_state(client_for, volunteer, staff, org):
    partner = PartnerFactory(organization=org)
    today = timezone.localdate()
    FollowUpFactory(partner=partner, assignee=volunteer, title="Overdue one", due_on=today - timedelta(days=2))
    FollowUpFactory(partner=partner, assignee=volunteer, title="Due today", due_on=today)
    FollowUpFactory(partner=partner, assignee=staff, title="Staff task", due_on=today + timedelta(days=3))
    FollowUpFactory(partner=partner, assignee=volunteer, title="Next month", due_on=today + timedelta(days=30))
    client = client_for(volunteer)
    base = org_url("follow_up_list", org)

    def titles(query):
        content = client.get(base + query).content.decode()
        return {t for t in ("Overdue one", "Due today", "Staff task", "Next month") if t in content}

    assert titles("") == {"Overdue one", "Due today", "Staff task", "Next month"}
    assert titles(f"?assignee={volunteer.pk}&state=overdue") == {"Overdue one"}
    assert titles("?state=today") == {"Due today"}
    assert titles("?state=week") == {"Staff task"}
    assert titles("?state=later") == {"Next month"}


def test_marking_a_follow_up_done_and_undone(client_for, volunteer, org):
    follow_up = FollowUpFactory(partner=PartnerFactory(organization=org), assignee=volunteer)
    client = client_for(volunteer)
    url = org_url("follow_up_done", org, follow_up_pk=follow_up.pk)
    client.post(url, {"done": "1"})
    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.done_by == volunteer
    assert "Send the draft agreement" in client.get(org_url("follow_up_list", org) + "?state=done").content.decode()
    client.post(url, {"done": "0"})
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_a_follow_up_needs_an_assignee(client_for, volunteer, org):
    partner = PartnerFactory(organization=org)
    response = client_for(volunteer).post(
        org_url("follow_up_create", org, partner_pk=partner.pk),
        {"f-title": "Call back", "f-due_on": timezone.localdate().isoformat()},
    )
    content = response.content.decode()
    assert "Choose who is responsible for the follow-up." in content
    assert 'value="Call back"' in content
    assert not FollowUp.objects.exists()


def test_the_dashboard_shows_my_partners_and_my_follow_ups(client_for, volunteer, staff, org):
    today = timezone.localdate()
    mine = PartnerFactory(organization=org, owner=volunteer, name="My museum")
    PartnerFactory(organization=org, owner=staff, name="Staff's library")
    FollowUpFactory(partner=mine, assignee=volunteer, title="Overdue call", due_on=today - timedelta(days=1))
    FollowUpFactory(partner=mine, assignee=volunteer, title="Visit this week", due_on=today + timedelta(days=4))
    FollowUpFactory(partner=mine, assignee=staff, title="Not mine", due_on=today)
    content = client_for(volunteer).get(org_url("org_home", org)).content.decode()
    assert "My museum" in content and "Staff&#x27;s library" not in content
    assert "Overdue call" in content and "Visit this week" in content and "Not mine" not in content
