"""Someone invited by e-mail signs in with their Wikimedia account for the first time and joins."""

from playwright.sync_api import expect

from oeplanner.models import Role
from oeplanner.services import invite
from tests.accounts_oauth.fake_wiki import serve_as_meta_wiki


def test_a_wikimedian_signs_in_with_wikimedia_and_accepts_the_invitation_waiting(
    page, live_server, settings, org, admin
):
    settings.SOCIAL_AUTH_MEDIAWIKI_KEY = ""
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in with Wikimedia")).to_have_count(0)

    wiki = serve_as_meta_wiki(settings, live_server.url)
    try:
        invite(org, "jane@example.org", Role.STAFF, invited_by=admin)
        wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)
        page.goto("/accounts/login/")
        page.get_by_role("button", name="Sign in with Wikimedia").click()

        expect(page.get_by_text("You are not a member of any organization yet.")).to_be_visible()
        expect(page.get_by_text("Wikimedia Testland invites you as Staff.")).to_be_visible()
        page.get_by_role("button", name="Accept and join Wikimedia Testland").click()
        expect(page.get_by_text("Welcome to Wikimedia Testland: you are Staff here.")).to_be_visible()

        page.goto("/accounts/profile/")
        expect(page.get_by_text("Linked to the Wikimedia account Jane Doe")).to_be_visible()
    finally:
        wiki.stop()
