import zoneinfo
from datetime import datetime

import pytest
from django.utils import timezone

from reminders import services
from reminders.models import ReminderPreference
from tests.factories import FollowUpFactory, MembershipFactory, PartnerFactory, UserFactory


def at(when, tz="UTC"):
    """An aware moment from an ISO string, in the named time zone: ``at("2026-03-10 08:00", "Pacific/Auckland")``."""
    return datetime.fromisoformat(when).replace(tzinfo=zoneinfo.ZoneInfo(tz))


def sweep_at(when):
    """One sweep with the clock stopped at ``when``."""
    return services.sweep(clock=lambda: when)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://planner.example"


@pytest.fixture
def due_follow_ups(org):
    """n follow-ups due today, each assigned to its own member: exactly one reminder each is due now."""

    def make(n):
        partner = PartnerFactory(organization=org)
        for i in range(n):
            user = UserFactory(username=f"member{i}")
            MembershipFactory(organization=org, user=user)
            ReminderPreference.objects.create(user=user, send_hour=0)
            FollowUpFactory(partner=partner, assignee=user, due_on=timezone.localdate(), title=f"Task {i}")
        return n

    return make
