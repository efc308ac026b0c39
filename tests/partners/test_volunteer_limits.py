"""What a volunteer may not do: assign a partner's owner, or close someone else's follow-up."""

from django.urls import reverse

from partners.models import Partner
from tests.factories import FollowUpFactory, PartnerFactory

from .test_partner_pages import partner_data, url


def test_a_volunteer_s_new_partner_is_theirs_whatever_owner_is_sent(client_for, volunteer, staff, org):
    client = client_for(volunteer)
    form_page = client.get(url("partner_create", org)).content.decode()
    assert 'name="owner"' not in form_page

    client.post(url("partner_create", org), partner_data(org, owner=staff.pk))
    assert Partner.objects.get().owner == volunteer


def test_a_volunteer_cannot_hand_their_partner_to_someone_else(client_for, volunteer, staff, org):
    mine = PartnerFactory(organization=org, owner=volunteer)
    client = client_for(volunteer)
    assert 'name="owner"' not in client.get(url("partner_edit", org, partner_pk=mine.pk)).content.decode()

    data = partner_data(org, name="Renamed", owner=staff.pk, website="", wikidata_qid="")
    client.post(url("partner_edit", org, partner_pk=mine.pk), data)
    mine.refresh_from_db()
    assert mine.name == "Renamed"
    assert mine.owner == volunteer


def test_staff_and_admins_assign_owners(client_for, admin, staff, volunteer, org):
    client = client_for(staff)
    client.post(url("partner_create", org), partner_data(org, owner=volunteer.pk))
    partner = Partner.objects.get()
    assert partner.owner == volunteer

    client = client_for(admin)
    data = partner_data(org, owner=staff.pk, website="", wikidata_qid="")
    client.post(url("partner_edit", org, partner_pk=partner.pk), data)
    partner.refresh_from_db()
    assert partner.owner == staff


def done_url(org, follow_up):
    return reverse("follow_up_done", kwargs={"org_slug": org.slug, "follow_up_pk": follow_up.pk})


def test_a_volunteer_cannot_close_a_follow_up_of_someone_else_on_a_partner_they_do_not_own(
    client_for, volunteer, admin, org
):
    follow_up = FollowUpFactory(partner=PartnerFactory(organization=org, owner=admin), assignee=admin)
    client = client_for(volunteer)

    partner_page = client.get(follow_up.partner.get_absolute_url()).content.decode()
    assert follow_up.title in partner_page
    assert done_url(org, follow_up) not in partner_page

    response = client.post(done_url(org, follow_up), {"done": "1"})
    assert response.status_code == 403
    assert "assigned to them" in response.content.decode()
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_a_volunteer_closes_their_own_follow_ups_and_those_of_partners_they_own(client_for, volunteer, admin, org):
    assigned_to_me = FollowUpFactory(partner=PartnerFactory(organization=org, owner=admin), assignee=volunteer)
    on_my_partner = FollowUpFactory(partner=PartnerFactory(organization=org, owner=volunteer), assignee=admin)
    client = client_for(volunteer)
    for follow_up in (assigned_to_me, on_my_partner):
        assert done_url(org, follow_up) in client.get(follow_up.partner.get_absolute_url()).content.decode()
        client.post(done_url(org, follow_up), {"done": "1"})
        follow_up.refresh_from_db()
        assert follow_up.is_done and follow_up.done_by == volunteer


def test_staff_close_and_reopen_anyone_s_follow_up(client_for, staff, admin, org):
    follow_up = FollowUpFactory(partner=PartnerFactory(organization=org, owner=admin), assignee=admin)
    client = client_for(staff)
    client.post(done_url(org, follow_up), {"done": "1"})
    follow_up.refresh_from_db()
    assert follow_up.is_done
    client.post(done_url(org, follow_up), {"done": "0"})
    follow_up.refresh_from_db()
    assert not follow_up.is_done
