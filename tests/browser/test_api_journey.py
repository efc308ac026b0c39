"""An admin creates a token for a script and revokes it, then opens the API reference (drawn under the app's
Content-Security-Policy: the page fixture fails on anything it blocked)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_creates_and_revokes_a_token_and_reads_the_reference(page, log_in, admin, org):
    log_in(admin)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/o/{org.slug}/settings/")
    page.get_by_role("link", name="API tokens for scripts and tools").click()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()

    page.get_by_label("Name").fill("Wikidata bot")
    page.get_by_label("Read and write (the rights of staff)").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text("Copy it now: it is shown only this once.")).to_be_visible()
    expect(page.get_by_label("New token")).to_have_value(re.compile(r"^oep_"))
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text("Copied")

    page.get_by_role("link", name="Revoke").click()
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("The token “Wikidata bot” was revoked.")).to_be_visible()
    assert org.api_tokens.get().revoked_at is not None

    page.goto("/api/v1/docs/")
    expect(page.get_by_text("/api/v1/o/{org_slug}/partners/", exact=False).first).to_be_visible()
    page.get_by_text("/api/v1/o/{org_slug}/partners/", exact=True).first.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
    page.get_by_role("button", name="Try it out").first.click()
    expect(page.get_by_role("button", name="Execute")).to_be_visible()
