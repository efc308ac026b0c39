"""Rate limits per token, and creates that a retry does not repeat."""

import pytest

from api.models import IdempotentRequest
from tests.api.conftest import base
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_past_the_limit_a_token_gets_429_with_retry_after(settings, make_token, api_for, org):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, secret = make_token()
    client = api_for(secret)
    _other, other_secret = make_token(name="Another bot")

    responses = [client.get(f"{base(org)}/tags/") for _ in range(7)]

    # Three a minute: the fourth is refused (if the minute turned meanwhile, three more pass first).
    statuses = [response.status_code for response in responses]
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
    refused = responses[statuses.index(429)]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert api_for(other_secret).get(f"{base(org)}/tags/").status_code == 200  # counted per token


def test_an_idempotency_key_answers_the_first_response_again(api, org):
    data = {"name": "Archives of Lyon", "stage": org.stages.first().pk}
    url = f"{base(org)}/partners/"

    first = api.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="sync-2026-12-01-17")
    again = api.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="sync-2026-12-01-17")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert org.partners.count() == 1
    other = api.post(url, data | {"name": "Other"}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert other.status_code == 201
    assert org.partners.count() == 2


def test_a_refused_create_is_not_remembered(api, org):
    url = f"{base(org)}/partners/"
    assert api.post(url, {"name": ""}, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 400

    fixed = api.post(url, {"name": "Museum", "stage": org.stages.first().pk}, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert fixed.status_code == 201


def test_a_key_used_for_another_request_is_a_conflict(api, org):
    partner = PartnerFactory(organization=org)
    api.post(f"{base(org)}/contacts/", {"partner": partner.pk, "name": "Ada"}, format="json", HTTP_IDEMPOTENCY_KEY="k")

    response = api.post(f"{base(org)}/networks/", {"name": "N"}, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 409
    assert not org.networks.exists()


def test_keys_are_forgotten_after_the_window(api, org, settings):
    url = f"{base(org)}/networks/"
    api.post(url, {"name": "Museums"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    settings.API_IDEMPOTENCY_HOURS = 0

    response = api.post(url, {"name": "Libraries"}, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert IdempotentRequest.objects.get().body["name"] == "Libraries"
