import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect


def field(page, label):
    """The input labelled exactly ``label`` (crispy-forms marks required ones with an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def test_staff_logs_an_interaction_and_the_volunteer_follows_it_up(page, log_in, org, staff, volunteer, admin):
    # Staff add a partner, owned by the volunteer.
    log_in(staff)
    page.get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_text("No partners yet.")).to_be_visible()
    page.get_by_role("link", name="Add a partner").first.click()
    field(page, "Name").fill("Musée Gadagne")
    field(page, "City").fill("Lyon")
    page.get_by_label("Sector").select_option(label="GLAM (gallery, library, archive, museum)")
    page.get_by_label("Wikidata item").fill("Q3329723")
    page.get_by_label("Owner").select_option(label=str(volunteer))
    page.get_by_role("button", name="Save partner").click()
    expect(page.get_by_role("heading", name="Musée Gadagne", level=1)).to_be_visible()

    # A second try with the same name and city shows the match before saving.
    page.goto(f"/o/{org.slug}/partners/new/")
    field(page, "Name").fill("Musee GADAGNE")
    field(page, "City").fill("lyon")
    page.get_by_role("button", name="Save partner").click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text("This partner may already exist")
    expect(warning.get_by_role("link", name="Musée Gadagne")).to_be_visible()
    expect(warning).to_contain_text("same name in the same place")
    expect(field(page, "Name")).to_have_value("Musee GADAGNE")

    # Staff log an interaction with a follow-up for the volunteer, in one form.
    page.goto(f"/o/{org.slug}/partners/")
    page.get_by_role("link", name="Musée Gadagne", exact=True).click()
    page.get_by_label("Summary").fill("Visited the collections team; they want to upload 200 photographs.")
    page.get_by_label("Follow-up", exact=True).fill("Send the upload guide")
    due = timezone.localdate() + timedelta(days=2)
    page.get_by_label("Follow-up due").fill(due.isoformat())
    page.get_by_label("Follow-up assignee").select_option(label=str(volunteer))
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_text("The interaction was logged.")).to_be_visible()
    page.get_by_role("button", name=str(staff), exact=True).click()
    page.get_by_role("button", name="Log out").click()

    # The volunteer sees the follow-up on their dashboard and marks it done.
    log_in(volunteer)
    follow_ups = page.locator("section", has=page.get_by_role("heading", name="My follow-ups"))
    expect(follow_ups).to_contain_text("Send the upload guide")
    expect(page.get_by_role("table")).to_contain_text("Musée Gadagne")
    follow_ups.get_by_role("button", name="Mark done Send the upload guide").click()
    expect(page.get_by_text("“Send the upload guide” is done.")).to_be_visible()
    expect(follow_ups).not_to_contain_text("Send the upload guide")

    # Ticks the protocol steps of the current stage and moves the partner on.
    page.get_by_role("link", name="Musée Gadagne", exact=True).click()
    protocol = page.locator("#protocol")
    expect(protocol).to_contain_text("Protocol: Prospect")
    for protocol_step in ["Check whether we already know someone there", "Note why they could be a good fit"]:
        protocol.get_by_role("button", name=f"Tick: {protocol_step}").click()
        expect(page.locator("#protocol")).to_contain_text(f"ticked by {volunteer}")
    page.locator("#protocol").get_by_label("Move to stage").select_option(label="First contact")
    page.locator("#protocol").get_by_role("button", name="Move").click()
    expect(page.get_by_text("Musée Gadagne moved to First contact.")).to_be_visible()
    expect(page.locator("#stage-badge")).to_have_text("First contact")

    # The timeline tells the whole story, newest first.
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Stage changed from Prospect to First contact")
    expect(timeline).to_contain_text("Visited the collections team")
    expect(timeline).to_contain_text("Send the upload guide")
    expect(timeline.locator("li").filter(has_text="Send the upload guide")).to_contain_text("Done")
