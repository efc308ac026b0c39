from django.urls import reverse

from partners.models import Partner
from tests.factories import PartnerFactory, TagFactory


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def partner_data(org, **overrides):
    data = {
        "name": "Musée des Beaux-Arts",
        "sector": "glam",
        "kind": "museum",
        "country": "FR",
        "city": "Lyon",
        "website": "https://www.mba-lyon.fr/",
        "wikidata_qid": "q511",
        "stage": org.stages.first().pk,
        "tags": "paintings, open access",
        "short_term_value": "4",
        "long_term_value": "5",
        "capacity": "3",
    }
    data.update(overrides)
    return data


def test_staff_creates_a_partner_with_tags_and_a_computed_priority(client_for, staff, org):
    response = client_for(staff).post(url("partner_create", org), partner_data(org), follow=True)
    partner = Partner.objects.get(organization=org, name="Musée des Beaux-Arts")
    assert partner.wikidata_qid == "Q511"
    assert partner.priority == 12
    assert partner.website_key == "mba-lyon.fr"
    assert sorted(t.name for t in partner.tags.all()) == ["open access", "paintings"]
    assert "Musée des Beaux-Arts was added." in response.content.decode()
    assert partner.history.first().history_user == staff


def test_a_tag_typed_in_other_letter_case_is_the_existing_tag_as_in_the_import(client_for, staff, org):
    paintings = TagFactory(organization=org, name="Paintings")
    client_for(staff).post(url("partner_create", org), partner_data(org, tags="paintings, Open access"))
    partner = Partner.objects.get(organization=org, name="Musée des Beaux-Arts")
    assert sorted(t.name for t in partner.tags.all()) == ["Open access", "Paintings"]
    assert list(org.tags.filter(name__iexact="paintings")) == [paintings]


def test_a_likely_duplicate_is_shown_before_saving_and_can_be_saved_anyway(client_for, staff, org):
    existing = PartnerFactory(organization=org, name="Musee des Beaux Arts", city="lyon", website="")
    client = client_for(staff)
    data = partner_data(org, website="", wikidata_qid="")

    response = client.post(url("partner_create", org), data)
    content = response.content.decode()
    assert "This partner may already exist" in content
    assert existing.get_absolute_url() in content
    assert "same name in the same place" in content
    assert Partner.objects.filter(organization=org).count() == 1

    client.post(url("partner_create", org), {**data, "confirm_duplicate": "1"})
    assert Partner.objects.filter(organization=org).count() == 2


def test_duplicates_are_found_by_qid_and_by_a_website_under_the_same_site(client_for, staff, org):
    PartnerFactory(organization=org, name="Old name", website="http://mba-lyon.fr/en", wikidata_qid="Q511")
    content = client_for(staff).post(url("partner_create", org), partner_data(org)).content.decode()
    assert "same Wikidata item" in content
    assert "website under the same site" not in content  # the same partner is listed once, for its strongest reason


def test_a_partner_of_another_organization_is_not_a_duplicate(client_for, staff, org, other_org):
    PartnerFactory(organization=other_org, name="Musée des Beaux-Arts", city="Lyon", wikidata_qid="Q511")
    client_for(staff).post(url("partner_create", org), partner_data(org))
    assert Partner.objects.filter(organization=org).count() == 1


def test_bad_input_names_the_field_and_keeps_what_was_typed(client_for, staff, org):
    response = client_for(staff).post(
        url("partner_create", org),
        partner_data(org, name="", wikidata_qid="42", website="not a website", city="Villeurbanne", capacity="9"),
    )
    content = response.content.decode()
    assert "This field is required." in content
    assert "Enter a Wikidata item id such as Q42" in content
    assert "Enter a valid URL." in content
    assert "Ensure this value is less than or equal to 5." in content
    assert 'value="Villeurbanne"' in content
    assert not Partner.objects.filter(organization=org).exists()


def test_the_stage_and_owner_must_belong_to_the_organization(client_for, staff, org, other_org, outsider):
    data = partner_data(org, stage=other_org.stages.first().pk, owner=outsider.pk)
    content = client_for(staff).post(url("partner_create", org), data).content.decode()
    assert content.count("Select a valid choice.") == 2
    assert not Partner.objects.exists()


