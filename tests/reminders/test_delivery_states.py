"""A reminder turns *sending* just before the mail server and *sent* right after. A claim that
ended sends nothing; a row left *sending* is sent again as the same message, marked uncertain."""

from datetime import date, timedelta

import pytest
from django.core import mail

from reminders import delivery, planning, services
from reminders.models import Reminder, ReminderPreference
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at

NOW = at("2026-03-20 09:00")


@pytest.fixture
def claimed(org, volunteer, settings):
    """A reminder due now, claimed by a sweep with a 60 s lease."""
    settings.REMINDER_LEASE_SECONDS = 60
    FollowUpFactory(partner=PartnerFactory(organization=org), assignee=volunteer, due_on=date(2026, 3, 20))
    planning.plan_due_reminders(NOW)
    (reminder,) = delivery.claim_batch(NOW)
    return reminder


def send_at(batch, moment):
    result = services.SweepResult()
    delivery.send_batch(batch, result, clock=lambda: moment)
    return result


def test_a_claim_whose_lease_ended_sends_nothing(claimed):
    result = send_at([claimed], NOW + timedelta(seconds=61))

    assert (result.sent, mail.outbox) == (0, [])
    claimed.refresh_from_db()
    assert (claimed.status, claimed.claim_token, claimed.attempts) == ("pending", None, 0)
    assert sweep_at(NOW + timedelta(seconds=62)).sent == 1  # the next sweep sends it


def test_the_lease_is_renewed_for_each_email(claimed, volunteer):
    """Late in the lease, the e-mail still goes: the row turns sending with a whole new lease."""
    send_at([claimed], NOW + timedelta(seconds=59))
    claimed.refresh_from_db()
    assert claimed.status == "sent" and len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<reminder-{claimed.pk}@planner.example>"


@pytest.fixture
def left_sending(claimed):
    """A worker turned the row sending, handed the e-mail to the mail server, and died."""
    Reminder.objects.filter(pk=claimed.pk).update(status="sending", claimed_until=NOW + timedelta(seconds=60))
    return claimed


def test_a_row_left_sending_waits_for_its_lease(left_sending):
    assert sweep_at(NOW + timedelta(seconds=59)).sent == 0
    assert Reminder.objects.get().status == "sending"


def test_a_row_left_sending_is_sent_again_as_the_same_message_and_marked_uncertain(left_sending):
    assert sweep_at(NOW + timedelta(seconds=61)).sent == 1

    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.delivery_uncertain) == ("sent", True)
    (email,) = mail.outbox
    assert email.extra_headers["Message-ID"] == reminder.message_id
    assert email.message()["Message-ID"] == f"<reminder-{reminder.pk}@planner.example>"


def test_a_row_left_sending_goes_again_alone_even_if_the_member_chose_the_digest_since(left_sending, volunteer):
    ReminderPreference.objects.create(user=volunteer, delivery="digest")
    sweep_at(NOW + timedelta(seconds=61))

    (email,) = mail.outbox
    assert email.extra_headers["Message-ID"] == left_sending.message_id
    assert not Reminder.objects.filter(kind="digest").exists()
