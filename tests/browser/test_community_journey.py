"""Two organizations meet in the community: expertise found, help offered, a pattern endorsed and copied."""

from playwright.sync_api import expect

from community.models import Challenge, Endorsement, LearningPattern


def test_organizations_find_each_other_help_each_other_and_share_a_pattern(
    page, log_in, org, other_org, admin, staff, outsider
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # A member of the other organization lists its expertise.
    log_in(outsider)
    page.goto("/community/")
    page.get_by_role("link", name="Expertise directory").click()
    page.get_by_role("link", name="List your organization").click()
    page.get_by_label("GLAM: galleries, libraries, archives, museums").check()
    page.get_by_label("Building relationships").check()
    page.get_by_label("What we have done and can share").fill("Five years of edit-a-thons with city museums.")
    page.get_by_label("Or a contact address").fill("glam@elsewhere.example.org")
    page.get_by_label("Languages").fill("Portuguese, English")
    page.get_by_label("Region").fill("South America")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Your expertise entry was published.")).to_be_visible()

    # A member of demo finds it by area, then describes a challenge.
    page.context.clear_cookies()
    log_in(staff)
    page.goto("/community/expertise/")
    page.get_by_label("Area").select_option(label="GLAM: galleries, libraries, archives, museums")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#expertise-list")).to_contain_text("Elsewhere Chapter")
    page.get_by_label("Area").select_option(label="Evaluating partnerships")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No organization matches these filters")).to_be_visible()

    page.get_by_role("link", name="Challenges").click()
    page.get_by_role("link", name="Describe a challenge").click()
    page.get_by_label("Title").fill("Museums stop answering after the first event")
    page.get_by_label("Description").fill("We held one edit-a-thon; since then, silence.")
    page.get_by_label("Area").select_option(label="Building relationships")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Museums stop answering after the first event")).to_be_visible()
    challenge = Challenge.objects.get()

    # The other organization offers help.
    page.context.clear_cookies()
    log_in(outsider)
    page.goto("/community/challenges/")
    expect(page.locator("#challenge-list")).to_contain_text("0 offers of help")
    page.get_by_role("link", name="Museums stop answering after the first event").click()
    page.get_by_label("How could you help?").fill("We send a short summary after every meeting; happy to share ours.")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_text("Your offer was sent.")).to_be_visible()

    # Demo's admin sees it among their notifications and opens it.
    page.context.clear_cookies()
    log_in(admin)
    page.goto("/notifications/")
    notifications = page.locator("#notifications")
    expect(notifications).to_contain_text("Another organization offers to help with your challenge")
    notifications.get_by_role("link", name="Open").click()
    expect(page).to_have_url(f"{challenge.get_absolute_url()}#offer-{challenge.offers.get().pk}")
    expect(page.locator("#offers")).to_contain_text("happy to share ours")

    # A pattern is written, endorsed by two members, and its wikitext copied.
    page.get_by_role("link", name="Learning patterns").click()
    page.get_by_role("link", name="Write a learning pattern").click()
    page.get_by_label("Title").fill("A summary after every meeting")
    page.get_by_label("What problem does this solve?").fill("Partners forget what was agreed.")
    page.get_by_label("What is the solution?").fill("Send a one-page summary within two days.")
    page.get_by_label("How to measure it").fill("Replies within a week.")
    page.get_by_label("Area").select_option(label="Building relationships")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="A summary after every meeting")).to_be_visible()
    pattern = LearningPattern.objects.get()

    for endorser, comment in ((staff, "Worked for our library partners"), (outsider, "")):
        page.context.clear_cookies()
        log_in(endorser)
        page.goto(pattern.get_absolute_url())
        page.get_by_label("Comment (optional)").fill(comment)
        page.get_by_role("button", name="Endorse").click()
        expect(page.get_by_text("You endorsed this learning pattern.").first).to_be_visible()
    expect(page.locator("#endorsements li")).to_have_count(2)
    assert Endorsement.objects.count() == 2

    page.get_by_role("link", name="Wikitext for Meta-Wiki").click()
    page.get_by_role("button", name="Copy wikitext").click()
    expect(page.get_by_role("status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "== What is the solution? ==\nSend a one-page summary within two days." in copied
    assert "* Bob: Worked for our library partners\n* Mallory" in copied
