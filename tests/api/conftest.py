import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import create_token


@pytest.fixture
def make_token(org, admin):
    def make(access=ApiToken.Access.WRITE, organization=None, name="Wikidata bot", by=None):
        token, secret = create_token(organization or org, name=name, access=access, by=by or admin)
        return token, secret

    return make


@pytest.fixture
def api_for():
    """An API client that sends a token: ``api_for(secret)``."""

    def make(secret):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture
def api(make_token, api_for):
    """A client with a read-write token of ``org`` (created by ``admin``)."""
    _token, secret = make_token()
    return api_for(secret)


def base(org):
    return f"/api/v1/o/{org.slug}"
