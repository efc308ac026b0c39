"""The partner page's forms are drawn once and kept (partners.views._form_fragments); what they show stays current."""

import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ContactFactory, PartnerFactory


def page(client, partner):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(partner.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def options(html, name):
    """The labels a select or a checkbox list offers."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    if select:
        return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))
    return re.findall(rf'name="{name}" value="\d+"[^>]*>\s*<label[^>]*>\s*([^<]*?)\s*</label>', html)


def test_the_second_visit_draws_the_forms_from_the_cache(client_for, staff, org):
    # A name no earlier test gave a member: the first visit cannot find these forms in the cache already.
    staff.last_name = uuid.uuid4().hex
    staff.save()
    client = client_for(staff)
    partner = PartnerFactory(organization=org, owner=staff)
    first, first_queries = page(client, partner)
    second, second_queries = page(client, partner)
    assert second_queries < first_queries
    assert "Log interaction" in second and "Add follow-up" in second
    assert options(second, "f-assignee") == options(first, "f-assignee")


def test_a_renamed_member_shows_with_the_new_name_in_every_form(client_for, staff, volunteer, org):
    client = client_for(staff)
    partner = PartnerFactory(organization=org, owner=staff)
    before, _queries = page(client, partner)
    assert "Carol" in options(before, "f-assignee")
    volunteer.first_name, volunteer.last_name = "Caroline", "Dupont"
    volunteer.save()
    after, _queries = page(client, partner)
    assert "Caroline Dupont" in options(after, "f-assignee")
    assert "Caroline Dupont" in options(after, "i-follow_up_assignee")
    assert "Caroline Dupont" in options(after, "i-our_participants")
    assert "Carol" not in options(after, "f-assignee")


def test_a_new_contact_can_be_chosen_as_a_participant_at_once(client_for, staff, org):
    client = client_for(staff)
    partner = PartnerFactory(organization=org, owner=staff)
    ContactFactory(partner=partner, name="Ada Curator")
    before, _queries = page(client, partner)
    assert options(before, "i-their_participants") == ["Ada Curator"]
    ContactFactory(partner=partner, name="Bea Librarian")
    after, _queries = page(client, partner)
    assert options(after, "i-their_participants") == ["Ada Curator", "Bea Librarian"]


def test_the_move_form_offers_the_stages_of_where_the_partner_is_now(client_for, staff, org):
    client = client_for(staff)
    first_stage, second_stage = org.stages.order_by("position")[:2]
    partner = PartnerFactory(organization=org, owner=staff, stage=first_stage)
    before, _queries = page(client, partner)
    assert second_stage.name in options(before, "stage")
    assert first_stage.name not in options(before, "stage")
    client.post(
        reverse("partner_move_stage", kwargs={"org_slug": org.slug, "partner_pk": partner.pk}),
        {"stage": second_stage.pk, "confirm_unfinished": "1"},
    )
    after, _queries = page(client, partner)
    assert first_stage.name in options(after, "stage")
    assert second_stage.name not in options(after, "stage")


def test_a_form_sent_back_with_errors_is_not_kept(client_for, staff, org):
    client = client_for(staff)
    partner = PartnerFactory(organization=org, owner=staff)
    page(client, partner)
    url = reverse("follow_up_create", kwargs={"org_slug": org.slug, "partner_pk": partner.pk})
    refused = client.post(url, {"f-title": "Send the agreement", "f-due_on": "", "f-assignee": ""}).content.decode()
    assert "Choose who is responsible for the follow-up." in refused
    assert 'value="Send the agreement"' in refused
    again, _queries = page(client, partner)
    assert "Choose who is responsible for the follow-up." not in again
    assert "Send the agreement" not in again
