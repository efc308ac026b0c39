"""At 375 px wide no main page scrolls sideways, even with a 255-character name and a pasted address; lists show
their key columns as cards, filters fold behind a button, the partner page leads with what is needed on the go and
the report's chart keeps readable labels. At 1280 px the plan's step editor fits the screen."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from questionnaire import services
from reminders.models import Notification
from tests.factories import (
    ChallengeFactory,
    ContactFactory,
    ExpertiseFactory,
    FollowUpFactory,
    ImportJobFactory,
    InteractionFactory,
    MilestoneFactory,
    PartnerFactory,
    PartnershipFactory,
    PlanFactory,
    ResourceFactory,
    RoundFactory,
    StepFactory,
)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LONG_NAME = "Bibliothèque" + "x" * 243  # 255 characters and no space to break at
PASTED_URL = "https://example.org/" + "a-very-long-path-segment-" * 12
IMPORT_FILE = (
    "Name,City,Website,Contact name,Contact e-mail\n"
    f"{LONG_NAME},Saint-Rémy-de-Provence,{PASTED_URL},Ann Example,ann@example.org\n"
    "Musée des Confluences,Lyon,not a website,,\n"
).encode()


@pytest.fixture
def phone_data(org, admin, staff):
    partner = PartnerFactory(
        organization=org, name=LONG_NAME, website=PASTED_URL, city="Saint-Rémy-de-Provence", owner=admin
    )
    ContactFactory(partner=partner, name="Ann " + "o" * 120, email="a" * 60 + "@example.org", role=LONG_NAME[:100])
    InteractionFactory(partner=partner, summary=f"Pasted the programme: {PASTED_URL}")
    FollowUpFactory(partner=partner, assignee=admin, title="Send " + "y" * 190)
    FollowUpFactory(
        partner=partner, assignee=admin, title="Overdue call", due_on=timezone.localdate() - timedelta(days=4)
    )
    plan = PlanFactory(organization=org, title="Plan " + "z" * 150)
    StepFactory(plan=plan, goal=LONG_NAME, responsible=staff, action=PASTED_URL)
    ExpertiseFactory(organization=org, description=f"See {PASTED_URL}")
    ChallengeFactory(organization=org, title="Challenge " + "w" * 150)
    ResourceFactory(organization=org, title="Guide " + "v" * 150, url=PASTED_URL)
    round = RoundFactory(organization=org, name="Autumn self-assessment", invited=[admin, staff], anonymous=False)
    for user, first_score in ((admin, 1), (staff, 5)):
        scores = {
            statement_id: (first_score, "")
            for statement_id in round.round_statements.values_list("statement_id", flat=True)
        }
        services.save_response(round, user, scores, submit=True)
    job = ImportJobFactory(organization=org, created_by=admin, file_data=IMPORT_FILE)
    partnership = PartnershipFactory(partner=partner, name="Series " + "u" * 150)
    MilestoneFactory(partnership=partnership, title="Milestone " + "t" * 150)
    for title in ("Call the library back", "Overdue call", "Visit the archive"):
        Notification.objects.create(
            recipient=admin, organization=org, kind="stale_partner", partner=partner, title=title
        )
    return partner, plan, round, job


def right_edge(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"]


def test_main_pages_fit_a_phone(page, log_in, org, admin, phone_data):
    partner, plan, round, job = phone_data
    page.set_viewport_size(PHONE)
    log_in(admin)
    slug = org.slug
    pages = [
        reverse("org_home", args=[slug]),
        reverse("partner_list", args=[slug]),
        reverse("partner_detail", args=[slug, partner.pk]),
        reverse("follow_up_list", args=[slug]),
        reverse("plan_list", args=[slug]),
        reverse("plan_detail", args=[slug, plan.pk]),
        reverse("master_plan", args=[slug]),
        reverse("round_report", args=[slug, round.pk]),
        reverse("partner_import_preview", args=[slug, job.pk]),
        reverse("community_expertise_list"),
        reverse("community_challenge_list"),
        reverse("community_resource_list"),
        reverse("community_home"),
        reverse("notification_list"),
        reverse("profile"),
        reverse("partnership_list", args=[slug]),
        reverse("milestone_list", args=[slug]),
        reverse("api_token_list", args=[slug]),
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


def test_lists_show_their_key_columns_as_cards_on_a_phone(page, log_in, org, admin, phone_data):
    partner, plan, round, job = phone_data
    page.set_viewport_size(PHONE)
    log_in(admin)

    # The partner list: the filters fold behind a button that counts the active ones; each partner is a card.
    page.goto(reverse("partner_list", args=[org.slug]) + f"?stage={partner.stage_id}&owner={admin.pk}")
    filters = page.get_by_text("Filters (2)")
    expect(filters).to_be_visible()
    expect(page.get_by_label("Search")).to_be_hidden()
    card = page.get_by_role("row").filter(has_text="Bibliothèque")
    for line in (f"Stage {partner.stage.name}", f"Owner {admin}", "Last interaction", "Contact"):
        expect(card.get_by_text(line)).to_be_visible()
    assert right_edge(card) <= PHONE["width"]
    filters.click()
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.get_by_label("Stage")).to_have_value(str(partner.stage_id))

    # My dashboard: the contact state and "Log interaction" are on screen.
    page.goto(reverse("org_home", args=[org.slug]))
    card = page.get_by_role("row").filter(has_text="Bibliothèque")
    expect(card.get_by_text(f"Stage {partner.stage.name}")).to_be_visible()
    expect(card.get_by_text("Next follow-up")).to_be_visible()
    log_link = card.get_by_role("link", name="Log interaction")
    expect(log_link).to_be_visible()
    assert right_edge(log_link) <= PHONE["width"]
    mark_done = page.get_by_role("listitem").filter(has_text="Overdue call").get_by_role("button")
    expect(mark_done).to_have_text(re.compile("^Mark done"))
    assert mark_done.bounding_box()["height"] < 40, "the button's words stay on one line"

    # The master plan: who is responsible, the end and the status of each step.
    page.goto(reverse("master_plan", args=[org.slug]))
    card = page.get_by_role("row").filter(has_text="Bibliothèque")
    expect(card.get_by_text("Who is responsible")).to_be_visible()
    expect(card.get_by_text("Status Not started")).to_be_visible()
    assert right_edge(card) <= PHONE["width"]


def test_filters_stay_open_on_a_wide_screen(page, log_in, org, admin, phone_data):
    page.set_viewport_size(DESKTOP)
    log_in(admin)
    page.goto(reverse("partner_list", args=[org.slug]) + "?archived=no")
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.get_by_label("Show", exact=True)).to_have_value("no")
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    page.set_viewport_size(PHONE)
    expect(page.get_by_text("Filters", exact=True)).to_be_visible()  # the default "Show" is not an active filter
    expect(page.get_by_label("Search")).to_be_hidden()


def test_the_partner_page_leads_with_what_is_needed_on_the_go(page, log_in, org, admin, phone_data):
    partner = phone_data[0]
    log_in(admin)
    page.set_viewport_size(PHONE)
    page.goto(reverse("partner_detail", args=[org.slug, partner.pk]))

    def top(locator):
        return locator.bounding_box()["y"]

    follow_ups = page.get_by_role("heading", name="Open follow-ups")
    contact = page.get_by_role("region", name="Contacts").locator("strong", has_text="Ann ooo")
    log_form = page.get_by_role("heading", name="Log an interaction")
    timeline = page.get_by_role("heading", name="Timeline")
    history = page.get_by_role("heading", name="Recent changes")
    expect(
        page.get_by_role("region", name="Open follow-ups").get_by_role("listitem").filter(has_text="Overdue call")
    ).to_be_visible()
    assert top(follow_ups) < top(contact) < top(log_form) < top(timeline)
    assert top(log_form) < top(history)
    for action in ("Edit", "Archive"):
        assert page.get_by_role("link", name=action, exact=True).bounding_box()["height"] < 40, action

    # On a wide screen the page keeps its two columns: the log form on the left, contacts on the right.
    page.set_viewport_size(DESKTOP)
    assert log_form.bounding_box()["x"] < contact.bounding_box()["x"]
    assert top(log_form) < top(contact)


def test_the_report_chart_keeps_readable_labels_on_a_phone(page, log_in, org, admin, phone_data):
    round = phone_data[2]
    page.set_viewport_size(PHONE)
    log_in(admin)
    page.goto(reverse("round_report", args=[org.slug, round.pk]))
    chart = page.get_by_role("img", name="Distribution of scores per statement")
    expect(chart).to_be_visible()
    assert right_edge(chart) <= PHONE["width"]
    counts = chart.get_by_text("low 1 · high 1 · don't know 0").first
    expect(counts).to_be_visible()
    expect(page.get_by_text("Low (1–3)")).to_be_visible()
    # The size the text is drawn at on the screen, after any scaling of the chart.
    drawn = counts.evaluate("(text) => text.getBoundingClientRect().height")
    assert drawn >= 11, f"chart labels drawn {drawn:.1f} px high"
    assert right_edge(counts) <= PHONE["width"]

    # The figures scroll in their own box, each statement on lines of readable length.
    statement = (
        page.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="Q1", exact=True))
        .get_by_role("cell")
        .first
    )
    assert statement.bounding_box()["width"] >= 200


def test_the_step_editor_fits_a_laptop_screen(page, log_in, org, admin, phone_data):
    plan = phone_data[1]
    step = plan.steps.get()
    step.starts_on = timezone.localdate()
    step.ends_on = timezone.localdate() + timedelta(days=300)
    step.save()
    page.set_viewport_size(DESKTOP)
    log_in(admin)
    page.goto(reverse("plan_detail", args=[org.slug, plan.pk]))

    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    row = page.locator("#steps-table tbody tr").first
    for control in (
        row.get_by_label("Row 1: Notes"),
        row.get_by_text("Remove"),
        row.get_by_role("button", name="Move row 1 up"),
        row.get_by_role("button", name="Move row 1 down"),
    ):
        expect(control).to_be_visible()
        assert right_edge(control) <= DESKTOP["width"], control
    table = page.locator("#steps-table")
    assert table.evaluate("(t) => t.parentElement.scrollWidth <= t.parentElement.clientWidth"), "the table scrolls"
    for label in ("Row 1: Start", "Row 1: End"):
        date = row.get_by_label(label)
        expect(date).to_have_value(str(step.starts_on if label.endswith("Start") else step.ends_on))
        assert date.evaluate("(input) => input.scrollWidth <= input.clientWidth"), f"{label} cut off"
