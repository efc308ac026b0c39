"""Every list of the API runs the same number of queries for a page of 5 rows and a page of 50."""

import pytest

from tests.api.conftest import base
from tests.factories import (
    EffortFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnershipFactory,
    PlanFactory,
    RoundFactory,
    StepFactory,
    TargetFactory,
)
from tests.partners.test_query_counts import grow
from tests.queries import count_queries

LISTS = [
    "partners",
    "contacts",
    "interactions",
    "follow-ups",
    "stages",
    "networks",
    "tags",
    "partnerships",
    "targets",
    "outcomes",
    "milestones",
    "effort",
    "rounds",
    "plans",
    "steps",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_run_a_fixed_number_of_queries(name, api, org, staff, django_assert_num_queries):
    grow(org, staff, 60)
    for n, partner in enumerate(org.partners.all()):
        org.tags.create(name=f"extra tag {n}")
        org.networks.create(name=f"extra network {n}")
        partnership = PartnershipFactory(partner=partner, owner=staff)
        TargetFactory(partnership=partnership)
        OutcomeFactory(partnership=partnership)
        MilestoneFactory(partnership=partnership)
        EffortFactory(partnership=partnership, member=staff)
        StepFactory(plan=PlanFactory(organization=org, owner=staff), responsible=staff)
        if name == "rounds":  # each asks every statement: only where they are counted
            RoundFactory(organization=org, invited=[staff])
    url = f"{base(org)}/{name}/"
    api.get(url)  # the token's first use is recorded once

    assert len(api.get(url + "?page_size=5").json()["results"]) == 5
    small = count_queries(api, url + "?page_size=5")
    with django_assert_num_queries(small):
        response = api.get(url + "?page_size=50")
    assert len(response.json()["results"]) == (7 if name == "stages" else 50)


def test_the_partner_list_query_count(api, org, staff, django_assert_num_queries):
    grow(org, staff, 5)
    api.get(f"{base(org)}/partners/")
    # the token, the count, the page, its tags, its networks
    with django_assert_num_queries(5):
        api.get(f"{base(org)}/partners/")
