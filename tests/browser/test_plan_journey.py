"""From the questionnaire report to a published plan, as staff would do it."""

from playwright.sync_api import expect

from capacityplans.models import Step
from tests.factories import PlanFactory, closed_round_with_low_statements


def test_staff_build_a_plan_from_the_report_edit_it_and_copy_the_wikitext(page, log_in, org, admin, staff, volunteer):
    round = closed_round_with_low_statements(org, [admin, staff, volunteer])
    low_texts = list(round.round_statements.order_by("number").values_list("text", flat=True)[:2])
    recommendation = org.recommendations.order_by("position").first()
    recommendation.status = "not_yet"
    recommendation.save()
    plan = PlanFactory(organization=org, title="Partnerships 2027", round=round, owner=staff)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    log_in(staff)
    page.goto(f"/o/{org.slug}/questionnaire/rounds/{round.pk}/report/")
    actions = page.locator("#plan-actions")
    expect(actions).to_contain_text("From these results to a plan")
    for text in low_texts:
        actions.locator("li", has_text=text).get_by_role("button", name="Add to plan").click()
        expect(page.get_by_text("A step was added to “Partnerships 2027”")).to_be_visible()
        page.go_back()
        page.reload()
    page.locator("#plan-actions li", has_text=recommendation.text).get_by_role("button", name="Add to plan").click()

    # On the plan: three pre-filled rows, linked to their sources.
    expect(page.get_by_role("heading", name="Partnerships 2027", level=1)).to_be_visible()
    table = page.locator("#steps-table")
    expect(table.get_by_label("Row 1: What we want to achieve")).to_have_value(f"Get better at: {low_texts[0]}")
    expect(table.get_by_label("Row 3: What we want to achieve")).to_have_value(recommendation.text)
    assert plan.steps.filter(source_statement__isnull=False).count() == 2
    assert plan.steps.filter(source_recommendation=recommendation).count() == 1

    # Add a row, move it up, remove another, mark one done: each save keeps the whole table.
    table.get_by_label("Row 4: What we want to achieve").fill("Name a partnerships coordinator")
    table.get_by_label("Row 4: Responsible member").select_option(label=str(volunteer))
    page.get_by_role("button", name="Save table").click()
    expect(page.get_by_text("The table was saved.")).to_be_visible()
    table.get_by_role("button", name="Move row 4 up").click()
    expect(table.get_by_label("Row 3: What we want to achieve")).to_have_value("Name a partnerships coordinator")
    table.get_by_label("Remove row 2").check()
    table.get_by_label("Row 1: Status").select_option(label="Done")
    page.get_by_role("button", name="Save table").click()
    expect(page.get_by_text("The table was saved.")).to_be_visible()
    expect(page.locator("#progress-text")).to_contain_text("1 of 3 steps done")
    goals = list(plan.steps.order_by("position").values_list("goal", flat=True))
    assert goals == [f"Get better at: {low_texts[0]}", "Name a partnerships coordinator", recommendation.text]
    assert plan.steps.get(position=0).status == Step.Status.DONE

    # Publish: the wikitext is copied, and the preview shows the table.
    page.get_by_role("link", name="Publish on Meta-Wiki").click()
    wikitext = page.get_by_label("Wikitext").input_value()
    assert wikitext.startswith('{| class="wikitable sortable"') and wikitext.rstrip().endswith("|}")
    page.get_by_role("button", name="Copy wikitext").click()
    expect(page.locator("#copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == wikitext
    preview = page.locator("#preview-table")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview).to_contain_text("Name a partnerships coordinator")
    expect(preview.locator("tbody tr").first).to_contain_text("Done")
