"""A reminder speaks of the due date as it stands on the day the member reads it, in their time zone."""

import zoneinfo
from datetime import date, timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification, ReminderPreference, ReminderSettings
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at

DUE = date(2026, 11, 30)


@pytest.fixture
def follow_up(org, volunteer):
    ReminderSettings.objects.create(organization=org, days_before=1)
    ReminderPreference.objects.create(user=volunteer, send_hour=0)
    partner = PartnerFactory(organization=org, name="Musée Gadagne")
    return FollowUpFactory(partner=partner, assignee=volunteer, due_on=DUE, title="Send the upload guide")


def test_a_catch_up_reminder_sent_the_day_after_says_overdue_since(follow_up, volunteer):
    # The sweep did not run on 30 November: the "due today" reminder goes out on 1 December.
    sweep_at(at("2026-12-01 00:30"))

    [message] = mail.outbox
    assert message.subject == "Overdue since 30 Nov: Send the upload guide"
    assert "“Send the upload guide” (Musée Gadagne) is overdue since Monday 30 November 2026." in message.body
    assert "due today" not in message.body
    assert "is overdue since Monday 30 November 2026." in message.alternatives[0][0]


def test_the_same_moment_is_still_the_due_day_west_of_utc(follow_up, volunteer):
    volunteer.time_zone = "America/New_York"  # 1 December 00:30 UTC is 30 November 19:30 there
    volunteer.save()
    sweep_at(at("2026-12-01 00:30"))

    [message] = mail.outbox
    assert message.subject == "Due today: Send the upload guide"
    assert "“Send the upload guide” (Musée Gadagne) is due today." in message.body


def test_the_reminder_the_day_before_says_due_tomorrow_and_east_of_utc_it_is_already_the_day(follow_up, volunteer):
    sweep_at(at("2026-11-29 00:30"))
    [message] = mail.outbox
    assert message.subject == "Due tomorrow: Send the upload guide"
    assert "“Send the upload guide” (Musée Gadagne) is due tomorrow." in message.body

    volunteer.time_zone = "Pacific/Auckland"  # 29 November 12:30 UTC is 30 November 01:30 there
    volunteer.save()
    follow_up.due_on = date(2026, 12, 1)
    follow_up.save()
    sweep_at(at("2026-11-29 12:30"))
    assert mail.outbox[-1].subject == "Due tomorrow: Send the upload guide"


@pytest.mark.parametrize(
    ("zone", "read_at", "words"),
    [
        ("UTC", "2026-11-29 12:00", "is due tomorrow."),
        ("UTC", "2026-11-30 23:59", "is due today."),
        ("UTC", "2026-12-01 00:30", "is overdue since Monday 30 November."),
        ("America/New_York", "2026-12-01 00:30", "is due today."),
        ("Pacific/Auckland", "2026-11-29 12:00", "is due today."),
    ],
)
def test_the_notification_follows_the_day_it_is_read_in_the_members_time_zone(
    follow_up, volunteer, zone, read_at, words
):
    sweep_at(at("2026-11-29 00:30"))
    notification = Notification.objects.get()

    with timezone.override(zoneinfo.ZoneInfo(zone)):
        context = {"notification": notification, "now": at(read_at)}
        text = render_to_string("reminders/_notification_text.html", context)
    assert text == f"“Send the upload guide” (Musée Gadagne) {words}"


def test_the_notifications_page_says_overdue_once_the_day_has_passed(org, volunteer, client_for):
    volunteer.time_zone = "Pacific/Kiritimati"  # UTC+14: its today is ahead of the server's
    volunteer.save()
    ReminderPreference.objects.create(user=volunteer, send_hour=0, delivery="off")
    partner = PartnerFactory(organization=org, name="Musée Gadagne")
    local_today = timezone.localtime(timezone=zoneinfo.ZoneInfo(volunteer.time_zone)).date()
    FollowUpFactory(partner=partner, assignee=volunteer, due_on=local_today - timedelta(days=1), title="Call back")
    sweep_at(timezone.now())

    page = client_for(volunteer).get(reverse("notification_list")).text
    day = local_today - timedelta(days=1)
    assert f"“Call back” (Musée Gadagne) is overdue since {day:%A} {day.day} {day:%B}." in page
