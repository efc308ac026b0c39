"""A person who uses only the keyboard logs an interaction, and always sees where the focus is."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import FollowUpFactory, PartnerFactory

# True when the focused element draws a focus indicator: an outline or a (focus-ring) box shadow.
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return document.activeElement !== document.body && (outline || style.boxShadow !== "none");
}"""


def tab_to(page, matches):
    """Press Tab until the focused element ``matches`` (JS predicate), checking the focus shows at each step;
    returns how many presses it took."""
    for presses in range(1, 81):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {focused}"
        if page.evaluate(f"() => ({matches})(document.activeElement)"):
            return presses
    raise AssertionError(f"never reached the element matching {matches}")


def test_logging_an_interaction_with_the_keyboard_only(page, log_in, org, staff):
    PartnerFactory(organization=org, name="Musée Gadagne")
    page.emulate_media(reduced_motion="reduce")  # the focus ring is read at once, not mid-transition
    log_in(staff)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    tab_to(page, "e => e.textContent.trim() === 'Partners'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Partners", exact=True)).to_have_attribute("aria-current", "page")
    tab_to(page, "e => e.textContent.trim() === 'Musée Gadagne'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Musée Gadagne", level=1)).to_be_visible()

    tab_to(page, "e => e.labels && [...e.labels].some(l => l.textContent.trim().startsWith('Summary'))")
    page.keyboard.type("Phoned the archivist about the photo upload.")
    tab_to(page, "e => e.textContent.trim() === 'Log interaction'")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The interaction was logged.")).to_be_visible()
    expect(page.get_by_text("Phoned the archivist about the photo upload.")).to_be_visible()


def test_marking_a_follow_up_done_from_the_dashboard_with_a_few_keys(page, log_in, org, staff):
    for number in range(12):  # a long list of partners between the top of the page and the follow-ups
        partner = PartnerFactory(organization=org, name=f"Library {number}", owner=staff)
    FollowUpFactory(partner=partner, assignee=staff, title="Call the archivist", due_on=timezone.localdate())
    FollowUpFactory(
        partner=partner, assignee=staff, title="Send the guide", due_on=timezone.localdate() - timedelta(days=2)
    )
    page.emulate_media(reduced_motion="reduce")
    log_in(staff)  # lands on my dashboard
    expect(page).to_have_url(re.compile(reverse("org_home", args=[org.slug]) + "$"))

    skip = page.get_by_role("link", name="Skip to my follow-ups")
    expect(skip).not_to_be_in_viewport()
    assert tab_to(page, "e => e.textContent.trim() === 'Skip to my follow-ups'") <= 2
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert tab_to(page, "e => e.textContent.trim().startsWith('Mark done')") <= 3
    expect(page.locator(":focus")).to_have_text(re.compile("Send the guide"))
    page.keyboard.press("Enter")

    # Back at the follow-ups, told what happened, and the next Tab stays there.
    expect(page).to_have_url(re.compile("#follow-ups$"))
    expect(page.get_by_role("status").filter(has_text="“Send the guide” is done.")).to_be_visible()
    assert tab_to(page, "e => e.textContent.trim().startsWith('Mark done')") <= 3
    expect(page.locator(":focus")).to_have_text(re.compile("Call the archivist"))
