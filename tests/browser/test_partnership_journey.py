"""Staff set up a partnership with targets, record outcomes by hand and from two Dashboard exports, log effort,
and read progress, pace and outcome per hour on the evaluation view and the organization dashboard."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PartnerFactory

DATA = Path(__file__).resolve().parents[1] / "data"


def field(scope, label):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def add_target(page, metric, value, due):
    page.get_by_role("link", name="Add a target").click()
    field(page, "Metric").select_option(label=metric)
    field(page, "Target value").fill(str(value))
    field(page, "By").fill(due.isoformat())
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("The target was saved.")).to_be_visible()


def import_export(page, path):
    page.get_by_role("link", name="Import outcomes from a Programs & Events Dashboard export").click()
    field(page, "Dashboard export (CSV)").set_input_files(path)
    page.get_by_role("button", name="Read the file").click()


def test_staff_follow_a_partnership_from_targets_to_the_organization_dashboard(
    page, log_in, org, staff, volunteer, tmp_path
):
    today = timezone.localdate()
    PartnerFactory(organization=org, name="Musée des Confluences", owner=staff)
    # The first export of the program: the campaign file cut to its first program (and its Total row).
    lines = (DATA / "dashboard-campaign.csv").read_text().splitlines()
    early = tmp_path / "early.csv"
    early.write_text("\n".join([lines[0], lines[1], lines[3]]) + "\n")

    log_in(staff)
    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_role("link", name="Musée des Confluences").click()
    page.get_by_role("link", name="Start a partnership").click()
    field(page, "Name").fill("Women in science")
    field(page, "Kind").select_option(label="One-time event")
    field(page, "Status").select_option(label="Active")
    field(page, "Start").fill((today - timedelta(days=10)).isoformat())
    field(page, "End").fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save partnership").click()
    expect(page.get_by_text("Partnership Women in science was added.")).to_be_visible()

    add_target(page, "Articles created", 20, today + timedelta(days=10))
    add_target(page, "Files uploaded", 50, today + timedelta(days=10))

    # An outcome by hand.
    page.get_by_text("Record an outcome by hand").click()
    outcome = page.locator("form", has=page.get_by_role("button", name="Record outcome"))
    field(outcome, "Against target").select_option(label="Articles created: 20")
    field(outcome, "Value").fill("3")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("The outcome was recorded.")).to_be_visible()

    # The Dashboard export: preview, choose the partnership, preview again, then confirm.
    import_export(page, early)
    expect(page.get_by_text("Line 3 is the export's Total row; it was skipped.")).to_be_visible()
    page.get_by_label(re.compile("Partnership for Musee_des_Confluences")).select_option(
        label="Musée des Confluences — Women in science"
    )
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_text("6 figures will change.")).to_be_visible()
    page.get_by_role("button", name="Import these figures").click()
    expect(page.get_by_text("Imported: 6 new figures, 0 replaced, 0 unchanged.")).to_be_visible()

    # A later export of the same program: matched by its slug, its figures replace the earlier ones.
    page.get_by_role("link", name="Women in science").click()
    import_export(page, DATA / "dashboard-program-later.csv")
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Articles created: replaced 9 → 13")
    page.get_by_role("button", name="Import these figures").click()
    expect(page.get_by_text("Imported: 0 new figures, 6 replaced, 0 unchanged.")).to_be_visible()

    # Effort, quick from the partnership page.
    page.get_by_role("link", name="Women in science").click()
    effort = page.locator("#effort")
    field(effort, "Hours").fill("8")
    field(effort, "Kind of work").select_option(label="Running an event")
    effort.get_by_role("button", name="Log effort").click()
    expect(page.get_by_text(f"8 hours logged for {staff}.")).to_be_visible()

    # Evaluation: 3 by hand + 13 imported = 16 of 20 articles; half-way through, 10 were expected: on track.
    page.get_by_role("link", name="Evaluation").click()
    articles = page.get_by_role("row", name=re.compile("^Articles created"))
    expect(articles).to_contain_text("16 / 20")
    expect(articles).to_contain_text("80%")
    expect(articles).to_contain_text("On track")
    expect(articles).to_contain_text("20.00")  # 16 articles in 8 hours: 20 per 10 hours
    files = page.get_by_role("row", name=re.compile("^Files uploaded"))
    expect(files).to_contain_text("40 / 50")
    expect(page.locator("[data-figure=hours]")).to_have_text("8")

    # The organization dashboard.
    page.get_by_role("link", name="Organization dashboard").click()
    targets = page.locator("table[data-figure=targets]")
    expect(targets.get_by_role("row", name=re.compile("^Articles created"))).to_contain_text("80%")
    effort_table = page.locator("table[data-figure=effort]")
    expect(effort_table).to_contain_text("GLAM")
    expect(effort_table).to_contain_text("20.00")
    page.get_by_role("button", name=str(staff), exact=True).click()
    page.get_by_role("button", name="Log out").click()

    # A volunteer may not open it.
    log_in(volunteer)
    expect(page.get_by_role("link", name="Organization dashboard")).to_have_count(0)
    response = page.goto(f"/o/{org.slug}/overview/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this here")).to_be_visible()
