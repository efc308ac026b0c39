"""The merge pages: finding the other partner, comparing, merging, undoing, and the possible duplicates."""

import pytest
from django.urls import reverse

from partners.merging import GROUP_SHOWN, DuplicateGroups, merge_partners
from partners.models import Partner, PartnerMerge
from tests.factories import ContactFactory, InteractionFactory, PartnerFactory
from tests.queries import count_queries


def url(name, org, *args):
    return reverse(name, args=[org.slug, *args])


@pytest.fixture
def twins(org, staff):
    survivor = PartnerFactory(organization=org, name="Musée Gadagne", city="Lyon", owner=staff)
    merged = PartnerFactory(
        organization=org, name="Musee Gadagne", city="", website="https://gadagne-lyon.fr", description="Old site"
    )
    ContactFactory(partner=merged, name="Bea Merged")
    return survivor, merged


def test_staff_find_the_merge_action_on_a_partner_page_and_volunteers_do_not(client_for, staff, volunteer, twins):
    survivor, _merged = twins
    merge_url = url("partner_merge", survivor.organization, survivor.pk)

    assert merge_url in client_for(staff).get(survivor.get_absolute_url()).content.decode()
    assert merge_url not in client_for(volunteer).get(survivor.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "name,args",
    [
        ("partner_merge", ["survivor"]),
        ("partner_merge_compare", ["survivor", "merged"]),
        ("partner_duplicates", []),
    ],
)
def test_volunteers_may_not_open_the_merge_pages(client_for, org, volunteer, twins, name, args):
    objects = dict(zip(["survivor", "merged"], twins, strict=True))
    client = client_for(volunteer)

    assert client.get(url(name, org, *(objects[a].pk for a in args))).status_code == 403
    assert client.post(url(name, org, *(objects[a].pk for a in args))).status_code == 403
    assert not PartnerMerge.objects.exists()


def test_volunteers_may_not_undo_a_merge(client_for, org, staff, volunteer, twins):
    merge = merge_partners(*twins, fields=[], by=staff)

    assert client_for(volunteer).post(url("partner_merge_undo", org, merge.pk)).status_code == 403

    merge.refresh_from_db()
    assert merge.undone_at is None


def test_the_search_lists_other_current_partners_by_name(client_for, org, staff, twins):
    survivor, merged = twins
    archived = PartnerFactory(organization=org, name="Gadagne archive")
    archived.archived_at = archived.created_at
    archived.save()

    response = client_for(staff).get(url("partner_merge", org, survivor.pk), {"q": "gadagne"})

    assert [p.pk for p in response.context["candidates"]] == [merged.pk]
    assert url("partner_merge_compare", org, survivor.pk, merged.pk) in response.content.decode()


def test_the_search_says_when_nothing_matches(client_for, org, staff, twins):
    response = client_for(staff).get(url("partner_merge", org, twins[0].pk), {"q": "zzz"})

    assert "No other partner matches “zzz”" in response.content.decode()


def test_the_comparison_offers_each_differing_field_with_the_survivors_value_by_default(client_for, org, staff, twins):
    survivor, merged = twins

    response = client_for(staff).get(url("partner_merge_compare", org, survivor.pk, merged.pk))

    form = response.context["form"]
    assert form["city"].initial == "survivor"
    assert form["website"].initial == "merged"
    assert form["description"].initial == "merged"
    assert "sector" not in form.fields  # the same on both
    page = response.content.decode()
    assert "Contacts: 1" in page
    assert "Merge Musee Gadagne into Musée Gadagne" in page


