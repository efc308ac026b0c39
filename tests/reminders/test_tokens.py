"""The two pages opened without logging in: the calendar feed and the one-click "mark done" link.
Their secret is the whole protection: a wrong, expired or replaced one answers 404."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from icalendar import Calendar

from partners.services import set_follow_up_done
from reminders.emails import done_token
from reminders.models import ReminderPreference
from tests.factories import FollowUpFactory, PartnerFactory, ReminderFactory

from .conftest import at, sweep_at


@pytest.fixture
def follow_up(org, volunteer):
    return FollowUpFactory(
        partner=PartnerFactory(organization=org, name="Musée Gadagne"),
        assignee=volunteer,
        due_on=date.today() + timedelta(days=2),
        title="Send the upload guide",
    )


def feed_url(token):
    return reverse("calendar_feed", kwargs={"token": token})


def test_the_calendar_feed_lists_the_members_open_follow_ups(client, follow_up, volunteer, org, admin):
    FollowUpFactory(partner=follow_up.partner, assignee=admin, title="Not carol's")
    token = ReminderPreference.for_user(volunteer).calendar_token

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("Send the upload guide — Musée Gadagne", follow_up.due_on)
    ]
    assert str(events[0]["URL"]) == f"https://planner.example/o/{org.slug}/partners/{follow_up.partner.pk}/"


def test_a_wrong_calendar_token_answers_404(client, follow_up, volunteer):
    ReminderPreference.for_user(volunteer)
    assert client.get(feed_url("not-the-token")).status_code == 404


def test_a_regenerated_calendar_token_retires_the_old_address(client_for, follow_up, volunteer):
    old = ReminderPreference.for_user(volunteer).calendar_token
    client = client_for(volunteer)
    response = client.post(reverse("calendar_regenerate"))
    assert response.status_code == 302
    new = ReminderPreference.objects.get(user=volunteer).calendar_token

    assert new != old
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_the_done_link_asks_then_marks_the_follow_up_done(client, follow_up, volunteer):
    url = reverse("reminder_done", kwargs={"token": done_token(ReminderFactory(follow_up=follow_up))})

    page = client.get(url)
    assert page.status_code == 200
    assert "Mark this follow-up done?" in page.text
    follow_up.refresh_from_db()
    assert not follow_up.is_done  # a mail scanner opening the link changes nothing

    page = client.post(url)
    assert "“Send the upload guide” is done." in page.text
    follow_up.refresh_from_db()
    assert follow_up.is_done and follow_up.done_by == volunteer
    page = client.get(url)
    assert page.status_code == 410 and "This link was already used" in page.text


def test_a_done_link_works_once_and_does_not_close_a_reopened_follow_up(client, follow_up, volunteer):
    sweep_at(at(f"{follow_up.due_on} 09:00"))
    (email,) = mail.outbox
    url = re.search(r"https://planner\.example(/reminders/done/\S+/)", email.body)[1]
    assert client.post(url).status_code == 200
    follow_up.refresh_from_db()
    set_follow_up_done(follow_up, False, by=volunteer)  # reopened: there is more to do

    page = client.post(url)

    assert page.status_code == 410
    assert "A “mark done” link works only once." in page.text
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_a_done_link_of_a_follow_up_already_done_says_so(client, follow_up, volunteer):
    url = reverse("reminder_done", kwargs={"token": done_token(ReminderFactory(follow_up=follow_up))})
    set_follow_up_done(follow_up, True, by=volunteer)
    assert "was already marked done" in client.get(url).text


def test_a_tampered_done_link_answers_404(client, follow_up, volunteer):
    token = done_token(ReminderFactory(follow_up=follow_up))
    assert client.get(reverse("reminder_done", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    assert client.get(reverse("reminder_done", kwargs={"token": "garbage"})).status_code == 404


def test_an_expired_done_link_answers_404(client, follow_up, volunteer, settings, monkeypatch):
    token = done_token(ReminderFactory(follow_up=follow_up))
    later = signing.time.time() + settings.REMINDER_DONE_LINK_DAYS * 86400 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(reverse("reminder_done", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("reminder_done", kwargs={"token": token})).status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_a_done_link_stops_working_when_the_follow_up_is_reassigned(client, follow_up, volunteer, admin):
    token = done_token(ReminderFactory(follow_up=follow_up))
    follow_up.assignee = admin
    follow_up.save()
    assert client.post(reverse("reminder_done", kwargs={"token": token})).status_code == 404


def test_a_done_link_stops_working_when_the_member_leaves(client, follow_up, volunteer):
    token = done_token(ReminderFactory(follow_up=follow_up))
    volunteer.memberships.all().delete()
    assert client.get(reverse("reminder_done", kwargs={"token": token})).status_code == 404
