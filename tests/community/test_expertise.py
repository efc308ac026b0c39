"""The expertise directory: organizations list what they know well; others find them."""

from community.models import Expertise
from oeplanner.models import Role
from tests.factories import ExpertiseFactory, MembershipFactory, UserFactory


def _form(org, **overrides):
    data = {
        "organization": org.pk,
        "area_list": ["glam", "evaluating"],
        "description": "Ten years of GLAM partnerships.",
        "contact_email": "glam@example.org",
        "languages": "English, German",
        "region": "Central Europe",
    }
    data.update(overrides)
    return data


def test_staff_list_their_organization_and_others_find_it_by_area_region_and_language(client_for, staff, org, outsider):
    client = client_for(staff)
    response = client.post("/community/expertise/new/", _form(org))
    entry = Expertise.objects.get(organization=org)
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.area_list == ["glam", "evaluating"]

    client = client_for(outsider)
    for query in ("area=glam", "region=central", "language=german", "q=GLAM+partnerships"):
        assert "Wikimedia Testland" in client.get(f"/community/expertise/?{query}").content.decode(), query
    for query in ("area=stem", "region=asia", "language=french"):
        page = client.get(f"/community/expertise/?{query}").content.decode()
        assert "Wikimedia Testland" not in page, query
        assert "No organization matches these filters" in page


def test_an_area_filter_does_not_match_an_area_whose_name_contains_it(client_for, org, other_org, outsider):
    ExpertiseFactory(organization=org, areas=",free_knowledge,")
    page = client_for(outsider).get("/community/expertise/?area=glam").content.decode()
    assert "Wikimedia Testland" not in page


def test_volunteers_cannot_list_their_organization(client_for, volunteer):
    response = client_for(volunteer).post("/community/expertise/new/", {})
    assert response.status_code == 403
    assert not Expertise.objects.exists()


def test_a_contact_is_required_and_what_was_typed_is_kept(client_for, staff, org):
    response = client_for(staff).post("/community/expertise/new/", _form(org, contact_email="", area_list=[]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a contact: choose a member or enter an e-mail address." in page
    assert "Tick at least one area your organization knows well." in page
    assert "Ten years of GLAM partnerships." in page
    assert not Expertise.objects.exists()


def test_the_contact_person_must_belong_to_the_organization(client_for, staff, org, outsider, other_org):
    both = UserFactory(username="both")
    MembershipFactory(user=both, organization=other_org)
    MembershipFactory(user=staff, organization=other_org, role=Role.STAFF)
    response = client_for(staff).post("/community/expertise/new/", _form(org, contact_member=both.pk))
    assert "The contact person must be a member of Wikimedia Testland." in response.content.decode()
    assert not Expertise.objects.exists()


def test_a_script_in_the_description_is_shown_as_text(client_for, org, outsider):
    entry = ExpertiseFactory(organization=org, description='<script>alert("x")</script>\nSecond line')
    page = client_for(outsider).get(entry.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in page


def test_another_organization_cannot_edit_an_entry(client_for, org, outsider):
    entry = ExpertiseFactory(organization=org, description="Ours")
    client = client_for(outsider)
    url = f"/community/expertise/{entry.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"description": "Hijacked"}).status_code == 404
    entry.refresh_from_db()
    assert entry.description == "Ours"
    assert entry.history.count() == 1


def test_an_edit_is_kept_in_the_history(client_for, staff, org):
    entry = ExpertiseFactory(organization=org, description="Before")
    client = client_for(staff)
    response = client.post(
        f"/community/expertise/{entry.pk}/edit/",
        {"area_list": ["stem"], "description": "After", "contact_email": "a@example.org", "languages": "English"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.description == "After" and entry.area_list == ["stem"]
    assert [r.description for r in entry.history.all()] == ["After", "Before"]
    page = client.get(f"/community/expertise/{entry.pk}/history/").content.decode()
    assert "Bob" in page and "what we have done and can share" in page
