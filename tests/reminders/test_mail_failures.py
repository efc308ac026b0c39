"""A mail server that refuses: retried with backoff, then failed and visible — never silent."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reminders import services
from reminders.models import Reminder, ReminderPreference
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


def test_a_failed_reminder_is_shown_to_admins_and_to_the_member(
    refusing, two_follow_ups, org, client_for, volunteer, admin
):
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

    response = client_for(admin).post(
        reverse("reminder_retry", kwargs={"org_slug": org.slug, "reminder_pk": failed.pk})
    )
    assert response.status_code == 302
    assert services.sweep().sent == 1  # "send again" queues it for now
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["carol@example.org"]]


def test_a_failing_digest_marks_its_reminders_failed(refusing, two_follow_ups, volunteer):
    ReminderPreference.objects.create(user=volunteer, delivery="digest")
    for seconds in (0, 60, 180):
        sweep_at(NOW + timedelta(seconds=seconds))
    digest = Reminder.objects.get(kind="digest")
    assert digest.status == "failed"
    assert list(digest.items.values_list("status", flat=True)) == ["failed"]


@pytest.fixture
def failed_digest(refusing, two_follow_ups, volunteer):
    """Carol's daily digest, refused three times: failed for good, with her reminder in it."""
    ReminderPreference.objects.create(user=volunteer, delivery="digest")
    for seconds in (0, 60, 180):
        sweep_at(NOW + timedelta(seconds=seconds))
    mailbox.REFUSED.clear()
    return Reminder.objects.get(kind="digest", status="failed")


def test_a_failed_digest_is_shown_to_the_admins_of_its_organizations_and_to_the_member(
    failed_digest, org, client_for, admin, volunteer
):
    page = client_for(admin).get(reverse("reminder_list", kwargs={"org_slug": org.slug}))
    assert "Daily digests that could not be e-mailed" in page.text
    assert "Digest of 20 Mar 2026 for Carol, with 1 reminder of this organization" in page.text
    assert reverse("reminder_retry", kwargs={"org_slug": org.slug, "reminder_pk": failed_digest.pk}) in page.text

    page = client_for(volunteer).get(reverse("notification_list"))
    assert "We could not e-mail you your daily digest of 20 March 2026." in page.text


def test_an_admin_sends_a_failed_digest_again_with_exactly_its_failed_items(
    failed_digest, org, client_for, admin, volunteer, two_follow_ups
):
    failed_items = set(failed_digest.items.values_list("pk", flat=True))
    # Queued after the digest failed: it waits for tomorrow's digest, not for this one.
    FollowUpFactory(partner=two_follow_ups[0].partner, assignee=volunteer, due_on=date(2026, 3, 20), title="Later")
    sweep_at(NOW + timedelta(seconds=240))
    assert Reminder.objects.get(follow_up__title="Later").status == "queued"

    url = reverse("reminder_retry", kwargs={"org_slug": org.slug, "reminder_pk": failed_digest.pk})
    assert client_for(admin).post(url).status_code == 302
    # "Send again" queues it for now, the real time, where "tomorrow's digest" has long come: keep Carol's digest
    # hour ahead of the real clock today, so that "Later" still waits whatever the hour the suite runs at.
    zone = "UTC" if timezone.now().hour < 23 else "Etc/GMT+1"  # at 23:xx UTC it is 22:xx there
    volunteer.time_zone = zone
    volunteer.save(update_fields=["time_zone"])
    local_hour = timezone.localtime(timezone.now(), ZoneInfo(zone)).hour
    ReminderPreference.objects.filter(user=volunteer).update(send_hour=local_hour + 1)
    result = services.sweep()

    assert result.sent == 1  # the one reminder, in its digest
    failed_digest.refresh_from_db()
    assert failed_digest.status == "sent"
    (email,) = [m for m in mail.outbox if m.to == ["carol@example.org"]]
    assert set(map(int, email.extra_headers["X-OE-Digest-Items"].split(","))) == failed_items
    assert "Call the curator" in email.body and "Later" not in email.body
    assert set(Reminder.objects.filter(pk__in=failed_items).values_list("status", flat=True)) == {"sent"}
    assert Reminder.objects.get(follow_up__title="Later").status == "queued"


def test_send_again_on_a_reminder_of_a_failed_digest_sends_the_digest(failed_digest, org, client_for, admin):
    item = failed_digest.items.get()
    url = reverse("reminder_retry", kwargs={"org_slug": org.slug, "reminder_pk": item.pk})
    client_for(admin).post(url)
    services.sweep()
    failed_digest.refresh_from_db()
    item.refresh_from_db()
    assert (failed_digest.status, item.status) == ("sent", "sent")


def test_another_organizations_admin_cannot_see_or_send_a_digest_again(failed_digest, other_org, client_for, outsider):
    client = client_for(outsider)
    page = client.get(reverse("reminder_list", kwargs={"org_slug": other_org.slug}))
    assert "Daily digests that could not be e-mailed" not in page.text
    url = reverse("reminder_retry", kwargs={"org_slug": other_org.slug, "reminder_pk": failed_digest.pk})
    assert client.post(url).status_code == 404
    failed_digest.refresh_from_db()
    assert failed_digest.status == "failed"
