from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from tests.accounts_oauth.fake_wiki import FakeWiki

SECRET = "a-consumer-secret-as-long-as-meta-wiki-gives"


@pytest.fixture
def wiki(settings):
    """Meta-Wiki's OAuth endpoints, faked over HTTP, with the app configured as their consumer."""
    settings.SOCIAL_AUTH_MEDIAWIKI_KEY = "consumer-key"
    settings.SOCIAL_AUTH_MEDIAWIKI_SECRET = SECRET
    fake = FakeWiki(
        key="consumer-key",
        secret=SECRET,
        callback="http://testserver" + reverse("social:complete", args=["mediawiki"]),
    ).start()
    settings.SOCIAL_AUTH_MEDIAWIKI_URL = fake.url
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
