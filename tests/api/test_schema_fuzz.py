"""schemathesis sends generated requests to every operation of the OpenAPI description: none may answer 5xx
or a response that contradicts the description. Bounded (a few examples an operation): CI runs it twice."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from api.models import ApiToken
from api.services import create_token
from tests.factories import (
    ContactFactory,
    EffortFactory,
    FollowUpFactory,
    InteractionFactory,
    MilestoneFactory,
    NetworkFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    PlanFactory,
    RoundFactory,
    StepFactory,
    TargetFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def demo(org, admin, staff, settings):
    """A small organization like the demo's, and a read-write token for it."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    network = NetworkFactory(organization=org, name="Museums of Lyon")
    for n in range(3):
        partner = PartnerFactory(organization=org, owner=staff, name=f"Musée {n}", website=f"https://musee{n}.example")
        partner.networks.add(network)
        partner.tags.create(organization=org, name=f"tag {n}")
        contact = ContactFactory(partner=partner)
        interaction = InteractionFactory(partner=partner, author=staff)
        interaction.their_participants.add(contact)
        FollowUpFactory(partner=partner, interaction=interaction, assignee=staff)
        partnership = PartnershipFactory(partner=partner, owner=staff)
        TargetFactory(partnership=partnership)
        OutcomeFactory(partnership=partnership)
        MilestoneFactory(partnership=partnership)
        EffortFactory(partnership=partnership, member=staff)
    round = RoundFactory(organization=org, invited=[staff])
    StepFactory(plan=PlanFactory(organization=org, owner=staff, round=round), responsible=staff)
    _token, secret = create_token(org, name="Fuzzer", access=ApiToken.Access.WRITE, by=admin)
    # As Django's test client does: requests must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield org, secret
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_the_api_keeps_to_its_description(case, demo):
    org, secret = demo
    if case.path_parameters is not None and "org_slug" in case.path_parameters:
        case.path_parameters["org_slug"] = org.slug
    response = case.call(headers={"Authorization": f"Bearer {secret}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
