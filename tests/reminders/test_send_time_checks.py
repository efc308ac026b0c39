"""Between claim and send the world moves on: no stale reminder goes out."""

from datetime import date, timedelta

import pytest
from django.core import mail

from partners.services import set_follow_up_done
from reminders import delivery, planning, services
from reminders.models import Notification, Reminder
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at

NOW = at("2026-03-20 09:00")


@pytest.fixture
def claimed(org, volunteer, staff):
    """A follow-up due today whose reminder a sweep has planned and claimed, not yet sent."""
    partner = PartnerFactory(organization=org, owner=staff)
    follow_up = FollowUpFactory(partner=partner, assignee=volunteer, due_on=date(2026, 3, 20))
    planning.plan_due_reminders(NOW)
    batch = delivery.claim_batch(NOW)
    assert [r.follow_up_id for r in batch] == [follow_up.pk]
    return follow_up, batch


def send(batch):
    result = services.SweepResult()
    delivery.send_batch(batch, result, clock=lambda: NOW)
    return result


def test_a_follow_up_marked_done_after_the_claim_is_not_reminded(claimed, volunteer):
    follow_up, batch = claimed
    set_follow_up_done(follow_up, True, by=volunteer)

    assert delivery.claim_batch(NOW) == []  # still held by the first sweep
    result = send(batch)

    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.skip_reason) == ("skipped", "done")


def test_a_follow_up_deleted_after_the_claim_is_not_reminded(claimed):
    follow_up, batch = claimed
    follow_up.delete()

    result = send(batch)

    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert Reminder.objects.get().skip_reason == "deleted"


def test_a_reassigned_follow_up_reminds_the_new_assignee_only(claimed, admin):
    follow_up, batch = claimed
    follow_up.assignee = admin
    follow_up.save()

    assert send(batch).skipped == 1
    assert mail.outbox == []

    result = sweep_at(NOW)
    assert result.sent == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert sorted(Reminder.objects.values_list("recipient__username", "status")) == [
        ("alice", "sent"),
        ("carol", "skipped"),
    ]


def test_a_rescheduled_follow_up_gets_the_reminder_of_its_new_date(claimed):
    follow_up, batch = claimed
    follow_up.due_on = date(2026, 3, 27)
    follow_up.save()

    assert send(batch).skipped == 1
    assert sweep_at(at("2026-03-26 09:00")).sent == 1
    assert mail.outbox[0].subject == "Due tomorrow: Send the draft agreement"


def test_a_follow_up_done_while_its_batch_is_being_sent_gets_no_email(claimed, volunteer, monkeypatch):
    """The check is repeated for each e-mail, after the batch was read and notified."""
    follow_up, batch = claimed
    settle = delivery._settle_items

    def settle_then_done(*args, **kwargs):
        to_email = settle(*args, **kwargs)
        set_follow_up_done(follow_up, True, by=volunteer)
        return to_email

    monkeypatch.setattr(delivery, "_settle_items", settle_then_done)
    result = send(batch)
    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []


def test_a_claimed_reminder_is_not_taken_by_another_sweep_until_its_lease_ends(claimed, settings):
    assert delivery.claim_batch(NOW) == []
    later = NOW + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    [again] = delivery.claim_batch(later)
    assert again.attempts == 2
