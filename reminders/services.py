"""The reminder sweep, and the other things done to reminders.

One sweep (Celery beat every REMINDER_SWEEP_SECONDS, or ``manage.py send_reminders``) plans what is
due (``planning.py``), then delivers each reminder exactly once (``delivery.py``); then the same for
the daily digests, whose items the first round queued. What each kind of reminder is due for, and
when it is no longer needed, is its rule in ``rules.py``.

Each sweep is recorded (``Sweep``): admins and ``/healthz/`` see when the last one ran.

Nothing is scheduled with an ETA or a countdown: the state lives in the database, so a broker
that was down loses nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partners.services import set_follow_up_done

from .delivery import deliver
from .models import Notification, Reminder, Sweep
from .planning import plan_digests, plan_due_reminders

Kind, Status = Reminder.Kind, Reminder.Status
SWEEP_HISTORY = timedelta(days=7)


@dataclass
class SweepResult:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retrying: int = 0

    def __str__(self):
        return f"sent={self.sent} failed={self.failed} skipped={self.skipped}"


def sweep(*, clock=timezone.now, max_seconds=None):
    """Plan and deliver everything due, and record the run. ``clock`` lets tests move time.

    The counts are this sweep's own: reminders it inserted, and those it claimed and settled."""
    max_seconds = settings.REMINDER_SWEEP_MAX_SECONDS if max_seconds is None else max_seconds
    record = Sweep.objects.create(started_at=clock())
    result = SweepResult()
    result.planned = plan_due_reminders(clock())
    deliver(result, clock=clock, max_seconds=max_seconds)
    result.planned += plan_digests(clock())
    deliver(result, clock=clock, max_seconds=max_seconds)
    Sweep.objects.filter(pk=record.pk).update(
        finished_at=clock(),
        planned=result.planned,
        sent=result.sent,
        failed=result.failed,
        skipped=result.skipped,
        retrying=result.retrying,
    )
    Sweep.objects.filter(started_at__lt=clock() - SWEEP_HISTORY).delete()
    return result


@dataclass
class SchedulerHealth:
    """When the last sweep finished, and whether that is too long ago: beat or the workers stopped."""

    last_sweep: Sweep | None
    now: datetime

    @property
    def limit(self):
        return timedelta(seconds=2 * settings.REMINDER_SWEEP_SECONDS)

    @property
    def stalled(self):
        return self.last_sweep is None or self.now - self.last_sweep.finished_at > self.limit


def scheduler_health(now=None):
    last = Sweep.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
    return SchedulerHealth(last_sweep=last, now=now or timezone.now())


def notify(kind, recipients, *, organization, title, link):
    """Tell members of ``organization`` about something another app recorded (one of
    Reminder.MESSAGE_KINDS): the notification shows in the app at once, and the next sweep
    e-mails it as each member chose (one e-mail, the digest or none), with retries."""
    if kind not in Reminder.MESSAGE_KINDS:
        raise ValueError(f"{kind} is not a message kind")
    now = timezone.now()
    reminders = Reminder.objects.bulk_create(
        Reminder(kind=kind, organization=organization, recipient=user, occasion=now.date(), due_at=now, send_after=now)
        for user in recipients
    )
    Notification.objects.bulk_create(
        Notification(
            recipient_id=reminder.recipient_id,
            organization=organization,
            reminder=reminder,
            kind=kind,
            title=title[:255],
            link=link,
            created_at=now,
        )
        for reminder in reminders
    )


@transaction.atomic
def retry(reminder):
    """An admin sends a failed reminder again: it goes back to the queue with fresh attempts.

    A failed digest goes again with exactly the items that failed with it; "send again" on one of
    those items sends its digest again."""
    if reminder.kind != Kind.DIGEST and reminder.digest_id:
        reminder = reminder.digest
    again = Reminder.objects.filter(pk=reminder.pk, status=Status.FAILED).update(
        status=Status.PENDING,
        attempts=0,
        send_after=timezone.now(),
        claim_token=None,
        claimed_until=None,
    )
    if again and reminder.kind == Kind.DIGEST:
        reminder.items.filter(status=Status.FAILED).update(status=Status.QUEUED)
    return again


@transaction.atomic
def use_done_link(reminder):
    """The one-click "mark done" link of a reminder e-mail works once: the follow-up is marked done
    only by the first use, so a follow-up reopened later is not closed again by the same link."""
    if not Reminder.objects.filter(pk=reminder.pk, done_link_used_at=None).update(done_link_used_at=timezone.now()):
        return False
    follow_up = reminder.follow_up
    if follow_up.is_done:
        return False
    set_follow_up_done(follow_up, True, by=follow_up.assignee)
    return True
