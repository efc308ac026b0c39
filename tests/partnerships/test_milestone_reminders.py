"""Milestones reach their partnership's owner like follow-ups: in the calendar feed and in overdue reminders."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from reminders import planning as reminder_planning
from reminders import services as reminder_services
from reminders.models import Notification, Reminder, ReminderPreference
from tests.factories import MilestoneFactory, PartnershipFactory


def test_the_calendar_feed_lists_the_open_milestones_of_the_partnerships_i_own(
    client, org, other_org, volunteer, staff
):
    today = timezone.localdate()
    mine = PartnershipFactory(partner__organization=org, owner=volunteer, name="Photo walks")
    MilestoneFactory(partnership=mine, title="Share the first photos", due_on=today + timedelta(days=4))
    MilestoneFactory(partnership=mine, title="Already done", due_on=today, done_on=today)
    MilestoneFactory(partnership=PartnershipFactory(partner__organization=org, owner=staff), title="Not mine")
    # Owned in an organization the member has left: not shown.
    MilestoneFactory(partnership=PartnershipFactory(partner__organization=other_org, owner=volunteer), title="Gone")

    token = ReminderPreference.for_user(volunteer).calendar_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Share the first photos — Photo walks", today + timedelta(days=4))
    ]
    assert str(events[0]["URL"]).endswith(f"/o/{org.slug}/partnerships/{mine.pk}/#milestones")


# --- Overdue milestones are reminded like overdue plan steps -------------------------------------------------

DUE = date(2026, 3, 20)


def at(when):
    return datetime.fromisoformat(when).replace(tzinfo=UTC)


@pytest.fixture
def milestone(org, volunteer, settings):
    settings.SITE_URL = "https://planner.example"
    partnership = PartnershipFactory(partner__organization=org, owner=volunteer, name="Photo walks")
    return MilestoneFactory(partnership=partnership, title="Share the first photos", due_on=DUE)


def sweep_at(when):
    return reminder_services.sweep(clock=lambda: at(when))


def test_an_open_milestone_is_reminded_once_to_the_partnerships_owner_the_day_after_it_was_due(milestone):
    assert sweep_at("2026-03-21 07:59").sent == 0
    assert sweep_at("2026-03-21 08:00").sent == 1

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.milestone, reminder.recipient.username) == ("milestone_overdue", milestone, "carol")
    [message] = mail.outbox
    assert message.subject == "Milestone overdue: Share the first photos"
    assert "The milestone “Share the first photos” of “Photo walks” was due on Friday 20 March 2026" in message.body
    assert f"https://planner.example/o/testland/partnerships/{milestone.partnership_id}/#milestones" in message.body
    assert Notification.objects.get().title == "Share the first photos"
    for when in ("2026-03-21 12:00", "2026-03-22 09:00"):
        assert sweep_at(when).sent == 0
    assert len(mail.outbox) == 1


def test_a_milestone_done_meanwhile_is_not_reminded(milestone):
    assert reminder_planning.plan_due_reminders(at("2026-03-21 08:00")) == 1
    milestone.done_on = date(2026, 3, 21)
    milestone.save()
    result = sweep_at("2026-03-21 08:00")
    assert (result.sent, result.skipped) == (0, 1)
    assert Reminder.objects.get().skip_reason == "done"
    assert not mail.outbox


def test_a_milestone_given_to_another_owner_is_not_reminded_to_the_first(milestone, staff):
    assert reminder_planning.plan_due_reminders(at("2026-03-21 08:00")) == 1
    milestone.partnership.owner = staff
    milestone.partnership.save()
    result = sweep_at("2026-03-21 08:00")
    assert Reminder.objects.get(recipient__username="carol").skip_reason == "reassigned"
    assert result.sent == 1  # bob's own reminder, planned by this sweep
