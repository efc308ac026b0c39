"""Tokens: created and revoked by the organization's admins, stored hashed, confined to their organization."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.api.conftest import base
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_token_and_sees_its_secret_once(client_for, admin, org):
    client = client_for(admin)
    url = reverse("api_token_list", kwargs={"org_slug": org.slug})

    response = client.post(url, {"name": "Mailing tool", "access": "read"})

    token = org.api_tokens.get()
    secret = response.context["secret"]
    assert secret.startswith("oep_") and secret in response.content.decode()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get(url).content.decode()
    assert (token.name, token.access, token.created_by) == ("Mailing tool", "read", admin)


def test_a_name_in_use_is_refused_with_what_was_typed_kept(client_for, admin, org, make_token):
    make_token(name="Mailing tool")
    url = reverse("api_token_list", kwargs={"org_slug": org.slug})

    response = client_for(admin).post(url, {"name": "mailing TOOL", "access": "write"})

    assert "A token with this name is in use" in response.content.decode()
    assert 'value="mailing TOOL"' in response.content.decode()
    assert org.api_tokens.count() == 1


def test_staff_cannot_open_the_token_page(client_for, staff, org):
    assert client_for(staff).get(reverse("api_token_list", kwargs={"org_slug": org.slug})).status_code == 403


def test_revoking_asks_first_then_the_token_is_refused(client_for, admin, org, make_token, api_for):
    token, secret = make_token()
    client = client_for(admin)
    url = reverse("api_token_revoke", kwargs={"org_slug": org.slug, "token_pk": token.pk})
    assert api_for(secret).get(f"{base(org)}/partners/").status_code == 200

    page = client.get(url)
    token.refresh_from_db()
    assert "Revoke the token" in page.content.decode() and token.revoked_at is None

    client.post(url)
    response = api_for(secret).get(f"{base(org)}/partners/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "revoked" in response.json()["detail"]


def test_a_wrong_token_is_refused(api_for, org):
    assert api_for("oep_not-a-token").get(f"{base(org)}/partners/").status_code == 401


def test_no_credentials_are_refused(org):
    assert APIClient().get(f"{base(org)}/partners/").status_code == 401


def test_a_token_never_reaches_another_organization(make_token, api_for, org, other_org):
    partner = PartnerFactory(organization=other_org)
    _token, secret = make_token()
    client = api_for(secret)

    assert client.get(f"{base(other_org)}/partners/").status_code == 404
    assert client.get(f"{base(other_org)}/partners/{partner.pk}/").status_code == 404
    assert client.get(f"{base(org)}/partners/{partner.pk}/").status_code == 404


def test_a_read_only_token_reads_but_cannot_write(make_token, api_for, org):
    _token, secret = make_token(access=ApiToken.Access.READ)
    client = api_for(secret)

    assert client.get(f"{base(org)}/partners/").status_code == 200
    response = client.post(f"{base(org)}/partners/", {"name": "Library", "stage": org.stages.first().pk}, format="json")
    assert response.status_code == 403
    assert not org.partners.exists()


def test_use_is_recorded(make_token, api_for, org):
    token, secret = make_token()
    assert token.last_used_at is None

    api_for(secret).get(f"{base(org)}/tags/")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_member_uses_the_api_with_the_session_and_csrf(staff, volunteer, org):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(staff)
    assert browser.get(f"{base(org)}/partners/").status_code == 200
    data = {"name": "City Library", "stage": org.stages.first().pk}
    refused = browser.post(f"{base(org)}/partners/", data, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]

    browser.get(reverse("api_docs"))  # sets the CSRF cookie
    created = browser.post(
        f"{base(org)}/partners/", data, format="json", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert created.status_code == 201

    volunteer_browser = APIClient()
    volunteer_browser.force_login(volunteer)
    assert volunteer_browser.get(f"{base(org)}/partners/").status_code == 200
    assert volunteer_browser.post(f"{base(org)}/networks/", {"name": "Libraries"}, format="json").status_code == 403
