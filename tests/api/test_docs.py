"""The OpenAPI description and its viewer, served from the app itself."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_1_and_lists_the_organization_endpoints(client):
    response = client.get(reverse("api_schema"))

    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/o/{org_slug}/partners/" in schema["paths"]
    assert "/api/v1/o/{org_slug}/interactions/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_viewer_is_vendored_and_its_code_is_not_inline(client):
    response = client.get(reverse("api_docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in html and "js/api-docs.js" in html
    assert "<script>" not in html and "http://" not in html and "https://" not in html
    for name in ("vendor/swagger-ui-5.35.0/swagger-ui-bundle.js", "vendor/swagger-ui-5.35.0/swagger-ui.css"):
        assert (Path(settings.BASE_DIR) / "static" / name).exists()
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY  # no exemption
