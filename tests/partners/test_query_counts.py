"""Pages run a fixed number of queries, whatever the number of rows shown or stored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    FollowUpFactory,
    InteractionFactory,
    NetworkFactory,
    PartnerFactory,
    TagFactory,
)
from tests.queries import count_queries


def grow(org, owner, n):
    """n partners owned by ``owner``, each with tags, a network, a contact, interactions and follow-ups."""
    tag = TagFactory(organization=org)
    network = NetworkFactory(organization=org)
    today = timezone.localdate()
    for _ in range(n):
        partner = PartnerFactory(organization=org, owner=owner)
        partner.tags.add(tag)
        partner.networks.add(network)
        contact = ContactFactory(partner=partner)
        interaction = InteractionFactory(partner=partner, author=owner)
        interaction.our_participants.add(owner)
        interaction.their_participants.add(contact)
        FollowUpFactory(partner=partner, assignee=owner, interaction=interaction, due_on=today - timedelta(days=1))
        FollowUpFactory(partner=partner, assignee=owner, due_on=today + timedelta(days=2))


PAGES = [
    lambda org: reverse("org_home", kwargs={"org_slug": org.slug}),
    lambda org: reverse("partner_list", kwargs={"org_slug": org.slug}),
    lambda org: reverse("partner_list", kwargs={"org_slug": org.slug}) + "?sector=glam&cadence=ok&sort=-priority&q=mus",
    lambda org: reverse("follow_up_list", kwargs={"org_slug": org.slug}),
    lambda org: reverse("network_list", kwargs={"org_slug": org.slug}),
    lambda org: reverse("stage_list", kwargs={"org_slug": org.slug}),
]


@pytest.mark.parametrize(
    "page", PAGES, ids=["dashboard", "partner_list", "partner_list_filtered", "follow_ups", "networks", "stages"]
)
def test_list_pages_run_the_same_queries_for_5_and_50_rows(client_for, volunteer, org, page, django_assert_num_queries):
    client = client_for(volunteer)
    url = page(org)
    grow(org, volunteer, 5)
    few = count_queries(client, url)
    grow(org, volunteer, 45)
    with django_assert_num_queries(few):
        client.get(url)


def test_the_partner_page_runs_the_same_queries_for_few_and_many_entries(
    client_for, staff, org, django_assert_num_queries
):
    client = client_for(staff)
    partner = PartnerFactory(organization=org, owner=staff)
    grow(org, staff, 2)
    for _ in range(3):
        contact = ContactFactory(partner=partner)
        InteractionFactory(partner=partner, author=staff).their_participants.add(contact)
        FollowUpFactory(partner=partner, assignee=staff)
    # Counted once the forms are in the cache (a new contact or member draws them again once).
    client.get(partner.get_absolute_url())
    few = count_queries(client, partner.get_absolute_url())
    for _ in range(40):
        contact = ContactFactory(partner=partner)
        InteractionFactory(partner=partner, author=staff).their_participants.add(contact)
        FollowUpFactory(partner=partner, assignee=staff)
    grow(org, staff, 20)
    client.get(partner.get_absolute_url())
    with django_assert_num_queries(few):
        client.get(partner.get_absolute_url())


def test_the_partner_page_stays_within_its_query_budget(client_for, staff, org):
    partner = PartnerFactory(organization=org, owner=staff)
    grow(org, staff, 3)
    # 25 before merging (merged-into and undoable-merge banners: 2) and partnerships (its panel) came to the page.
    assert count_queries(client_for(staff), partner.get_absolute_url()) <= 27


def test_the_history_page_runs_the_same_queries_for_few_and_many_changes(
    client_for, staff, org, django_assert_num_queries
):
    partner = PartnerFactory(organization=org)
    url = reverse("partner_history", kwargs={"org_slug": org.slug, "partner_pk": partner.pk})
    client = client_for(staff)
    for i in range(3):
        partner.city = f"City {i}"
        partner.save()
    few = count_queries(client, url)
    for i in range(40):
        partner.city = f"Town {i}"
        partner.save()
    with django_assert_num_queries(few):
        client.get(url)
