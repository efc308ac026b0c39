from playwright.sync_api import expect

from questionnaire.models import Round


def answer_every_statement(page, first_score, other_score="4"):
    count = page.locator("fieldset").count()
    page.get_by_label("Statement 1: " + first_score, exact=True).check()
    for number in range(2, count + 1):
        page.get_by_label(f"Statement {number}: {other_score}", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Thank you, your answers were submitted.")).to_be_visible()


def test_staff_run_a_round_the_group_reads_the_report_and_records_its_reflection(
    page, log_in, org, admin, staff, volunteer
):
    log_in(staff)
    page.get_by_role("link", name="Self-assessment").click()
    page.get_by_role("link", name="Open a round").click()
    page.get_by_label("Name").fill("2026 self-assessment")
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_role("heading", name="2026 self-assessment")).to_be_visible()
    expect(page.get_by_text("0 members submitted")).to_be_visible()

    # Three members answer: they disagree on the first statement, agree on the rest.
    for user, first_score in ((admin, "1"), (staff, "5"), (volunteer, "3")):
        log_in(user)
        page.get_by_role("link", name="Self-assessment").click()
        page.get_by_role("link", name="Answer — 2026 self-assessment").click()
        answer_every_statement(page, first_score)

    log_in(staff)
    page.goto(f"/o/{org.slug}/questionnaire/rounds/{Round.objects.get().pk}/")
    expect(page.get_by_text("3 members submitted")).to_be_visible()
    page.get_by_role("link", name="Close the round").click()
    expect(page.get_by_text("there is no way to open it again")).to_be_visible()
    page.get_by_role("button", name="Close the round").click()
    expect(page.get_by_text("is closed. Its report is ready.")).to_be_visible()

    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("img", name="Distribution of scores per statement")).to_be_visible()
    expect(page.get_by_text("Low (1–3)")).to_be_visible()
    expect(page.get_by_text("High (4–5)")).to_be_visible()
    first_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Q1", exact=True))
    expect(first_row).to_contain_text("≠ variance")
    expect(first_row).to_contain_text("▼ low")
    second_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Q2", exact=True))
    expect(second_row).to_contain_text("= consensus")
    expect(second_row).to_contain_text("▲ high")
    expect(page.get_by_text("low 2 · high 1 · don't know 0")).to_be_visible()

    page.get_by_role("link", name="Write the group's reflection").click()
    page.get_by_label("A challenge", exact=True).check()
    page.get_by_label("What we do less well").fill("We do not agree on which institutions matter.")
    page.get_by_label("We agree on some items, not on others").check()
    page.get_by_label("A key strategy for us").check()
    page.get_by_label("Yes, prioritize building capacity here").check()
    page.get_by_role("button", name="Save the reflection").click()

    expect(page.get_by_text("The group's reflection was saved.")).to_be_visible()
    reflection = page.get_by_role("region", name="Our reflection")
    expect(reflection).to_contain_text("We do not agree on which institutions matter.")
    expect(reflection).to_contain_text("A key strategy for us")
