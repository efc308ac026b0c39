"""Planning, the first half of a sweep: a row for every reminder due now, each exactly once.

Indexed queries (one per kind's rule in ``rules.py``) find the follow-ups, partners, plan steps
and milestones with a reminder due now; one row per reminder is inserted, ignoring rows that exist
(unique constraints), so two sweeps at once or a sweep run twice plan nothing twice. Members who
chose a daily digest get a digest row at their local hour.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from oeplanner import bulk

from . import rules
from .models import Reminder, ReminderPreference

Kind, Status = Reminder.Kind, Reminder.Status


@lru_cache(maxsize=4096)
def local_due_at(day, time_zone, hour):
    """The moment ``hour`` o'clock on ``day`` in the member's time zone (DST-aware), in UTC."""
    hour = ReminderPreference.DEFAULT_HOUR if hour is None else hour
    return datetime.combine(day, time(hour), tzinfo=zoneinfo.ZoneInfo(time_zone)).astimezone(UTC)


@lru_cache(maxsize=1024)
def _local_today(now, time_zone):
    return now.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def _latest_due(occasions, now, time_zone, hour):
    """Of (kind, day) pairs, latest first, the one whose moment has come, if it is recent enough.

    Only the latest is planned: after an outage, a follow-up due today gets "due today", not
    also yesterday's "due tomorrow".
    """
    oldest = _local_today(now, time_zone) - timedelta(days=settings.REMINDER_CATCH_UP_DAYS)
    for kind, day in occasions:
        due_at = local_due_at(day, time_zone, hour)
        if due_at <= now:
            return (kind, day, due_at) if day >= oldest else None
    return None


@dataclass(slots=True)
class Planned:
    """A reminder row to insert, as plain values: building 10,000 model instances costs more than inserting them."""

    kind: str
    occasion: object
    due_at: datetime
    send_after: datetime
    recipient_id: int
    organization_id: int | None = None
    follow_up_id: int | None = None
    partner_id: int | None = None
    step_id: int | None = None
    milestone_id: int | None = None


def plan_due_reminders(now):
    """Insert a row for every reminder due by ``now`` that has none yet. Returns how many were new."""
    utc_today = now.astimezone(UTC).date()
    # Every member's "today" lies within a day of UTC's; a catch-up window covers outages.
    first_day = utc_today - timedelta(days=1 + settings.REMINDER_CATCH_UP_DAYS)
    last_day = utc_today + timedelta(days=1)
    wanted = []
    for org_pk, org_settings in rules.org_settings().items():
        for rule in rules.RULES:
            for ids, member, time_zone, hour, occasions in rule.candidates(org_pk, org_settings, first_day, last_day):
                due = _latest_due(occasions, now, time_zone, hour)
                if due:
                    kind, occasion, due_at = due
                    wanted.append(
                        Planned(
                            organization_id=org_pk,
                            recipient_id=member,
                            kind=kind,
                            occasion=occasion,
                            due_at=due_at,
                            send_after=due_at,
                            **ids,
                        )
                    )
    return _insert_new(wanted, first_day)


def _subject_pk(kind, follow_up, partner, step, milestone):
    """The pk of what a reminder is about, as its unique constraint names it."""
    subjects = {"follow_up": follow_up, "partner": partner, "step": step, "milestone": milestone}
    return subjects[Reminder.SUBJECT_FIELDS[kind]]


def _key(reminder):
    subject = _subject_pk(
        reminder.kind, reminder.follow_up_id, reminder.partner_id, reminder.step_id, reminder.milestone_id
    )
    return (reminder.kind, subject, reminder.recipient_id, reminder.occasion)


def _insert_new(wanted, first_day):
    """Insert the reminders that do not exist yet; the unique constraints settle any race."""
    if not wanted:
        return 0
    existing = {
        (kind, _subject_pk(kind, follow_up, partner, step, milestone), recipient, occasion)
        for kind, follow_up, partner, step, milestone, recipient, occasion in Reminder.objects.filter(
            organization_id__in={r.organization_id for r in wanted}, occasion__gte=first_day
        ).values_list("kind", "follow_up_id", "partner_id", "step_id", "milestone_id", "recipient_id", "occasion")
    }
    return _insert_ignoring_existing([r for r in wanted if _key(r) not in existing])


_INSERTED_FIELDS = [
    "kind",
    "organization",
    "follow_up",
    "partner",
    "step",
    "milestone",
    "recipient",
    "occasion",
    "due_at",
    "send_after",
    "status",
    "skip_reason",
    "attempts",
    "last_error",
    "delivery_uncertain",
    "created_at",
]


def _insert_ignoring_existing(reminders):
    """Insert the planned reminders, leaving out those another sweep inserted meanwhile (the unique constraints
    settle the race). Returns how many rows this call inserted. The sweep's hot path: one statement per batch."""
    if not reminders:
        return 0
    created_at = timezone.now()
    rows = (
        (
            r.kind,
            r.organization_id,
            r.follow_up_id,
            r.partner_id,
            r.step_id,
            r.milestone_id,
            r.recipient_id,
            r.occasion,
            r.due_at,
            r.send_after,
            Status.PENDING.value,
            "",
            0,
            "",
            False,
            created_at,
        )
        for r in reminders
    )
    with transaction.atomic():
        return bulk.insert_ignoring_conflicts(Reminder, _INSERTED_FIELDS, rows)


def plan_digests(now):
    """A digest row for each member with queued reminders whose local digest hour has come today."""
    members = (
        Reminder.objects.filter(status=Status.QUEUED, digest__isnull=True)
        .values_list("recipient_id", "recipient__time_zone", "recipient__reminder_preference__send_hour")
        .order_by()
        .distinct()
    )
    digests = []
    for recipient, time_zone, hour in members:
        today = _local_today(now, time_zone)
        due_at = local_due_at(today, time_zone, hour)
        if due_at <= now:
            digests.append(
                Planned(kind=Kind.DIGEST, recipient_id=recipient, occasion=today, due_at=due_at, send_after=due_at)
            )
    return _insert_ignoring_existing(digests)
