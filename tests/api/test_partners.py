"""What a script relies on: the same rules and records as the web pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import StageChange
from tests.api.conftest import base
from tests.factories import ContactFactory, FollowUpFactory, InteractionFactory, NetworkFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_creating_a_partner_records_the_token_in_its_history(api, org, admin):
    network = NetworkFactory(organization=org)
    response = api.post(
        f"{base(org)}/partners/",
        {
            "name": "Bibliothèque de Lyon",
            "city": "Lyon",
            "country": "FR",
            "website": "bm-lyon.fr",
            "wikidata_qid": "q42",
            "tags": ["Libraries", "GLAM"],
            "networks": [network.pk],
            "stage": org.stages.first().pk,
            "short_term_value": 3,
            "long_term_value": 4,
            "capacity": 5,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["wikidata_qid"] == "Q42"  # cleaned as the web form cleans it
    assert body["website"] == "https://bm-lyon.fr"
    assert body["priority"] == 12 and body["sector"] == "other"
    assert sorted(body["tags"]) == ["GLAM", "Libraries"] and body["networks"] == [network.pk]
    record = org.partners.get().history.get()
    assert record.history_user == admin
    assert record.history_change_reason == "API token “Wikidata bot”"


def test_the_web_forms_validation_applies(api, org):
    response = api.post(
        f"{base(org)}/partners/",
        {"name": "", "wikidata_qid": "42", "short_term_value": 9, "stage": 999999},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"name", "wikidata_qid", "short_term_value", "stage"}
    assert "Wikidata item id such as Q42" in errors["wikidata_qid"][0]
    assert not org.partners.exists()


def test_a_possible_duplicate_answers_409_and_force_creates_it_anyway(api, org):
    existing = PartnerFactory(organization=org, name="Musée des Confluences", city="Lyon", country="FR")
    data = {"name": "Musee des confluences", "city": "Lyon", "country": "FR", "stage": org.stages.first().pk}

    response = api.post(f"{base(org)}/partners/", data, format="json")

    assert response.status_code == 409
    assert response.json()["duplicates"] == [
        {"id": existing.pk, "name": existing.name, "reason": "same name in the same place", "certain": False}
    ]
    assert org.partners.count() == 1
    assert api.post(f"{base(org)}/partners/?force=true", data, format="json").status_code == 201
    assert org.partners.count() == 2


def test_patch_changes_only_what_is_sent(api, org):
    partner = PartnerFactory(organization=org, city="Lyon", description="Keep me")
    partner.tags.create(organization=org, name="Museums")

    response = api.patch(f"{base(org)}/partners/{partner.pk}/", {"city": "Villeurbanne"}, format="json")

    assert response.status_code == 200, response.json()
    partner.refresh_from_db()
    assert (partner.city, partner.description) == ("Villeurbanne", "Keep me")
    assert [t.name for t in partner.tags.all()] == ["Museums"]


def test_archive_and_restore(api, org):
    partner = PartnerFactory(organization=org)

    assert api.post(f"{base(org)}/partners/{partner.pk}/archive/").json()["is_archived"] is True
    assert api.get(f"{base(org)}/partners/").json()["count"] == 0
    assert api.get(f"{base(org)}/partners/?archived=yes").json()["count"] == 1
    assert api.post(f"{base(org)}/partners/{partner.pk}/restore/").json()["is_archived"] is False
    assert api.delete(f"{base(org)}/partners/{partner.pk}/").status_code == 405


def test_a_stage_move_is_recorded_with_what_was_left_undone(api, org, admin):
    partner = PartnerFactory(organization=org)
    first, second = org.stages.all()[:2]

    response = api.post(f"{base(org)}/partners/{partner.pk}/move-stage/", {"stage": second.pk}, format="json")

    assert response.json() == {
        "moved": True,
        "from_stage": first.pk,
        "to_stage": second.pk,
        "unfinished_steps": [protocol_step.text for protocol_step in first.protocol_steps.all()],
    }
    change = StageChange.objects.get(partner=partner)
    assert (change.to_stage, change.changed_by) == (second, admin)


def test_a_stage_of_another_organization_is_refused(api, org, other_org):
    partner = PartnerFactory(organization=org)
    url = f"{base(org)}/partners/{partner.pk}/move-stage/"
    assert api.post(url, {"stage": other_org.stages.first().pk}, format="json").status_code == 400


def test_an_interaction_with_its_follow_up_in_one_call(api, org, staff):
    partner = PartnerFactory(organization=org)
    contact = ContactFactory(partner=partner)
    today = timezone.localdate()

    response = api.post(
        f"{base(org)}/interactions/",
        {
            "partner": partner.pk,
            "occurred_on": today.isoformat(),
            "kind": "call",
            "summary": "Agreed on a photo workshop.",
            "their_participants": [contact.pk],
            "follow_up": {
                "title": "Send dates",
                "due_on": (today + timedelta(days=7)).isoformat(),
                "assignee": staff.pk,
            },
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    interaction = partner.interactions.get()
    follow_up = partner.follow_ups.get()
    assert response.json()["follow_ups"] == [follow_up.pk] and follow_up.interaction == interaction
    assert (follow_up.title, follow_up.assignee) == ("Send dates", staff)
    assert interaction.is_targeted is True  # the model's default, as on the web form
    partner.refresh_from_db()
    assert partner.last_interaction_on == today


def test_a_half_given_follow_up_saves_nothing(api, org):
    partner = PartnerFactory(organization=org)
    response = api.post(
        f"{base(org)}/interactions/",
        {"partner": partner.pk, "occurred_on": "2026-01-05", "summary": "Call", "follow_up": {"title": "Call back"}},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["follow_up"]) == {"due_on", "assignee"}
    assert not partner.interactions.exists() and not partner.follow_ups.exists()


def test_follow_ups_are_created_and_marked_done(api, org, staff, admin):
    partner = PartnerFactory(organization=org)
    created = api.post(
        f"{base(org)}/follow-ups/",
        {"partner": partner.pk, "title": "Send the agreement", "due_on": "2026-12-20", "assignee": staff.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()

    done = api.patch(f"{base(org)}/follow-ups/{created.json()['id']}/", {"done": True}, format="json")

    assert done.json()["done"] is True
    assert partner.follow_ups.get().done_by == admin
    assert api.get(f"{base(org)}/follow-ups/").json()["count"] == 0
    assert api.get(f"{base(org)}/follow-ups/?state=done").json()["count"] == 1


def test_contacts_networks_stages_and_tags(api, org):
    partner = PartnerFactory(organization=org)
    contact = api.post(f"{base(org)}/contacts/", {"partner": partner.pk, "name": "Ada", "email": "x"}, format="json")
    assert contact.status_code == 400 and "email" in contact.json()
    contact = api.post(f"{base(org)}/contacts/", {"partner": partner.pk, "name": "Ada"}, format="json")
    assert contact.status_code == 201
    assert api.get(f"{base(org)}/contacts/?partner={partner.pk}").json()["count"] == 1

    network = api.post(f"{base(org)}/networks/", {"name": "Museums of Lyon"}, format="json")
    assert network.status_code == 201
    clash = api.post(f"{base(org)}/networks/", {"name": "museums of lyon"}, format="json")
    assert clash.json() == {"name": ["A network with this name already exists."]}

    stages = api.get(f"{base(org)}/stages/").json()["results"]
    assert [s["name"] for s in stages][:2] == ["Prospect", "First contact"] and stages[0]["steps"]
    assert api.post(f"{base(org)}/stages/", {"name": "X"}, format="json").status_code == 405


def test_filters_mirror_the_web_list(api, org):
    first, second = org.stages.all()[:2]
    PartnerFactory(organization=org, name="Alpha", stage=first, city="Lyon")
    PartnerFactory(organization=org, name="Beta", stage=second, city="Paris")

    def names(query):
        return [p["name"] for p in api.get(f"{base(org)}/partners/?{query}").json()["results"]]

    assert names(f"stage={second.pk}") == ["Beta"]
    assert names("q=lyon") == ["Alpha"]
    assert names("sort=-name") == ["Beta", "Alpha"]
    assert api.get(f"{base(org)}/partners/?stage=abc").status_code == 400


def test_updated_since_gives_what_changed(api, org):
    old = PartnerFactory(organization=org, name="Old")
    new = PartnerFactory(organization=org, name="New")
    moment = timezone.now() - timedelta(hours=1)
    type(old).objects.filter(pk=old.pk).update(updated_at=moment - timedelta(days=1))
    InteractionFactory(partner=new)

    since = moment.isoformat().replace("+00:00", "Z")
    assert [p["name"] for p in api.get(f"{base(org)}/partners/", {"updated_since": since}).json()["results"]] == ["New"]
    assert api.get(f"{base(org)}/interactions/", {"updated_since": since}).json()["count"] == 1
    assert api.get(f"{base(org)}/partners/?updated_since=yesterday").status_code == 400


def test_pages_have_a_count_links_and_a_maximum_size(api, org, settings):
    settings.API_MAX_PAGE_SIZE = 3
    for _ in range(5):
        FollowUpFactory(partner=PartnerFactory(organization=org))

    first = api.get(f"{base(org)}/partners/?page_size=100").json()

    assert first["count"] == 5 and len(first["results"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    assert len(api.get(first["next"]).json()["results"]) == 2
