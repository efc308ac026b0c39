"""The master plan lists every step of the organization's plans and filters them from the address."""

from datetime import timedelta

from django.utils import timezone

from capacityplans.models import Plan, Step
from tests.factories import PlanFactory, StepFactory


def goals(client, org, query=""):
    page = client.get(f"/o/{org.slug}/plans/master/{query}")
    assert page.status_code == 200
    return {goal for goal in ["Train", "Sign", "Write", "Draft"] if f"{goal} the" in page.text}


def test_the_master_plan_filters_by_strategy_status_responsible_and_overdue(client_for, staff, volunteer, org):
    yesterday = timezone.localdate() - timedelta(days=1)
    glam = PlanFactory(organization=org, strategy="GLAM outreach")
    schools = PlanFactory(organization=org, strategy="Schools", status=Plan.Status.DRAFT)
    StepFactory(plan=glam, goal="Train the curators", responsible=volunteer, ends_on=yesterday)
    StepFactory(plan=glam, goal="Sign the agreement", responsible=staff, status=Step.Status.DONE, ends_on=yesterday)
    StepFactory(plan=schools, goal="Write the guide", responsible=volunteer)
    StepFactory(plan=PlanFactory(), goal="Draft the other organization's plan")
    client = client_for(staff)

    assert goals(client, org) == {"Train", "Sign", "Write"}
    assert goals(client, org, "?strategy=glam") == {"Train", "Sign"}
    assert goals(client, org, f"?plan_status={Plan.Status.DRAFT}") == {"Write"}
    assert goals(client, org, f"?status={Step.Status.DONE}") == {"Sign"}
    assert goals(client, org, f"?responsible={volunteer.pk}") == {"Train", "Write"}
    assert goals(client, org, "?overdue=on") == {"Train"}
    assert goals(client, org, f"?responsible={volunteer.pk}&overdue=on") == {"Train"}
