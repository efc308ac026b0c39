"""Capacity plans and their steps, through the plans' own forms and services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capacityplans.models import Plan, Step
from tests.api.conftest import base
from tests.capacityplans.test_plans import table_data
from tests.factories import PlanFactory, RoundFactory, StepFactory

pytestmark = pytest.mark.django_db


def test_a_plan_is_created_and_changed_with_the_web_forms_rules(api, org, other_org, staff):
    round = RoundFactory(organization=org)
    foreign_round = RoundFactory(organization=other_org)
    url = f"{base(org)}/plans/"

    bad = api.post(
        url,
        {"title": "Museums", "starts_on": "2026-06-01", "ends_on": "2026-01-01", "round": foreign_round.pk},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["ends_on"] == ["The end must be on or after the start."]
    assert "round" in bad.json()
    assert not org.plans.exists()

    created = api.post(url, {"title": "Museums", "round": round.pk, "owner": staff.pk}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["strategy"], body["status"], body["round"], body["owner"]) == (
        "Partnerships",
        "draft",
        round.pk,
        staff.pk,
    )
    assert (body["steps"], body["steps_done"], body["steps_overdue"]) == (0, 0, 0)
    plan = org.plans.get()
    changed = api.patch(f"{url}{plan.pk}/", {"status": "active"}, format="json")
    assert changed.json()["status"] == "active" and changed.json()["title"] == "Museums"
    assert plan.history.first().history_change_reason == "API token “Wikidata bot”"
    assert api.get(url, {"status": "active"}).json()["count"] == 1
    assert api.get(url, {"status": "draft"}).json()["count"] == 0
    assert api.delete(f"{url}{plan.pk}/").status_code == 405


def test_the_plan_list_counts_its_steps_as_the_page_does(api, org):
    plan = PlanFactory(organization=org)
    yesterday = timezone.localdate() - timedelta(days=1)
    StepFactory(plan=plan, status="done")
    StepFactory(plan=plan, ends_on=yesterday)
    StepFactory(plan=plan, status="dropped", ends_on=yesterday)

    body = api.get(f"{base(org)}/plans/{plan.pk}/").json()

    assert (body["steps"], body["steps_done"], body["steps_overdue"]) == (2, 1, 1)


def test_a_step_is_added_at_the_end_of_its_plans_table(api, org, other_org, staff):
    plan = PlanFactory(organization=org)
    StepFactory(plan=plan, position=0)
    version = plan.version
    url = f"{base(org)}/steps/"

    foreign = api.post(url, {"plan": PlanFactory(organization=other_org).pk, "goal": "X"}, format="json")
    assert foreign.status_code == 400 and "plan" in foreign.json()
    bad = api.post(
        url,
        {"plan": plan.pk, "goal": "", "starts_on": "2026-06-01", "ends_on": "2026-05-01", "responsible": 999999},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"goal", "ends_on", "responsible"}
    assert bad.json()["responsible"] == [
        "Choose a member of this organization, or type the person's name in the next field."
    ]

    created = api.post(url, {"plan": plan.pk, "goal": "Meet three archives", "responsible": staff.pk}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["plan"], body["position"], body["status"], body["responsible"]) == (
        plan.pk,
        1,
        "not_started",
        staff.pk,
    )
    step = plan.steps.get(pk=body["id"])
    assert step.history.get().history_change_reason == "API token “Wikidata bot”"
    plan.refresh_from_db()
    # A table opened on the page before this step was added is refused when saved, not saved over it.
    assert plan.version == version + 1


def test_patch_changes_a_step_and_the_step_list_filters(api, org):
    plan = PlanFactory(organization=org)
    step = StepFactory(plan=plan, goal="Meet archives", ends_on=timezone.localdate() - timedelta(days=2))
    StepFactory(plan=PlanFactory(organization=org))
    url = f"{base(org)}/steps/"

    assert api.get(url, {"overdue": "true"}).json()["count"] == 1
    changed = api.patch(f"{url}{step.pk}/", {"status": "done", "notes": "Two met"}, format="json")

    assert changed.status_code == 200, changed.json()
    assert (changed.json()["status"], changed.json()["goal"]) == ("done", "Meet archives")
    assert api.get(url, {"overdue": "true"}).json()["count"] == 0
    assert [s["id"] for s in api.get(url, {"plan": plan.pk}).json()["results"]] == [step.pk]
    assert api.get(url, {"status": "done"}).json()["count"] == 1
    assert api.get(url, {"status": "finished"}).status_code == 400
    plan.refresh_from_db()
    assert plan.version == 2


def test_steps_move_up_and_down_as_the_tables_arrows_move_them(api, org):
    plan = PlanFactory(organization=org)
    first, second, third = (StepFactory(plan=plan, position=n) for n in (0, 1, 2))
    url = f"{base(org)}/steps/"

    moved = api.post(f"{url}{third.pk}/move/", {"direction": "up"}, format="json")

    assert moved.status_code == 200 and moved.json()["position"] == 1
    listed = api.get(url, {"plan": plan.pk}).json()["results"]
    assert [s["id"] for s in listed] == [first.pk, third.pk, second.pk]
    assert api.post(f"{url}{first.pk}/move/", {"direction": "up"}, format="json").json()["position"] == 0
    refused = api.post(f"{url}{first.pk}/move/", {"direction": "left"}, format="json")
    assert refused.status_code == 400 and refused.json() == {"direction": ["Give up or down."]}
    assert [s.pk for s in plan.steps.all()] == [first.pk, third.pk, second.pk]
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_a_value_of_the_wrong_shape_is_refused_by_name(api, org):
    response = api.post(
        f"{base(org)}/plans/", {"title": ["Museums"], "starts_on": 20260101, "ends_on": [None]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "title": ["Give one value, not a list or an object."],
        "starts_on": ["Give the date as text, such as 2026-01-31."],
        "ends_on": ["Give the date as text, such as 2026-01-31."],
    }
    assert not org.plans.exists()


def test_updated_since_gives_the_plans_and_steps_changed_since(api, org):
    plan, quiet = PlanFactory(organization=org), PlanFactory(organization=org)
    step, quiet_step = StepFactory(plan=plan), StepFactory(plan=quiet)
    two_days_ago = timezone.now() - timedelta(days=2)
    Plan.objects.filter(pk=quiet.pk).update(updated_at=two_days_ago)
    Step.history.filter(id=quiet_step.pk).update(history_date=two_days_ago)
    since = {"updated_since": (timezone.now() - timedelta(days=1)).isoformat()}

    assert [p["id"] for p in api.get(f"{base(org)}/plans/", since).json()["results"]] == [plan.pk]
    assert [s["id"] for s in api.get(f"{base(org)}/steps/", since).json()["results"]] == [step.pk]
    api.post(f"{base(org)}/steps/", {"plan": quiet.pk, "goal": "Call the archive"}, format="json")
    assert {p["id"] for p in api.get(f"{base(org)}/plans/", since).json()["results"]} == {plan.pk, quiet.pk}


def test_a_table_opened_on_the_page_before_an_api_change_does_not_save_over_it(api, client_for, staff, org):
    plan = PlanFactory(organization=org)
    step = StepFactory(plan=plan, goal="Meet archives")
    opened = plan.version

    api.patch(f"{base(org)}/steps/{step.pk}/", {"goal": "Meet three archives"}, format="json")
    page = client_for(staff).post(
        reverse("plan_steps_save", kwargs={"org_slug": org.slug, "plan_pk": plan.pk}),
        table_data(plan, [step], version=opened, **{"form-0-goal": "Meet one archive"}),
    )

    assert "Someone else saved this plan after you opened it" in page.content.decode()
    step.refresh_from_db()
    assert step.goal == "Meet three archives"
