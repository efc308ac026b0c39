"""Milestones reach their owner like follow-ups: in the calendar feed."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from reminders.models import ReminderPreference
from tests.factories import MilestoneFactory, PartnershipFactory


def test_the_calendar_feed_lists_the_open_milestones_of_the_partnerships_i_own(client, org, other_org, volunteer, staff):
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
