"""Every URL of the project, as every kind of visitor: organizations stay apart."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import create_token, revoke_token
from capacityplans.models import Step
from community.models import Challenge, Expertise, LearningPattern, Resource
from oeplanner import wikimedia
from oeplanner.models import Role
from oeplanner.services import invite
from partners.merging import merge_partners
from partners.models import Contact, ImportSettings
from partnerships.models import Benefit, Target
from questionnaire.services import close_round
from reminders.models import Reminder
from tests.factories import (
    BenefitFactory,
    ChallengeFactory,
    ContactFactory,
    DashboardImportFactory,
    EffortFactory,
    ExpertiseFactory,
    FollowUpFactory,
    ImportJobFactory,
    InteractionFactory,
    LearningPatternFactory,
    MilestoneFactory,
    NetworkFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    PlanFactory,
    ReminderFactory,
    ResourceFactory,
    RoundFactory,
    StepFactory,
    TargetFactory,
)
from tests.isolation import ApiIsolationWalk, IsolationWalk, iter_routes

# Each URL parameter naming an object, and how to find one such object of an organization.
# A new URL whose parameter is missing here fails the test until it is added.
OBJECTS = {
    "membership_pk": lambda org: org.memberships.order_by("pk").first(),
    "partner_pk": lambda org: org.partners.order_by("pk").first(),
    "other_partner_pk": lambda org: org.partners.active().order_by("-pk").first(),
    "merge_pk": lambda org: org.partner_merges.first(),
    "protocol_step_pk": lambda org: org.partners.order_by("pk").first().stage.protocol_steps.first(),
    "contact_pk": lambda org: Contact.objects.filter(partner__organization=org).first(),
    "interaction_pk": lambda org: org.interactions.first(),
    "follow_up_pk": lambda org: org.follow_ups.first(),
    "network_pk": lambda org: org.networks.first(),
    "stage_pk": lambda org: org.stages.first(),
    "round_pk": lambda org: org.rounds.order_by("pk").first(),
    "statement_pk": lambda org: org.statements.order_by("pk").first(),
    "reminder_pk": lambda org: org.reminders.order_by("pk").first(),
    "import_pk": lambda org: org.partner_imports.order_by("pk").first(),
    "plan_pk": lambda org: org.plans.order_by("pk").first(),
    "invitation_pk": lambda org: org.invitations.order_by("pk").first(),
    "token_pk": lambda org: org.api_tokens.order_by("pk").first(),
    # Community entries are shared across organizations but each belongs to one.
    "expertise_pk": lambda org: org.community_expertise,
    "challenge_pk": lambda org: Challenge.objects.filter(organization=org).first(),
    "resource_pk": lambda org: Resource.objects.filter(organization=org).first(),
    "pattern_pk": lambda org: LearningPattern.objects.filter(organization=org).first(),
    "partnership_pk": lambda org: org.partnerships.order_by("pk").first(),
    "target_pk": lambda org: Target.objects.filter(partnership__organization=org).first(),
    "outcome_pk": lambda org: org.outcomes.order_by("pk").first(),
    "milestone_pk": lambda org: org.milestones.order_by("pk").first(),
    "effort_pk": lambda org: org.effort_entries.order_by("pk").first(),
    "benefit_pk": lambda org: Benefit.objects.filter(partnership__organization=org).first(),
    "dashboard_import_pk": lambda org: org.dashboard_imports.order_by("pk").first(),
    # Sign-in providers belong to no organization; Wikimedia's is the only one.
    "backend": lambda org: SimpleNamespace(pk=wikimedia.PROVIDER),
}


def _fill(org, member):
    """One of each object in the organization, for the walk to point at."""
    partner = PartnerFactory(organization=org, owner=member)
    duplicate = PartnerFactory(organization=org, name=partner.name)
    merge_partners(duplicate, PartnerFactory(organization=org, name=partner.name), fields=[], by=member)
    network = NetworkFactory(organization=org)
    partner.networks.add(network)
    ContactFactory(partner=partner)
    interaction = InteractionFactory(partner=partner, author=member)
    follow_up = FollowUpFactory(partner=partner, interaction=interaction, assignee=member)
    ReminderFactory(follow_up=follow_up, status=Reminder.Status.FAILED)
    ImportJobFactory(organization=org, created_by=member)
    ImportSettings.objects.create(organization=org, staff_may_import=True)
    StepFactory(plan=PlanFactory(organization=org, owner=member), responsible=member)
    invite(org, f"invited@{org.slug}.example", Role.STAFF, invited_by=member)
    if not Expertise.objects.filter(organization=org).exists():  # one entry an organization; the demo has its own
        ExpertiseFactory(organization=org, contact_member=member)
    ChallengeFactory(organization=org, posted_by=member)
    ResourceFactory(
        organization=org, added_by=member, document=ContentFile(b"%PDF-1.4\n", name="a.pdf"), document_type="pdf"
    )
    LearningPatternFactory(organization=org, author=member)
    partnership = PartnershipFactory(partner=partner, owner=member)
    TargetFactory(partnership=partnership)
    OutcomeFactory(partnership=partnership)
    MilestoneFactory(partnership=partnership)
    EffortFactory(partnership=partnership, member=member)
    BenefitFactory(partnership=partnership, author=member)
    DashboardImportFactory(organization=org, created_by=member)
    create_token(org, name="Bot", access=ApiToken.Access.WRITE, by=member)


@pytest.fixture
def walk(client, org, other_org, admin, staff, volunteer, outsider, moderator):
    _fill(org, volunteer)
    _fill(other_org, outsider)
    RoundFactory(organization=org, invited=[admin, staff, volunteer])
    RoundFactory(organization=other_org, invited=[outsider])

    def make(urlconf=None):
        return IsolationWalk(
            client,
            org=org,
            other_org=other_org,
            members={Role.ADMIN: admin, Role.STAFF: staff, Role.VOLUNTEER: volunteer},
            outsider=outsider,
            moderator=moderator,
            objects=OBJECTS,
            urlconf=urlconf,
        )

    return make


def test_every_url_keeps_organizations_apart(walk):
    problems = walk().run()
    assert not problems, "\n".join(problems)


def test_the_walk_covers_every_organization_page():
    names = {route.name for route in iter_routes() if route.is_org_page}
    assert {"org_home", "member_list", "member_remove", "member_invite", "invitation_revoke"} <= names


@pytest.fixture
def leaky_urls(settings):
    settings.ROOT_URLCONF = "tests.oeplanner.leaky_urls"
    clear_url_caches()
    yield "tests.oeplanner.leaky_urls"
    clear_url_caches()


def test_the_walk_catches_views_that_skip_the_tenancy_helper(walk, leaky_urls):
    problems = walk(leaky_urls).run()

    assert any("leak_without_helper" in p and "does not go through the tenancy helper" in p for p in problems)
    assert any("leak_other_objects" in p and "another organization's objects" in p for p in problems)
    assert any("leak_community_edit" in p and "outsider" in p and "expected [404]" in p for p in problems)
    assert any("leak_community_hidden" in p and "on a hidden entry" in p for p in problems)
    assert not any(p.startswith("org_home") for p in problems)
    assert not any(p.startswith("community_challenge_edit") for p in problems)


# Each API object, by model, and how to find one of an organization.
API_OBJECTS = {
    "partners.Partner": lambda org: org.partners.order_by("pk").first(),
    "partners.Contact": lambda org: Contact.objects.filter(partner__organization=org).first(),
    "partners.Interaction": lambda org: org.interactions.first(),
    "partners.FollowUp": lambda org: org.follow_ups.first(),
    "partners.Stage": lambda org: org.stages.first(),
    "partners.Network": lambda org: org.networks.first(),
    "partners.Tag": lambda org: org.tags.first(),
    "partnerships.Partnership": lambda org: org.partnerships.first(),
    "partnerships.Target": lambda org: Target.objects.filter(partnership__organization=org).first(),
    "partnerships.Outcome": lambda org: org.outcomes.first(),
    "partnerships.Milestone": lambda org: org.milestones.first(),
    "partnerships.EffortEntry": lambda org: org.effort_entries.first(),
    "questionnaire.Round": lambda org: org.rounds.first(),
    "capacityplans.Plan": lambda org: org.plans.first(),
    "capacityplans.Step": lambda org: Step.objects.filter(plan__organization=org).first(),
}


def test_every_api_url_keeps_organizations_apart(org, other_org, admin, outsider):
    _fill(org, admin)
    _fill(other_org, outsider)
    org.tags.create(name="Museums")
    other_org.tags.create(name="Museums")
    # Closed, so that a read-only token reads its report too.
    close_round(RoundFactory(organization=org, invited=[admin]))
    close_round(RoundFactory(organization=other_org, invited=[outsider]))

    def client(organization, access=ApiToken.Access.WRITE, revoked=False):
        token, secret = create_token(organization, name=f"{access} {revoked}", access=access, by=admin)
        if revoked:
            revoke_token(token)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return api

    clients = {
        "anonymous": APIClient(),
        "revoked": client(org, revoked=True),
        "foreign": client(other_org),
        "read": client(org, ApiToken.Access.READ),
        "write": client(org),
    }
    walk = ApiIsolationWalk(org=org, other_org=other_org, clients=clients, objects=API_OBJECTS)

    problems = walk.run()

    assert not problems, "\n".join(problems)
    walked = {route.name for route in iter_routes() if route.is_api}
    assert {"api-partner-list", "api-partner-detail", "api-partner-move-stage", "api-follow-up-detail"} <= walked
    assert {"api-partnership-detail", "api-target-detail", "api-outcome-list", "api-effort-detail"} <= walked
    assert {"api-round-report", "api-round-close", "api-plan-detail", "api-step-move"} <= walked
