"""Digests at each member's own local hour, in UTC+13 and UTC-10, across daylight-saving changes."""

import zoneinfo
from datetime import date, timedelta

import pytest
from django.core import mail

from reminders.models import Reminder, ReminderPreference, ReminderSettings
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at


@pytest.fixture(autouse=True)
def _on_the_day_only(org):
    # One reminder per follow-up (on its due day) makes one digest per day, easy to read.
    ReminderSettings.objects.create(organization=org, days_before=0)


def digest_times(start, days):
    """Sweep every half hour for ``days`` days from ``start``: {address: [when its digests went out]}."""
    sent = {}
    moment = start
    while moment < start + timedelta(days=days):
        before = len(mail.outbox)
        sweep_at(moment)
        for message in mail.outbox[before:]:
            sent.setdefault(message.to[0], []).append(moment)
        moment += timedelta(minutes=30)
    return sent


def volunteer_zone(name):
    return zoneinfo.ZoneInfo(name)


@pytest.mark.parametrize(
    ("zone", "days", "expected_utc"),
    [
        # Auckland: UTC+13 until daylight saving ends on Sunday 5 April 2026, then UTC+12.
        (
            "Pacific/Auckland",
            ["2026-04-04", "2026-04-05", "2026-04-06"],
            ["2026-04-03 20:00", "2026-04-04 21:00", "2026-04-05 21:00"],
        ),
        # Adak: UTC-10 until daylight saving starts on Sunday 8 March 2026, then UTC-9.
        (
            "America/Adak",
            ["2026-03-07", "2026-03-08", "2026-03-09"],
            ["2026-03-07 19:00", "2026-03-08 18:00", "2026-03-09 18:00"],
        ),
    ],
)
def test_each_member_gets_the_digest_at_their_local_hour_across_a_dst_change(org, volunteer, zone, days, expected_utc):
    volunteer.time_zone = zone
    volunteer.save()
    ReminderPreference.objects.create(user=volunteer, delivery="digest", send_hour=9)
    partner = PartnerFactory(organization=org)
    for day in days:  # one follow-up due each local day: one digest each morning
        FollowUpFactory(partner=partner, assignee=volunteer, due_on=date.fromisoformat(day), title=f"Task {day}")

    start = at(f"{days[0]} 00:00", zone) - timedelta(days=1)
    sent = digest_times(start, days=len(days) + 1)[volunteer.email]

    assert sent == [at(t) for t in expected_utc]
    assert [m.astimezone(volunteer_zone(zone)).hour for m in sent] == [9, 9, 9]
    for day in days:
        assert Reminder.objects.get(kind="digest", occasion=date.fromisoformat(day)).status == "sent"


def test_two_members_far_apart_get_their_digests_at_their_own_nine_oclock(org, volunteer, staff):
    volunteer.time_zone, staff.time_zone = "Pacific/Tongatapu", "Pacific/Honolulu"  # UTC+13, UTC-10
    volunteer.save()
    staff.save()
    for user in (volunteer, staff):
        ReminderPreference.objects.create(user=user, delivery="digest", send_hour=9)
        FollowUpFactory(partner=PartnerFactory(organization=org), assignee=user, due_on=date(2026, 6, 10))

    sent = digest_times(at("2026-06-09 00:00"), days=2)

    assert sent[volunteer.email] == [at("2026-06-09 20:00")]  # 09:00 on 10 June in Tonga
    assert sent[staff.email] == [at("2026-06-10 19:00")]  # 09:00 on 10 June in Hawaii
