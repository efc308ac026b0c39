"""A mail server that refuses: retried with backoff, then failed and visible — never silent."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from reminders import services
from reminders.models import Reminder
from tests.factories import FollowUpFactory, PartnerFactory

from . import mailbox
from .conftest import at, sweep_at

NOW = at("2026-03-20 09:00")


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.reminders.mailbox.RefusingBackend"
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.REMINDER_RETRY_SECONDS = 60
    mailbox.REFUSED.add("carol@example.org")
    yield
    mailbox.REFUSED.clear()


@pytest.fixture
def two_follow_ups(org, volunteer, admin):
    partner = PartnerFactory(organization=org)
    return [
        FollowUpFactory(partner=partner, assignee=volunteer, due_on=date(2026, 3, 20), title="Call the curator"),
        FollowUpFactory(partner=partner, assignee=admin, due_on=date(2026, 3, 20), title="Sign the agreement"),
    ]


def test_a_refused_reminder_is_retried_with_backoff_then_failed_while_others_go_out(refusing, two_follow_ups):
    first = sweep_at(NOW)
    assert (first.sent, first.failed, first.retrying) == (1, 0, 1)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    carols = Reminder.objects.get(recipient__username="carol")
    assert (carols.status, carols.attempts) == ("pending", 1)
    assert "SMTPRecipientsRefused" in carols.last_error
    assert carols.send_after == NOW + timedelta(seconds=60)

    assert sweep_at(NOW + timedelta(seconds=59)).retrying == 0  # not before its time
    assert sweep_at(NOW + timedelta(seconds=60)).retrying == 1
    carols.refresh_from_db()
    assert carols.send_after == NOW + timedelta(seconds=60 + 120)  # twice as long

    last = sweep_at(NOW + timedelta(seconds=180))
    assert (last.sent, last.failed, last.retrying) == (0, 1, 0)
    carols.refresh_from_db()
    assert (carols.status, carols.attempts) == ("failed", 3)
    assert sweep_at(NOW + timedelta(days=1)).failed == 0  # failed for good: no more attempts
    assert len(mail.outbox) == 1


def test_a_failed_reminder_is_shown_to_admins_and_to_the_member(refusing, two_follow_ups, org, client_for, volunteer, admin):
    for seconds in (0, 60, 180):
        sweep_at(NOW + timedelta(seconds=seconds))

    page = client_for(admin).get(reverse("reminder_list", kwargs={"org_slug": org.slug}) + "?status=failed")
    assert page.status_code == 200
    assert "Call the curator" in page.text and "SMTPRecipientsRefused" in page.text
    assert "Sign the agreement" not in page.text

    page = client_for(volunteer).get(reverse("notification_list"))
    assert "Call the curator" in page.text
    assert "We could not e-mail you this reminder." in page.text


def test_an_admin_can_send_a_failed_reminder_again(refusing, two_follow_ups, org, client_for, admin):
    for seconds in (0, 60, 180):
        sweep_at(NOW + timedelta(seconds=seconds))
    failed = Reminder.objects.get(status="failed")
    mailbox.REFUSED.clear()

    response = client_for(admin).post(reverse("reminder_retry", kwargs={"org_slug": org.slug, "reminder_pk": failed.pk}))
    assert response.status_code == 302
    assert services.sweep().sent == 1  # "send again" queues it for now
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["carol@example.org"]]


def test_a_failing_digest_marks_its_reminders_failed(refusing, two_follow_ups, volunteer):
    from reminders.models import ReminderPreference

    ReminderPreference.objects.create(user=volunteer, delivery="digest")
    for seconds in (0, 60, 180):
        sweep_at(NOW + timedelta(seconds=seconds))
    digest = Reminder.objects.get(kind="digest")
    assert digest.status == "failed"
    assert list(digest.items.values_list("status", flat=True)) == ["failed"]