def test_volunteers_edit_the_partners_they_own_only(client_for, volunteer, staff, org):
    mine = PartnerFactory(organization=org, owner=volunteer)
    theirs = PartnerFactory(organization=org, owner=staff)
    client = client_for(volunteer)

    data = partner_data(org, name="Renamed by owner", owner=volunteer.pk, website="", wikidata_qid="")
    client.post(url("partner_edit", org, partner_pk=mine.pk), data)
    mine.refresh_from_db()
    assert mine.name == "Renamed by owner"

    response = client.post(url("partner_edit", org, partner_pk=theirs.pk), {**data, "name": "Hijacked"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name != "Hijacked"


def test_archive_asks_first_hides_the_partner_and_restore_brings_it_back(client_for, staff, org):
    partner = PartnerFactory(organization=org, name="Archive me")
    client = client_for(staff)

    assert "Archive Archive me?" in client.get(url("partner_archive", org, partner_pk=partner.pk)).content.decode()
    client.post(url("partner_archive", org, partner_pk=partner.pk))
    partner.refresh_from_db()
    assert partner.is_archived
    client.get(url("partner_list", org))  # the confirmation message names it once
    assert "Archive me" not in client.get(url("partner_list", org)).content.decode()
    assert "Archive me" in client.get(url("partner_list", org) + "?archived=yes").content.decode()

    client.post(url("partner_restore", org, partner_pk=partner.pk))
    partner.refresh_from_db()
    assert not partner.is_archived


def test_the_list_searches_filters_and_counts(client_for, volunteer, org):
    tag = TagFactory(organization=org, name="photos")
    lyon = PartnerFactory(organization=org, name="Bibliothèque de Lyon", city="Lyon", sector="glam")
    lyon.tags.add(tag)
    PartnerFactory(organization=org, name="École de Paris", city="Paris", sector="education")
    client = client_for(volunteer)

    content = client.get(url("partner_list", org) + "?q=lyon").content.decode()
    assert "Bibliothèque de Lyon" in content and "École de Paris" not in content
    assert "1 partner" in content

    content = client.get(url("partner_list", org) + f"?tag={tag.pk}&sector=glam").content.decode()
    assert "Bibliothèque de Lyon" in content and "École de Paris" not in content

    content = client.get(url("partner_list", org) + "?sector=stem").content.decode()
    assert "No partner matches these filters." in content


def test_the_list_filters_by_cadence_state(client_for, volunteer, org):
    from datetime import timedelta

    from django.utils import timezone

    from partners.models import Cadence

    today = timezone.localdate()
    stage = org.stages.get(name="Active")  # every 30 days
    ok = PartnerFactory(organization=org, name="Recent", stage=stage)
    due = PartnerFactory(organization=org, name="Forty days", stage=stage)
    stale = PartnerFactory(organization=org, name="Ninety days", stage=stage)
    for partner, days in ((ok, 3), (due, 40), (stale, 90)):
        partner.last_interaction_on = today - timedelta(days=days)
        partner.save()
    assert [ok.cadence(), due.cadence(), stale.cadence()] == [Cadence.OK, Cadence.DUE, Cadence.STALE]

    client = client_for(volunteer)
    for state, expected in (("ok", "Recent"), ("due", "Forty days"), ("stale", "Ninety days")):
        content = client.get(url("partner_list", org) + f"?cadence={state}").content.decode()
        names = {"Recent", "Forty days", "Ninety days"}
        assert expected in content
        assert not any(name in content for name in names - {expected})


def test_the_history_page_shows_who_changed_what(client_for, staff, org):
    client = client_for(staff)
    client.post(url("partner_create", org), partner_data(org))
    partner = Partner.objects.get(organization=org)
    client.post(url("partner_edit", org, partner_pk=partner.pk), partner_data(org, city="Villeurbanne"))
    content = client.get(url("partner_history", org, partner_pk=partner.pk)).content.decode()
    assert "city" in content and "Lyon" in content and "Villeurbanne" in content
    assert str(staff) in content


def test_sorting_by_priority_puts_unscored_partners_last(client_for, volunteer, org):
    PartnerFactory(organization=org, name="Unscored")
    PartnerFactory(organization=org, name="Low", short_term_value=1, long_term_value=1, capacity=1)
    PartnerFactory(organization=org, name="High", short_term_value=5, long_term_value=5, capacity=5)
    client = client_for(volunteer)
    for sort, expected in (("-priority", ["High", "Low", "Unscored"]), ("priority", ["Low", "High", "Unscored"])):
        content = client.get(url("partner_list", org) + f"?sort={sort}").content.decode()
        table = content[content.index("<tbody>") :]
        assert sorted(expected, key=table.index) == expected


def test_page_and_export_links_keep_the_filters(client_for, admin, org):
    for i in range(55):
        PartnerFactory(organization=org, name=f"Library {i:02}", sector="glam")
    content = client_for(admin).get(url("partner_list", org) + "?sector=glam&page=1").content.decode()
    assert "?sector=glam&amp;page=2" in content
    assert "/partners/export.csv?sector=glam" in content


def test_the_filter_bar_keeps_each_choice_and_escapes_names(client_for, staff, org):
    TagFactory(organization=org, name="<b>rare</b> & old")
    tag = TagFactory(organization=org, name="maps")
    response = client_for(staff).get(url("partner_list", org), {"tag": tag.pk, "country": "FR", "sector": "glam"})
    page = response.content.decode()
    assert f'<option value="{tag.pk}" selected>maps</option>' in page
    assert "&lt;b&gt;rare&lt;/b&gt; &amp; old</option>" in page
    assert '<option value="FR" selected>France</option>' in page
    assert '<option value="glam" selected>' in page
    assert '<option value="" selected>---------</option>' in page  # the stage, left empty
