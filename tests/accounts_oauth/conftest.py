from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from tests.accounts_oauth.fake_wiki import serve_as_meta_wiki


@pytest.fixture
def wiki(settings):
    """Meta-Wiki's OAuth endpoints, faked over HTTP, with the app configured as their consumer."""
    fake = serve_as_meta_wiki(settings, "http://testserver")
    yield fake
    fake.stop()


@pytest.fixture
def sign_in_with_wikimedia(client):
    """Press "Sign in with Wikimedia" (or "Link"), approve on the wiki, come back; the last page is returned."""

    def go(wiki, next_url=""):
        start = client.post(reverse("social:begin", args=["mediawiki"]), {"next": next_url})
        assert start.status_code == 302, start
        assert start["Location"].startswith(wiki.url)
        approved = requests.get(start["Location"], allow_redirects=False, timeout=10)
        back = urlsplit(approved.headers["Location"])
        return client.get(f"{back.path}?{back.query}", follow=True)

    return go
