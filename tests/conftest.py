"""The usual cast: an admin, a staff member and a volunteer of one organization,
and an outsider who is admin of another."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

from oeplanner.models import Role
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory
from tests.workers import Broker

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionstart(session):
    """Under CI, a configured server that does not answer fails the run instead of skipping tests."""
    if os.environ.get("CI") != "true" or not settings.REDIS_URL:
        return
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5).ping()


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Wikimedia Testland", slug="testland")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Elsewhere Chapter", slug="elsewhere")


def _member(org, username, role):
    return MembershipFactory(organization=org, user=UserFactory(username=username), role=role).user


@pytest.fixture
def admin(org):
    return _member(org, "alice", Role.ADMIN)


@pytest.fixture
def staff(org):
    return _member(org, "bob", Role.STAFF)


@pytest.fixture
def volunteer(org):
    return _member(org, "carol", Role.VOLUNTEER)


@pytest.fixture
def outsider(other_org):
    return _member(other_org, "mallory", Role.ADMIN)


@pytest.fixture
def moderator(db):
    """An installation admin who moderates the community and belongs to no organization."""
    user = UserFactory(username="moderator")
    user.user_permissions.add(Permission.objects.get(codename="moderate", content_type__app_label="community"))
    return user


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: ``client_for(admin)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def broker(tmp_path):
    """The Celery broker of the worker tests: Redis when REDIS_URL is set, else a folder of their own."""
    broker = Broker(tmp_path, os.environ.get("REDIS_URL") or None)
    yield broker
    broker.purge()
