import zoneinfo
from datetime import datetime

import pytest

from reminders import services


def at(when, tz="UTC"):
    """An aware moment from an ISO string, in the named time zone: ``at("2026-03-10 08:00", "Pacific/Auckland")``."""
    return datetime.fromisoformat(when).replace(tzinfo=zoneinfo.ZoneInfo(tz))


def sweep_at(when):
    """One sweep with the clock stopped at ``when``."""
    return services.sweep(clock=lambda: when)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://planner.example"
