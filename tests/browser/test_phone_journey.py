"""At 375 px wide no main page scrolls sideways, even with a 255-character name and a pasted address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    ChallengeFactory,
    ContactFactory,
    ExpertiseFactory,
    FollowUpFactory,
    InteractionFactory,
    PartnerFactory,
    PlanFactory,
    ResourceFactory,
    StepFactory,
)

PHONE = {"width": 375, "height": 740}
LONG_NAME = "Bibliothèque" + "x" * 243  # 255 characters and no space to break at
PASTED_URL = "https://example.org/" + "a-very-long-path-segment-" * 12


@pytest.fixture
def phone_data(org, staff):
    partner = PartnerFactory(organization=org, name=LONG_NAME, website=PASTED_URL, city="Saint-Rémy-de-Provence")
    ContactFactory(partner=partner, name="Ann " + "o" * 120, email="a" * 60 + "@example.org", role=LONG_NAME[:100])
    InteractionFactory(partner=partner, summary=f"Pasted the programme: {PASTED_URL}")
    FollowUpFactory(partner=partner, assignee=staff, title="Send " + "y" * 190)
    FollowUpFactory(
        partner=partner, assignee=staff, title="Overdue call", due_on=timezone.localdate() - timedelta(days=4)
    )
    plan = PlanFactory(organization=org, title="Plan " + "z" * 150)
    StepFactory(plan=plan, goal=LONG_NAME, responsible=staff, action=PASTED_URL)
    ExpertiseFactory(organization=org, description=f"See {PASTED_URL}")
    ChallengeFactory(organization=org, title="Challenge " + "w" * 150)
    ResourceFactory(organization=org, title="Guide " + "v" * 150, url=PASTED_URL)
    return partner, plan


def test_main_pages_fit_a_phone(page, log_in, org, staff, phone_data):
    partner, plan = phone_data
    page.set_viewport_size(PHONE)
    log_in(staff)
    slug = org.slug
    pages = [
        reverse("org_home", args=[slug]),
        reverse("partner_list", args=[slug]),
        reverse("partner_detail", args=[slug, partner.pk]),
        reverse("follow_up_list", args=[slug]),
        reverse("plan_list", args=[slug]),
        reverse("plan_detail", args=[slug, plan.pk]),
        reverse("community_expertise_list"),
        reverse("community_challenge_list"),
        reverse("community_resource_list"),
    ]
    too_wide = {}
    for url in pages:
        response = page.goto(url)
        assert response.ok, url
        expect(page.locator("main")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
    assert not too_wide, f"pages wider than the phone: {too_wide}"
