"""A delivery batch is checked, recorded and built as a batch: its queries do not grow with its reminders,
except the one UPDATE each e-mail needs (it turns the e-mail's row *sending* and records the e-mail before it
as *sent*, so that a sweep that dies between two e-mails leaves one reminder uncertain, not its batch)."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.services import set_follow_up_done
from reminders import delivery, planning, services
from reminders.models import Reminder, ReminderPreference
from tests.factories import FollowUpFactory, MembershipFactory, PartnerFactory, UserFactory

from .conftest import at

NOW = at("2026-03-20 09:00")
# A real transaction per statement group, as in a worker: no savepoints counted.
pytestmark = pytest.mark.django_db(transaction=True)


def due_today(org, n, prefix, choice="each"):
    """n follow-ups due today, on partners of their own, each assigned to a member of its own."""
    follow_ups = []
    for i in range(n):
        user = UserFactory(username=f"{prefix}{i}")
        MembershipFactory(organization=org, user=user)
        ReminderPreference.objects.create(user=user, send_hour=0, delivery=choice)
        partner = PartnerFactory(organization=org, owner=user)
        follow_ups.append(FollowUpFactory(partner=partner, assignee=user, due_on=date(2026, 3, 20)))
    return follow_ups


def queries_of_a_batch(org, n, prefix, choice="each"):
    """Plan and claim n reminders due now; the queries of sending their batch, and the sweep's figures."""
    due_today(org, n, prefix, choice)
    planning.plan_due_reminders(NOW)
    batch = delivery.claim_batch(NOW, size=n)
    assert len(batch) == n
    result = services.SweepResult()
    with CaptureQueriesContext(connection) as queries:
        delivery.send_batch(batch, result, clock=lambda: NOW)
    # Transaction control is left out: SQLite's BEGIN and COMMIT are statements, PostgreSQL's are not.
    statements = [q for q in queries.captured_queries if not q["sql"].startswith(("BEGIN", "COMMIT"))]
    return len(statements), result


def test_a_batch_of_emails_runs_one_query_per_email_besides_a_fixed_few(org):
    five, result = queries_of_a_batch(org, 5, "a")
    assert (result.sent, len(mail.outbox)) == (5, 5)
    fifty, result = queries_of_a_batch(org, 50, "b")
    assert (result.sent, len(mail.outbox)) == (50, 55)

    assert fifty - five == 45  # the one UPDATE of each e-mail; the checks and the e-mails' data are read per batch
    # read, memberships, settings, notifications, check again; one per e-mail, the last; and the notifications'
    # commit moving the organizations' data version on (they show in every page's navigation bar)
    assert five == 5 + 5 + 1 + 1
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_batch_kept_in_the_app_runs_the_same_queries_for_5_and_50_reminders(org):
    five, result = queries_of_a_batch(org, 5, "a", choice="off")
    assert result.sent == 5
    fifty, result = queries_of_a_batch(org, 50, "b", choice="off")
    assert result.sent == 50

    assert fifty == five
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"in_app"}


def test_follow_ups_done_while_their_batch_is_read_are_not_sent(org, monkeypatch):
    """Done after the batch was read and notified, before its e-mails: the batch's last check skips them."""
    follow_ups = due_today(org, 6, "m")
    planning.plan_due_reminders(NOW)
    batch = delivery.claim_batch(NOW)
    settle = delivery._settle_items

    def settle_then_change(*args, **kwargs):
        to_email = settle(*args, **kwargs)
        for follow_up in follow_ups[1:3]:
            set_follow_up_done(follow_up, True, by=follow_up.assignee)
        follow_ups[3].due_on = date(2026, 3, 27)
        follow_ups[3].save()
        follow_ups[4].delete()
        return to_email

    monkeypatch.setattr(delivery, "_settle_items", settle_then_change)
    result = services.SweepResult()
    delivery.send_batch(batch, result, clock=lambda: NOW)

    assert (result.sent, result.skipped) == (2, 4)
    assert sorted(m.to[0] for m in mail.outbox) == ["m0@example.org", "m5@example.org"]
    assert sorted(Reminder.objects.values_list("recipient__username", "status", "skip_reason")) == [
        ("m0", "sent", ""),
        ("m1", "skipped", "done"),
        ("m2", "skipped", "done"),
        ("m3", "skipped", "rescheduled"),
        ("m4", "skipped", "deleted"),
        ("m5", "sent", ""),
    ]
    assert Reminder.objects.filter(claim_token__isnull=False).count() == 0
