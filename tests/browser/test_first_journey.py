from playwright.sync_api import expect

from oeplanner.models import Membership, Role


def test_a_volunteer_logs_in_switches_organization_and_logs_out(page, log_in, org, other_org, volunteer):
    Membership.objects.create(user=volunteer, organization=other_org, role=Role.VOLUNTEER)

    log_in(volunteer)
    # In two organizations, the login lands on the one used last.
    expect(page.get_by_role("heading", name="Wikimedia Testland")).to_be_visible()
    expect(page.get_by_text("You are Volunteer here.")).to_be_visible()

    page.get_by_role("button", name="Wikimedia Testland").click()
    page.get_by_role("link", name="Elsewhere Chapter").click()
    expect(page).to_have_url(f"{page.url.split('/o/')[0]}/o/elsewhere/")
    expect(page.get_by_role("heading", name="Elsewhere Chapter")).to_be_visible()

    page.get_by_role("button", name=str(volunteer), exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/o/testland/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    # The next login lands where the volunteer was last.
    log_in(volunteer)
    expect(page.get_by_role("heading", name="Elsewhere Chapter")).to_be_visible()
