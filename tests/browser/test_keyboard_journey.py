"""A person who uses only the keyboard logs an interaction, and always sees where the focus is."""

from playwright.sync_api import expect

from tests.factories import PartnerFactory

# True when the focused element draws a focus indicator: an outline or a (focus-ring) box shadow.
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return document.activeElement !== document.body && (outline || style.boxShadow !== "none");
}"""


def tab_to(page, matches):
    """Press Tab until the focused element ``matches`` (JS predicate), checking the focus shows at each step."""
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {focused}"
        if page.evaluate(f"() => ({matches})(document.activeElement)"):
            return
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
