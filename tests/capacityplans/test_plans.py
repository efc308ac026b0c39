from datetime import date

import pytest
from django.urls import reverse

from capacityplans.models import Plan, Step
from tests.factories import PlanFactory, StepFactory


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def table_data(plan, steps, *, version=None, extra=None, **changes):
    """The POST of the step table as the page sends it: every row, plus the empty last row."""
    extra = extra or {"goal": "", "status": "not_started"}  # the browser sends the empty last row too
    data = {
        "version": str(version if version is not None else plan.version),
        "form-TOTAL_FORMS": str(len(steps) + 1),
        "form-INITIAL_FORMS": str(len(steps)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"form-{i}-id": str(step.pk),
                f"form-{i}-goal": step.goal,
                f"form-{i}-status": step.status,
                f"form-{i}-starts_on": step.starts_on.isoformat() if step.starts_on else "",
                f"form-{i}-ends_on": step.ends_on.isoformat() if step.ends_on else "",
            }
        )
    data.update({f"form-{len(steps)}-{key}": value for key, value in extra.items()})
    data.update(changes)
    return data


@pytest.fixture
def plan(org, staff):
    return PlanFactory(organization=org, owner=staff)


def test_staff_create_a_plan_and_end_before_start_is_refused(client_for, staff, org):
    client = client_for(staff)
    data = {"title": "Partnerships 2027", "strategy": "Partnerships", "status": "draft"}
    response = client.post(url("plan_create", org), {**data, "starts_on": "2027-06-01", "ends_on": "2027-01-01"})
    assert "The end must be on or after the start." in response.content.decode()
    assert 'value="Partnerships 2027"' in response.content.decode()
    assert not Plan.objects.exists()
    client.post(url("plan_create", org), {**data, "starts_on": "2027-01-01", "ends_on": "2027-12-31"})
    assert Plan.objects.get().organization == org


def test_volunteers_read_plans_but_cannot_edit_them(client_for, volunteer, plan, org):
    client = client_for(volunteer)
    assert client.get(url("plan_detail", org, plan_pk=plan.pk)).status_code == 200
    assert client.post(url("plan_steps_save", org, plan_pk=plan.pk), table_data(plan, [])).status_code == 403


def test_the_table_saves_all_rows_at_once_adds_and_removes(client_for, staff, plan, org):
    first, second = StepFactory(plan=plan, goal="First"), StepFactory(plan=plan, goal="Second", position=1)
    data = table_data(plan, [first, second], extra={"goal": "Third, new", "status": "not_started"})
    data["form-0-goal"] = "First, edited"
    data["form-1-DELETE"] = "on"
    client_for(staff).post(url("plan_steps_save", org, plan_pk=plan.pk), data)
    assert list(plan.steps.values_list("goal", flat=True)) == ["First, edited", "Third, new"]
    plan.refresh_from_db()
    assert plan.version == 2


def test_up_and_down_buttons_reorder_without_javascript(client_for, staff, plan, org):
    steps = [StepFactory(plan=plan, goal=name, position=i) for i, name in enumerate(["A", "B", "C"])]
    client_for(staff).post(
        url("plan_steps_save", org, plan_pk=plan.pk), table_data(plan, steps, move=f"{steps[2].pk}:up")
    )
    assert list(plan.steps.values_list("goal", flat=True)) == ["A", "C", "B"]


def test_a_reorder_naming_another_plans_step_saves_nothing(client_for, staff, plan, org):
    mine = StepFactory(plan=plan, goal="Mine")
    other = StepFactory(plan=PlanFactory(organization=org), goal="Other plan's")
    response = client_for(staff).post(
        url("plan_steps_save", org, plan_pk=plan.pk),
        table_data(plan, [mine], move=f"{other.pk}:up", **{"form-0-goal": "Changed"}),
    )
    assert "That row is not in this plan" in response.content.decode()
    mine.refresh_from_db()
    assert mine.goal == "Mine"


def test_a_row_of_another_plan_cannot_be_edited_through_this_table(client_for, staff, plan, org):
    other = StepFactory(plan=PlanFactory(organization=org), goal="Other plan's")
    data = table_data(plan, [other], **{"form-0-goal": "Hijacked"})
    response = client_for(staff).post(url("plan_steps_save", org, plan_pk=plan.pk), data)
    assert "The table was not saved" in response.content.decode()
    other.refresh_from_db()
    assert other.goal == "Other plan's"


def test_a_concurrent_edit_is_detected_and_not_overwritten(client_for, staff, admin, plan, org):
    step = StepFactory(plan=plan, goal="Original")
    opened = plan.version
    client_for(admin).post(
        url("plan_steps_save", org, plan_pk=plan.pk), table_data(plan, [step], **{"form-0-goal": "Admin's edit"})
    )
    response = client_for(staff).post(
        url("plan_steps_save", org, plan_pk=plan.pk),
        table_data(plan, [step], version=opened, **{"form-0-goal": "Staff's late edit"}),
    )
    content = response.content.decode()
    assert "Someone else saved this plan after you opened it" in content
    assert "Staff&#x27;s late edit" in content
    step.refresh_from_db()
    assert step.goal == "Admin's edit"


