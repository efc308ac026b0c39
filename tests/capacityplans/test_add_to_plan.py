"""Adding to a plan from the questionnaire report: once per plan and source, in the plan the member chooses."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from capacityplans import services
from capacityplans.models import Step
from tests.factories import PlanFactory, StepFactory, closed_round_with_low_statements


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def recommendation(org):
    recommendation = org.recommendations.order_by("position").first()
    recommendation.status = "not_yet"
    recommendation.save()
    return recommendation


@pytest.fixture
def report_round(org, admin, staff, volunteer):
    return closed_round_with_low_statements(org, [admin, staff, volunteer])


def test_adding_the_same_recommendation_twice_makes_one_step(client_for, staff, org, recommendation):
    plan = PlanFactory(organization=org, title="Partnerships 2027")
    client = client_for(staff)

    client.post(url("step_add", org), {"plan": plan.pk, "recommendation": recommendation.pk})
    again = client.post(url("step_add", org), {"plan": plan.pk, "recommendation": recommendation.pk}, follow=True)

    assert plan.steps.count() == 1
    assert f"“Partnerships 2027” already has a step for this: “{recommendation.text[:80]}”" in again.text


def test_the_same_source_can_go_into_two_plans(staff, org, recommendation):
    first, second = PlanFactory(organization=org), PlanFactory(organization=org)
    assert services.add_step_from_recommendation(first, recommendation)[1] is True
    assert services.add_step_from_recommendation(second, recommendation)[1] is True
    assert services.add_step_from_recommendation(second, recommendation)[1] is False
    assert Step.objects.filter(source_recommendation=recommendation).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_step_from_the_same_source(org):
    statement = org.statements.first()
    plan = PlanFactory(organization=org)
    StepFactory(plan=plan, source_statement=statement)
    with pytest.raises(IntegrityError):
        StepFactory(plan=plan, source_statement=statement)


def test_the_report_marks_what_the_chosen_plan_already_has_and_lets_staff_choose_the_plan(
    client_for, staff, org, report_round, recommendation
):
    low = list(report_round.round_statements.order_by("number").values_list("statement", flat=True)[:2])
    older = PlanFactory(organization=org, title="Partnerships 2026")
    newer = PlanFactory(organization=org, title="Partnerships 2027")
    services.add_step_from_statement(newer, org.statements.get(pk=low[0]))
    client = client_for(staff)
    report_url = url("round_report", org, round_pk=report_round.pk)

    panel = client.get(report_url).text.split('id="plan-actions"')[1]
    assert f'<option value="{newer.pk}" selected>Partnerships 2027</option>' in panel
    assert f'<option value="{older.pk}">Partnerships 2026</option>' in panel
    rows = panel.split("<li")[1:]
    first_row = next(row for row in rows if org.statements.get(pk=low[0]).text in row)
    second_row = next(row for row in rows if org.statements.get(pk=low[1]).text in row)
    assert "Already in plan" in first_row and f'href="{newer.get_absolute_url()}#steps"' in first_row
    assert "Add to plan" not in first_row
    assert "Add to plan" in second_row and f'name="plan" value="{newer.pk}"' in second_row

    panel = client.get(report_url, {"plan": older.pk}).text.split('id="plan-actions"')[1]
    assert f'<option value="{older.pk}" selected>Partnerships 2026</option>' in panel
    assert "Already in plan" not in panel
    assert f'name="plan" value="{older.pk}"' in panel


def test_volunteers_see_no_plan_actions_on_the_report(client_for, volunteer, org, report_round):
    PlanFactory(organization=org)
    page = client_for(volunteer).get(url("round_report", org, round_pk=report_round.pk)).text
    assert "From these results to a plan" not in page