def test_merging_from_the_comparison_keeps_the_chosen_values_and_offers_undo(client_for, org, staff, twins):
    survivor, merged = twins
    client = client_for(staff)
    choices = {
        "name": "merged",
        "city": "survivor",
        "website": "merged",
        "description": "survivor",
        "owner": "survivor",
    }

    response = client.post(url("partner_merge_compare", org, survivor.pk, merged.pk), choices, follow=True)

    assert response.redirect_chain[-1][0] == survivor.get_absolute_url()
    page = response.content.decode()
    assert "Musee Gadagne was merged into Musée Gadagne and archived." in page
    assert "Undo merge" in page
    assert "Bea Merged" in page
    survivor.refresh_from_db()
    assert (survivor.name, survivor.city, survivor.website, survivor.description) == (
        "Musee Gadagne",
        "Lyon",
        "https://gadagne-lyon.fr",
        "",
    )
    merged_page = client.get(merged.get_absolute_url()).content.decode()
    assert "Merged into" in merged_page and survivor.get_absolute_url() in merged_page


def test_a_comparison_without_a_choice_is_shown_again_and_nothing_is_merged(client_for, org, staff, twins):
    survivor, merged = twins

    response = client_for(staff).post(url("partner_merge_compare", org, survivor.pk, merged.pk), {"city": "merged"})

    assert response.status_code == 200
    assert "Choose which value to keep." in response.content.decode()
    assert response.context["form"]["city"].value() == "merged"
    assert not PartnerMerge.objects.exists()
    merged.refresh_from_db()
    assert not merged.is_archived


def test_a_partner_is_not_compared_with_itself(client_for, org, staff, twins):
    response = client_for(staff).get(url("partner_merge_compare", org, twins[0].pk, twins[0].pk))

    assert response.status_code == 404


def test_another_organizations_partner_cannot_be_merged(client_for, org, other_org, staff, twins):
    theirs = PartnerFactory(organization=other_org)

    response = client_for(staff).post(url("partner_merge_compare", org, twins[0].pk, theirs.pk), {})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_archived


def test_an_archived_partner_is_sent_back_to_its_page(client_for, org, staff, twins):
    survivor, merged = twins
    merge_partners(survivor, merged, fields=[], by=staff)

    response = client_for(staff).get(url("partner_merge_compare", org, survivor.pk, merged.pk), follow=True)

    assert "is archived: restore it before merging" in response.content.decode()


def test_undo_from_the_survivors_page_brings_the_merged_partner_back(client_for, org, admin, twins):
    survivor, merged = twins
    merge = merge_partners(survivor, merged, fields=["website"], by=admin)

    response = client_for(admin).post(url("partner_merge_undo", org, merge.pk), follow=True)

    assert "The merge was undone" in response.content.decode()
    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert not merged.is_archived and survivor.website == ""
    assert merged.contacts.get().name == "Bea Merged"


def test_undo_after_a_later_edit_is_refused_with_the_reason(client_for, org, staff, twins):
    survivor, merged = twins
    merge = merge_partners(survivor, merged, fields=[], by=staff)
    client = client_for(staff)
    survivor.refresh_from_db()
    survivor.city = "Lyon 5e"
    survivor.save()

    page = client.get(survivor.get_absolute_url()).content.decode()
    assert "Undo merge" not in page
    response = client.post(url("partner_merge_undo", org, merge.pk), follow=True)

    assert "Musée Gadagne was changed after the merge, so the merge can no longer be undone." in (
        response.content.decode()
    )
    merged.refresh_from_db()
    assert merged.is_archived


def test_possible_duplicates_group_partners_by_qid_website_and_name_in_one_country(org, other_org):
    PartnerFactory(organization=org, name="Universidad Central", country="CL", city="")
    PartnerFactory(organization=org, name="Universidad Central", country="BO", city="")
    toronto = PartnerFactory(organization=org, name="University of Toronto", website="https://www.utoronto.ca")
    stmikes = PartnerFactory(organization=org, name="St. Michael's College", website="https://utoronto.ca/stmikes/")
    uoft = PartnerFactory(organization=org, name="U of T", website="http://utoronto.ca/")
    first = PartnerFactory(organization=org, name="Musée A", wikidata_qid="Q1")
    second = PartnerFactory(organization=org, name="Museum A", wikidata_qid="Q1")
    lyon = [PartnerFactory(organization=org, name="Musée des Beaux-Arts", country="FR") for _ in range(2)]
    gone = PartnerFactory(organization=org, name="Musee des beaux arts", country="FR")
    gone.archived_at = gone.created_at
    gone.save()
    PartnerFactory(organization=other_org, name="Musée des Beaux-Arts", country="FR")

    groups = DuplicateGroups(org)[0:20]

    assert DuplicateGroups(org).count() == 3
    assert [g.pairs for g in groups] == [
        [(toronto, stmikes, "website under the same site", False), (toronto, uoft, "same website", True)],
        [(first, second, "same Wikidata item", True)],
        [(lyon[0], lyon[1], "same name in the same place", False)],
    ]


