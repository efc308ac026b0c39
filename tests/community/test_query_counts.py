"""Every community list and page runs the same number of queries for 5 and for 50 entries."""

import pytest

from community import services
from oeplanner.models import Role
from tests.factories import (
    ChallengeFactory,
    ExpertiseFactory,
    LearningPatternFactory,
    MembershipFactory,
    OrganizationFactory,
    ResourceFactory,
)
from tests.queries import count_queries


@pytest.fixture
def world(org, other_org, outsider, moderator):
    """Grows every space by n entries, each with offers, endorsements and flags from other members."""
    challenge = ChallengeFactory(organization=org, title="The one")
    pattern = LearningPatternFactory(organization=org, title="The one")
    resource = ResourceFactory(organization=org, title="The one")

    def grow(n):
        for _ in range(n):
            helper_org = OrganizationFactory()
            helper = MembershipFactory(organization=helper_org, role=Role.ADMIN).user
            ExpertiseFactory(organization=helper_org, contact_member=helper)
            ChallengeFactory(organization=helper_org, posted_by=helper, hidden_at="2026-01-01T00:00Z")
            ChallengeFactory(organization=helper_org, posted_by=helper).helpful_patterns.add(pattern)
            ResourceFactory(organization=helper_org, added_by=helper)
            LearningPatternFactory(organization=helper_org, author=helper)
            services.offer_help(challenge, organization=helper_org, author=helper, message="I can help")
            services.endorse(pattern, helper, "Worked for us")
            services.flag(resource, helper, "broken")
            challenge.helpful_resources.add(ResourceFactory(organization=helper_org))

    return {"challenge": challenge, "pattern": pattern, "resource": resource, "grow": grow}


PAGES_FOR_EVERYONE = [
    "/community/",
    "/community/expertise/",
    "/community/expertise/?area=glam&region=europe&language=english",
    "/community/challenges/",
    "/community/challenges/?status=open&area=building",
    "/community/resources/",
    "/community/patterns/",
    "challenge",
    "challenge_history",
    "pattern",
    "pattern_wikitext",
    "resource",
]


CASES = [(page, who) for page in PAGES_FOR_EVERYONE for who in ("admin", "moderator")]
CASES.append(("/community/moderation/", "moderator"))


@pytest.mark.parametrize(("page", "who"), CASES)
def test_community_pages_run_the_same_queries_for_5_and_50_entries(
    client_for, world, admin, moderator, page, who, django_assert_num_queries
):
    if not page.startswith("/"):
        space, _sep, suffix = page.partition("_")
        page = world[space].get_absolute_url() + (f"{suffix}/" if suffix else "")
    client = client_for(admin if who == "admin" else moderator)
    world["grow"](5)
    few = count_queries(client, page)
    world["grow"](45)
    with django_assert_num_queries(few):
        client.get(page)
