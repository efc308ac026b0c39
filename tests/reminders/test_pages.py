"""The notifications page and badge, the member's reminder settings, the admins' pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from reminders.models import Notification, Reminder, ReminderPreference, ReminderSettings
from tests.factories import FollowUpFactory, PartnerFactory, ReminderFactory

from .conftest import at, sweep_at


@pytest.fixture
def notified(org, volunteer):
    partner = PartnerFactory(organization=org, name="Musée Gadagne")
    FollowUpFactory(partner=partner, assignee=volunteer, due_on=date(2026, 3, 20), title="Send the upload guide")
    sweep_at(at("2026-03-20 09:00"))
    return partner


def test_the_navbar_counts_unread_notifications(client_for, notified, volunteer, org):
    page = client_for(volunteer).get(reverse("org_home", kwargs={"org_slug": org.slug}))
    assert '<span class="badge rounded-pill text-bg-warning" id="unread-badge">1<' in page.text


def test_the_notifications_page_lists_them_and_marks_them_read(client_for, notified, volunteer):
    client = client_for(volunteer)
    page = client.get(reverse("notification_list"))
    assert "“Send the upload guide” (Musée Gadagne) is overdue since Friday 20 March." in page.text
    assert f'href="/o/testland/partners/{notified.pk}/"' in page.text

    client.post(reverse("notifications_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert 'id="unread-badge"' not in client.get(reverse("notification_list")).text


def test_members_see_only_their_own_notifications(client_for, notified, staff):
    page = client_for(staff).get(reverse("notification_list"))
    assert "Send the upload guide" not in page.text


def test_the_notifications_page_runs_the_same_queries_for_few_and_many(
    client_for, org, volunteer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(volunteer)
    partner = PartnerFactory(organization=org)

    def grow(n):
        for _ in range(n):
            reminder = ReminderFactory(follow_up=FollowUpFactory(partner=partner, assignee=volunteer))
            in_a_failed_digest(reminder, occasion=date(2026, 1, 1) + timedelta(days=Reminder.objects.count()))
            Notification.objects.create(
                recipient=volunteer,
                organization=org,
                reminder=reminder,
                kind=reminder.kind,
                follow_up=reminder.follow_up,
                partner=partner,
                title="x",
                due_on=reminder.occasion,
            )

    grow(5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notification_list"))
    grow(45)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notification_list"))
    assert page.text.count("We could not e-mail you your daily digest") == 20


def test_a_member_chooses_how_reminders_arrive(client_for, volunteer):
    client = client_for(volunteer)
    page = client.get(reverse("reminder_preferences"))
    assert "One daily digest" in page.text and "/calendar/" in page.text

    response = client.post(reverse("reminder_preferences"), {"delivery": "digest", "send_hour": "7"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=volunteer)
    assert (preference.delivery, preference.send_hour) == ("digest", 7)


def test_a_wrong_hour_keeps_the_input_and_says_why(client_for, volunteer):
    page = client_for(volunteer).post(reverse("reminder_preferences"), {"delivery": "digest", "send_hour": "25"})
    assert page.status_code == 200
    assert "Choose an hour from 0 to 23." in page.text
    assert 'value="25"' in page.text


def test_the_profile_links_to_the_reminder_settings(client_for, volunteer):
    page = client_for(volunteer).get(reverse("profile"))
    assert reverse("reminder_preferences") in page.text


def test_an_admin_changes_the_organizations_reminder_settings(client_for, admin, org):
    url = reverse("reminder_settings", kwargs={"org_slug": org.slug})
    client = client_for(admin)
    assert client.get(url).status_code == 200
    assert not ReminderSettings.objects.exists()  # looking changes nothing

    assert client.post(url, {"days_before": "2", "overdue_after_days": "5"}).status_code == 302
    settings = ReminderSettings.objects.get(organization=org)
    assert (settings.days_before, settings.overdue_after_days) == (2, 5)


def test_bad_reminder_settings_keep_the_input_and_say_why(client_for, admin, org):
    url = reverse("reminder_settings", kwargs={"org_slug": org.slug})
    page = client_for(admin).post(url, {"days_before": "40", "overdue_after_days": "0"})
    assert page.status_code == 200
    assert "Ensure this value is less than or equal to 30." in page.text
    assert "Ensure this value is greater than or equal to 1." in page.text
    assert 'value="40"' in page.text


@pytest.mark.parametrize("user", ["staff", "volunteer"])
def test_only_admins_see_the_reminder_pages(client_for, org, user, request):
    client = client_for(request.getfixturevalue(user))
    assert client.get(reverse("reminder_list", kwargs={"org_slug": org.slug})).status_code == 403
    assert client.get(reverse("reminder_settings", kwargs={"org_slug": org.slug})).status_code == 403


def test_the_admin_list_shows_each_reminders_status(client_for, admin, org, notified):
    ReminderFactory(
        follow_up=FollowUpFactory(partner=notified, title="Book the room"),
        status=Reminder.Status.FAILED,
        last_error="SMTPRecipientsRefused: 550",
        attempts=5,
    )
    page = client_for(admin).get(reverse("reminder_list", kwargs={"org_slug": org.slug}))
    assert "Send the upload guide" in page.text and "Sent" in page.text
    assert "Book the room" in page.text and "SMTPRecipientsRefused: 550" in page.text
    assert "Send again" in page.text


def test_the_admin_list_runs_the_same_queries_for_few_and_many(client_for, admin, org, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)
    partner = PartnerFactory(organization=org)
    for _ in range(5):
        in_a_failed_digest(ReminderFactory(follow_up=FollowUpFactory(partner=partner)))
    url = reverse("reminder_list", kwargs={"org_slug": org.slug})
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(45):
        in_a_failed_digest(ReminderFactory(follow_up=FollowUpFactory(partner=partner)))
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.text.count("Send again") >= 20 + 20  # failed digests, and the failed reminders in them


def in_a_failed_digest(reminder, occasion=None):
    """Put a reminder in a daily digest that failed, as a mail server refusing it for good leaves them."""
    digest = Reminder.objects.create(
        kind=Reminder.Kind.DIGEST,
        recipient=reminder.recipient,
        occasion=occasion or reminder.occasion,
        due_at=reminder.due_at,
        send_after=reminder.due_at,
        status=Reminder.Status.FAILED,
        last_error="SMTPRecipientsRefused: 550",
    )
    Reminder.objects.filter(pk=reminder.pk).update(digest=digest, status=Reminder.Status.FAILED)
    return reminder
