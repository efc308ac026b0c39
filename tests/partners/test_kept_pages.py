"""The partner list, the partner page, my dashboard, the organization dashboard and the partnerships' pages are
kept whole (oeplanner.fragments.kept_page): a second visit is three queries and no template, and whatever anyone
writes shows on the next visit, for every member, each with their own CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from oeplanner.models import User
from partners.models import Partner
from tests.factories import FollowUpFactory, PartnerFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db(transaction=True)

# The session, the member, their membership (with the organization and its data version).
KEPT_PAGE_QUERIES = 3


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def visit(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), response.templates


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("page", ["partner_list", "partner_detail", "org_home", "overview", "partnership_list"])
def test_a_second_visit_is_the_kept_page_three_queries_and_no_template(page, client_for, staff, org):
    partner = PartnerFactory(organization=org, owner=staff, name="Museum aan de Stroom")
    FollowUpFactory(organization=org, partner=partner, assignee=staff)
    address = url(page, org, partner_pk=partner.pk) if page == "partner_detail" else url(page, org)
    client = client_for(staff)
    first, drawn = visit(client, address)
    assert drawn
    queries = count_queries(client, address)
    second, drawn_again = visit(client, address)
    assert queries == KEPT_PAGE_QUERIES
    assert drawn_again == []
    assert without_csrf(second) == without_csrf(first)


def test_each_session_gets_its_own_working_csrf_token_in_a_kept_page(staff, org):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(staff)
    second.force_login(staff)
    html_first, _ = visit(first, url("partner_list", org))
    html_second, drawn = visit(second, url("partner_list", org))
    assert drawn == []  # the page the first session drew
    assert "csrf-token-of-this-answer" not in html_second
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": csrf_token(html_second)})
    assert response.status_code == 302  # a token from another session would answer 403


def test_what_a_member_saves_shows_on_the_next_visit_of_every_kept_page(client_for, staff, volunteer, org):
    partner = PartnerFactory(organization=org, owner=volunteer, name="Letterenhuis", city="Antwerpen")
    staff_client = client_for(staff)
    volunteer_client = Client()
    volunteer_client.force_login(volunteer)
    pages = [
        (staff_client, url("partner_list", org)),
        (staff_client, url("partner_detail", org, partner_pk=partner.pk)),
        (volunteer_client, url("org_home", org)),
    ]
    for client, address in pages:
        assert "Letterenhuis" in visit(client, address)[0]

    response = staff_client.post(
        url("partner_edit", org, partner_pk=partner.pk),
        {
            "name": "Letterenhuis Antwerpen",
            "sector": "glam",
            "kind": "archive",
            "stage": partner.stage_id,
            "owner": volunteer.pk,
            "city": "Antwerpen",
        },
    )
    assert response.status_code == 302
    for client, address in pages:
        assert "Letterenhuis Antwerpen" in visit(client, address)[0]


def test_a_change_written_by_a_task_shows_on_the_next_visit(client_for, staff, org):
    partner = PartnerFactory(organization=org, owner=staff, city="Leuven")
    client = client_for(staff)
    assert "Leuven" in visit(client, url("partner_list", org))[0]
    Partner.objects.filter(pk=partner.pk).update(city="Mechelen")  # no signal, no save(): an import, a task
    html, drawn = visit(client, url("partner_list", org))
    assert drawn
    assert "Mechelen" in html and "Leuven" not in html


def test_a_kept_page_is_never_served_to_another_member(client_for, admin, volunteer, org):
    PartnerFactory(organization=org, owner=admin)
    address = url("partner_list", org)
    admin_page = visit(client_for(admin), address)[0]
    assert "Import partners" in admin_page
    volunteer_page, drawn = visit(client_for(volunteer), address)
    assert drawn
    assert "Import partners" not in volunteer_page


def test_a_renamed_member_shows_in_their_navigation_bar_at_once(client_for, staff, org):
    client = client_for(staff)
    visit(client, url("partner_list", org))
    User.objects.filter(pk=staff.pk).update(first_name="Roberta", last_name="Baert")
    assert "Roberta" in visit(client, url("partner_list", org))[0]


def test_a_one_time_message_shows_once_then_the_page_is_kept_again(client_for, staff, org):
    client = client_for(staff)
    response = client.post(
        url("partner_create", org),
        {"name": "KBR", "sector": "glam", "kind": "library", "stage": org.stages.first().pk},
        follow=True,
    )
    assert "KBR was added." in response.content.decode()
    detail = response.redirect_chain[-1][0]
    again, drawn = visit(client, detail)
    assert "KBR was added." not in again
    assert drawn  # the page with the message was not kept
    assert visit(client, detail)[1] == []