def test_possible_duplicates_follow_the_imports_rules_on_countries_and_cities(org):
    PartnerFactory(organization=org, name="Universidad Central", country="BO", city="", website="")
    PartnerFactory(organization=org, name="Universidad Central", country="CL", city="", website="")
    lyon = PartnerFactory(organization=org, name="Musée des Beaux-Arts", country="FR", city="Lyon", website="")
    PartnerFactory(organization=org, name="Musée des Beaux-Arts", country="FR", city="Orléans", website="")
    somewhere = PartnerFactory(organization=org, name="Musee des beaux arts", country="", city="", website="")

    assert [g.pairs for g in DuplicateGroups(org)[0:20]] == [[(lyon, somewhere, "same name in the same place", False)]]


def test_a_large_group_shows_its_first_partners_and_how_many_more(org):
    partners = [PartnerFactory(organization=org, website="https://big.example") for _ in range(GROUP_SHOWN + 3)]

    (group,) = DuplicateGroups(org)[0:20]

    assert group.size == GROUP_SHOWN + 3
    assert group.hidden == 3
    assert group.pairs == [(partners[0], other, "same website", True) for other in partners[1:GROUP_SHOWN]]


def test_the_duplicates_page_links_each_pair_to_its_comparison(client_for, org, staff, twins):
    survivor, merged = twins
    survivor.country = merged.country = "FR"
    survivor.name = merged.name
    survivor.save()

    page = client_for(staff).get(url("partner_duplicates", org)).content.decode()

    assert "same name in the same place" in page
    assert url("partner_merge_compare", org, survivor.pk, merged.pk) in page


def test_the_duplicates_page_says_what_it_looks_for_when_there_is_none(client_for, org, staff):
    PartnerFactory(organization=org)

    page = client_for(staff).get(url("partner_duplicates", org)).content.decode()

    assert "No possible duplicates" in page


def _grow_duplicates(org, n, start=0):
    for i in range(start, start + n):
        PartnerFactory(organization=org, name=f"Library {i}", wikidata_qid=f"Q{100 + i}", website=f"https://l{i}.org")
        PartnerFactory(organization=org, name=f"Library {i}", wikidata_qid=f"Q{100 + i}", website=f"https://l{i}.org")


def test_the_duplicates_page_runs_the_same_queries_for_5_and_50_groups(
    client_for, org, staff, django_assert_num_queries
):
    client = client_for(staff)
    _grow_duplicates(org, 2)
    few = count_queries(client, url("partner_duplicates", org))
    _grow_duplicates(org, 25, start=2)

    with django_assert_num_queries(few):
        response = client.get(url("partner_duplicates", org))
    assert len(response.context["page"].object_list) == 20


def test_the_comparison_page_runs_the_same_queries_for_few_and_many_rows(
    client_for, org, staff, twins, django_assert_num_queries
):
    survivor, merged = twins
    client = client_for(staff)
    compare = url("partner_merge_compare", org, survivor.pk, merged.pk)
    few = count_queries(client, compare)
    for _ in range(30):
        ContactFactory(partner=merged)
        InteractionFactory(partner=merged)

    with django_assert_num_queries(few):
        response = client.get(compare)
    assert "Contacts: 31" in response.content.decode()
    assert Partner.objects.get(pk=merged.pk).archived_at is None