def test_bad_cells_are_named_and_nothing_is_half_saved(client_for, staff, outsider, plan, org):
    first, second = StepFactory(plan=plan, goal="First"), StepFactory(plan=plan, goal="Second", position=1)
    data = table_data(plan, [first, second])
    data.update({"form-0-goal": "First, edited", "form-1-starts_on": "2027-05-01", "form-1-ends_on": "2027-01-01"})
    data["form-1-responsible"] = str(outsider.pk)
    content = client_for(staff).post(url("plan_steps_save", org, plan_pk=plan.pk), data).content.decode()
    assert "The end must be on or after the start." in content
    assert "Choose a member of this organization" in content
    first.refresh_from_db()
    assert first.goal == "First"


def test_wiki_markup_and_html_in_cells_are_shown_as_typed(client_for, staff, plan, org):
    StepFactory(plan=plan, goal="<script>alert(1)</script> {{tpl}} | [[x]]")
    content = client_for(staff).get(url("plan_wikitext", org, plan_pk=plan.pk)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&amp;lt;script&amp;gt;" in content  # escaped for the wiki, then for the page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{tpl}} | [[x]]" in content  # the preview


def test_exports_neutralize_formulas(client_for, staff, plan, org):
    StepFactory(plan=plan, goal='=HYPERLINK("http://evil")')
    csv_text = client_for(staff).get(url("plan_export_csv", org, plan_pk=plan.pk)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    from io import BytesIO

    from openpyxl import load_workbook

    xlsx = client_for(staff).get(url("plan_export_xlsx", org, plan_pk=plan.pk)).content
    cells = [cell.value for row in load_workbook(BytesIO(xlsx)).active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells


def test_progress_counts_done_and_overdue_steps(client_for, staff, plan, org):
    StepFactory(plan=plan, status=Step.Status.DONE)
    StepFactory(plan=plan, status=Step.Status.IN_PROGRESS, ends_on=date(2020, 1, 1))
    StepFactory(plan=plan, status=Step.Status.DROPPED)
    StepFactory(plan=plan)
    content = client_for(staff).get(url("plan_detail", org, plan_pk=plan.pk)).content.decode()
    assert "1 of 3 steps done" in content
    assert "1 step overdue" in content


def test_steps_come_from_recommendations_and_items_of_this_organization_only(client_for, staff, plan, org, other_org):
    recommendation = org.recommendations.first()
    recommendation.status = "not_yet"
    recommendation.save()
    client = client_for(staff)
    client.post(url("step_add", org), {"plan": plan.pk, "recommendation": recommendation.pk})
    statement = org.statements.first()
    client.post(url("step_add", org), {"plan": plan.pk, "statement": statement.pk})
    steps = list(plan.steps.all())
    assert steps[0].source_recommendation == recommendation and steps[0].goal == recommendation.text
    assert steps[1].source_statement == statement and statement.text in steps[1].goal

    foreign_plan = PlanFactory(organization=other_org)
    assert client.post(url("step_add", org), {"plan": foreign_plan.pk, "statement": statement.pk}).status_code == 404
    foreign_item = other_org.statements.first()
    assert client.post(url("step_add", org), {"plan": plan.pk, "statement": foreign_item.pk}).status_code == 404
    assert not foreign_plan.steps.exists() and plan.steps.count() == 2


def test_the_plan_lists_open_recommendations_it_does_not_address_yet(client_for, staff, plan, org):
    first, second = list(org.recommendations.all()[:2])
    for rec in (first, second):
        rec.status = "partly"
        rec.save()
    client = client_for(staff)
    client.post(url("step_add", org), {"plan": plan.pk, "recommendation": first.pk})
    gaps = client.get(url("plan_detail", org, plan_pk=plan.pk)).content.decode().split('id="gaps"')[1]
    gaps = gaps.split('id="steps"')[0]
    assert second.text in gaps and first.text not in gaps


def test_overdue_steps_appear_on_the_responsible_members_dashboard(client_for, volunteer, plan, org):
    StepFactory(plan=plan, goal="Write the partner checklist", responsible=volunteer, ends_on=date(2021, 3, 1))
    StepFactory(plan=plan, goal="Done already", responsible=volunteer, ends_on=date(2021, 3, 1), status="done")
    content = client_for(volunteer).get(reverse("org_home", kwargs={"org_slug": org.slug})).content.decode()
    assert "My overdue plan steps" in content
    assert "Write the partner checklist" in content and "Done already" not in content
