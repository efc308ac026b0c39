import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, PlanFactory, StepFactory
from tests.queries import count_queries


@pytest.mark.parametrize(
    "name", ["plan_detail", "plan_wikitext", "plan_print", "plan_history", "plan_list", "master_plan"]
)
def test_plan_pages_run_the_same_queries_for_5_and_50_steps(client_for, staff, org, name, django_assert_num_queries):
    plan = PlanFactory(organization=org, owner=staff)
    kwargs = {"org_slug": org.slug}
    if name.startswith("plan_") and name != "plan_list":
        kwargs["plan_pk"] = plan.pk
    url = reverse(name, kwargs=kwargs)
    client = client_for(staff)

    def grow(n):
        for member in MembershipFactory.create_batch(n, organization=org):
            StepFactory(plan=plan, responsible=member.user)
            PlanFactory(organization=org)

    grow(5)
    few = count_queries(client, url)
    grow(45)
    with django_assert_num_queries(few):
        client.get(url)
