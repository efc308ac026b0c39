"""An admin invites someone new by e-mail; the invited person opens the link, sees who invites them,
creates their account and joins."""

import re

from django.core import mail
from playwright.sync_api import expect

from oeplanner.models import Membership, Role


def test_an_admin_invites_a_newcomer_who_accepts_by_creating_an_account(page, log_in, org, admin):
    log_in(admin)
    page.goto(f"/o/{org.slug}/members/")
    expect(page.get_by_text("No invitations waiting.")).to_be_visible()
    page.get_by_role("link", name="Invite a member").click()
    page.get_by_label("E-mail or username").fill("dana@museum.example")
    page.get_by_label("Role").select_option(label="Staff")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("“dana@museum.example” is invited as Staff.")).to_be_visible()
    invitations = page.locator("section", has=page.get_by_role("heading", name="Invitations"))
    expect(invitations.get_by_role("row", name=re.compile("dana@museum.example"))).to_contain_text(
        "Waiting for an answer until"
    )
    page.get_by_role("button", name=str(admin), exact=True).click()
    page.get_by_role("button", name="Log out").click()

    [message] = mail.outbox
    page.goto(re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body).group(1))
    expect(page.get_by_role("heading", name="Join Wikimedia Testland?")).to_be_visible()
    expect(page.get_by_text("Alice invites you to join Wikimedia Testland as Staff.")).to_be_visible()
    expect(page.get_by_text("Your account will use dana@museum.example")).to_be_visible()

    page.get_by_label("Username").fill("dana")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Password*", exact=True).fill("a long enough passphrase")
    page.get_by_label("Password confirmation").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account and join").click()

    expect(page.get_by_text("Welcome to Wikimedia Testland: you are Staff here.")).to_be_visible()
    expect(page.get_by_role("heading", name="Wikimedia Testland")).to_be_visible()
    assert Membership.objects.get(user__username="dana", organization=org).role == Role.STAFF
