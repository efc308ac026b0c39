"""Partnerships and what hangs on them, through the partnerships' own forms and services."""

import pytest
from django.utils import timezone

from tests.api.conftest import base
from tests.factories import PartnerFactory, PartnershipFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_a_partnership_is_started_and_changed_with_the_web_forms_rules(api, org, staff, admin):
    partner = PartnerFactory(organization=org)
    url = f"{base(org)}/partnerships/"

    bad = api.post(
        url,
        {"partner": partner.pk, "name": "Photo series", "starts_on": "2026-03-01", "ends_on": "2026-01-01"},
        format="json",
    )
    assert bad.status_code == 400 and bad.json() == {"ends_on": ["The end cannot come before the start."]}

    created = api.post(
        url,
        {"partner": partner.pk, "name": "Photo series", "starts_on": "2026-03-01", "owner": staff.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    partnership = partner.partnerships.get()
    assert (partnership.organization, partnership.kind, partnership.status) == (org, "event", "planned")

    changed = api.patch(f"{url}{partnership.pk}/", {"status": "active"}, format="json")
    assert changed.json()["status"] == "active" and changed.json()["name"] == "Photo series"
    assert partnership.history.first().history_change_reason == "API token “Wikidata bot”"
    assert api.get(url, {"status": "active", "partner": partner.pk}).json()["count"] == 1


def test_targets_outcomes_milestones_and_effort(api, org, staff):
    partnership = PartnershipFactory(partner=PartnerFactory(organization=org))
    target = TargetFactory(partnership=partnership, metric="articles_created")
    today = timezone.localdate().isoformat()

    clash = api.post(
        f"{base(org)}/targets/",
        {"partnership": partnership.pk, "metric": "articles_created", "value": 5, "due_on": today},
        format="json",
    )
    assert "already has a target for this metric" in clash.json()["metric"][0]

    outcome = api.post(
        f"{base(org)}/outcomes/",
        {"partnership": partnership.pk, "target": target.pk, "value": 12, "occurred_on": today},
        format="json",
    )
    assert outcome.status_code == 201, outcome.json()
    assert (outcome.json()["metric"], outcome.json()["source"]) == ("articles_created", "manual")

    milestone = api.post(
        f"{base(org)}/milestones/",
        {"partnership": partnership.pk, "title": "First event", "due_on": today},
        format="json",
    )
    assert milestone.status_code == 201
    done = api.patch(f"{base(org)}/milestones/{milestone.json()['id']}/", {"done_on": today}, format="json")
    assert done.json()["done_on"] == today

    effort = api.post(
        f"{base(org)}/effort/",
        {"partnership": partnership.pk, "member": staff.pk, "hours": "3.5", "occurred_on": today},
        format="json",
    )
    assert effort.status_code == 201, effort.json()
    partnership.refresh_from_db()
    assert partnership.hours_logged == 3.5  # the totals kept on the partnership follow
    assert api.get(f"{base(org)}/effort/", {"partnership": partnership.pk}).json()["count"] == 1


def test_a_partnership_of_another_organization_is_refused(api, org, other_org):
    foreign = PartnershipFactory(partner=PartnerFactory(organization=other_org))
    response = api.post(
        f"{base(org)}/milestones/", {"partnership": foreign.pk, "title": "X", "due_on": "2026-12-01"}, format="json"
    )
    assert response.status_code == 400 and "partnership" in response.json()
    assert not foreign.milestones.exists()
