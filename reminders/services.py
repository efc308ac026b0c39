"""The reminder sweep: plan what is due, then deliver each reminder exactly once.

One sweep (Celery beat every REMINDER_SWEEP_SECONDS, or ``manage.py send_reminders``):

1. **Plan.** Indexed queries find follow-ups, partners and plan steps with a reminder due now;
   one row per reminder is inserted, ignoring rows that exist (unique constraints), so two
   sweeps at once or a sweep run twice plan nothing twice.
2. **Deliver.** A batch of due rows is claimed with one conditional UPDATE that stamps a claim
   token and a lease; only this sweep then holds them. At send time each reminder is checked
   again (follow-up or plan step still open, still assigned to the recipient, not deleted, not
   rescheduled), and the in-app notification is written. Just before its e-mail goes to the mail
   server, a conditional UPDATE on the claim token and an unexpired lease turns the row *sending*
   and renews the lease for this one e-mail: a sweep whose claim ended or was taken over sends
   nothing. Right after the mail server's answer the row is marked *sent*.
3. **Recover.** A worker that dies holding a batch leaves its rows claimed until the lease ends; a
   later sweep then takes them again. A row still *sending* after its lease was perhaps delivered:
   it is sent again with the same Message-ID (``Reminder.message_id``), so that a mailbox that
   has the first copy can drop the second, and it is marked "delivery uncertain". A failed send
   is retried with backoff up to REMINDER_MAX_ATTEMPTS, then marked failed, where the member and
   the admins see it.
4. **Digests.** Members who chose a daily digest have their reminders queued; at their local
   hour a digest row is planned and delivered like any other reminder.

Each sweep is recorded (``Sweep``): admins and ``/healthz/`` see when the last one ran.

Nothing is scheduled with an ETA or a countdown: the state lives in the database, so a broker
that was down loses nothing.
"""

import logging
import uuid
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from capacityplans.models import Step
from oeplanner import bulk
from oeplanner.models import Membership, Organization
from partners.models import FollowUp, Partner
from partners.services import set_follow_up_done
from partnerships.models import Milestone

from . import emails
from .models import Notification, Reminder, ReminderPreference, ReminderSettings, Sweep

logger = logging.getLogger(__name__)

Kind, Status, Skip = Reminder.Kind, Reminder.Status, Reminder.SkipReason
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
    result.planned = plan(clock())
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


# Planning ------------------------------------------------------------------------------------


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


def _org_rules():
    rows = Organization.objects.values_list(
        "pk", "reminder_settings__days_before", "reminder_settings__overdue_after_days"
    )
    for pk, days_before, overdue_after in rows:
        yield (
            pk,
            ReminderSettings.DEFAULT_DAYS_BEFORE if days_before is None else days_before,
            ReminderSettings.DEFAULT_OVERDUE_AFTER_DAYS if overdue_after is None else overdue_after,
        )


def plan(now):
    """Insert a row for every reminder due by ``now`` that has none yet. Returns how many were new."""
    utc_today = now.astimezone(UTC).date()
    # Every member's "today" lies within a day of UTC's; a catch-up window covers outages.
    first_day = utc_today - timedelta(days=1 + settings.REMINDER_CATCH_UP_DAYS)
    last_day = utc_today + timedelta(days=1)
    wanted = []
    for org_pk, days_before, overdue_after in _org_rules():
        wanted += _follow_up_reminders(org_pk, days_before, overdue_after, first_day, last_day, now)
        wanted += _stale_partner_reminders(org_pk, first_day, last_day, now)
        wanted += _overdue_step_reminders(org_pk, first_day, last_day, now)
        wanted += _overdue_milestone_reminders(org_pk, first_day, last_day, now)
    return _insert_new(wanted, first_day)


def _follow_up_reminders(org_pk, days_before, overdue_after, first_day, last_day, now):
    follow_ups = FollowUp.objects.filter(
        organization_id=org_pk,
        done_at__isnull=True,
        due_on__gte=first_day - timedelta(days=overdue_after),
        due_on__lte=last_day + timedelta(days=days_before),
    ).values_list(
        "pk",
        "partner_id",
        "due_on",
        "assignee_id",
        "assignee__time_zone",
        "assignee__reminder_preference__send_hour",
        "partner__owner_id",
        "partner__owner__time_zone",
        "partner__owner__reminder_preference__send_hour",
    )
    for pk, partner_pk, due_on, assignee, assignee_tz, assignee_hour, owner, owner_tz, owner_hour in follow_ups:
        occasions = [(Kind.OVERDUE, due_on + timedelta(days=overdue_after)), (Kind.DUE_TODAY, due_on)]
        if days_before:
            occasions.append((Kind.DUE_SOON, due_on - timedelta(days=days_before)))
        due = _latest_due(occasions, now, assignee_tz, assignee_hour)
        if due:
            yield Planned(
                organization_id=org_pk,
                follow_up_id=pk,
                partner_id=partner_pk,
                recipient_id=assignee,
                kind=due[0],
                occasion=due[1],
                due_at=due[2],
                send_after=due[2],
            )
        if owner and owner != assignee:
            due = _latest_due(occasions[:1], now, owner_tz, owner_hour)
            if due:
                yield Planned(
                    organization_id=org_pk,
                    follow_up_id=pk,
                    partner_id=partner_pk,
                    recipient_id=owner,
                    kind=due[0],
                    occasion=due[1],
                    due_at=due[2],
                    send_after=due[2],
                )


def _stale_partner_reminders(org_pk, first_day, last_day, now):
    # "Stale" starts the day after stale_on; a new stale period has a new stale_on, hence a new row.
    partners = Partner.objects.filter(
        organization_id=org_pk,
        **_day_before_window("stale_on", first_day, last_day),
        archived_at__isnull=True,
        owner__isnull=False,
    ).values_list("pk", "stale_on", "owner_id", "owner__time_zone", "owner__reminder_preference__send_hour")
    return _day_after_reminders(Kind.STALE_PARTNER, org_pk, partners, now)


def _overdue_step_reminders(org_pk, first_day, last_day, now):
    # A step is overdue from the day after it was to end; a new end date is a new occasion, hence a new row.
    steps = (
        Step.objects.open()
        .filter(
            plan__organization_id=org_pk,
            **_day_before_window("ends_on", first_day, last_day),
            responsible__isnull=False,
        )
        .values_list(
            "pk", "ends_on", "responsible_id", "responsible__time_zone", "responsible__reminder_preference__send_hour"
        )
    )
    return _day_after_reminders(Kind.STEP_OVERDUE, org_pk, steps, now)


def _overdue_milestone_reminders(org_pk, first_day, last_day, now):
    # To the partnership's owner, the day after the milestone was due; a new due date is a new occasion.
    milestones = (
        Milestone.objects.open()
        .filter(
            organization_id=org_pk,
            **_day_before_window("due_on", first_day, last_day),
            partnership__owner__isnull=False,
        )
        .values_list(
            "pk",
            "due_on",
            "partnership__owner_id",
            "partnership__owner__time_zone",
            "partnership__owner__reminder_preference__send_hour",
        )
    )
    return _day_after_reminders(Kind.MILESTONE_OVERDUE, org_pk, milestones, now)


def _day_before_window(date_field, first_day, last_day):
    """The filter for a date whose next day lies between ``first_day`` and ``last_day``."""
    return {f"{date_field}__gte": first_day - timedelta(days=1), f"{date_field}__lte": last_day - timedelta(days=1)}


def _day_after_reminders(kind, org_pk, rows, now):
    """One reminder to one member on the day after a date; ``rows`` are (subject pk, date, member, time zone, hour)."""
    subject = Reminder._meta.get_field(Reminder.SUBJECT_FIELDS[kind]).attname
    for pk, day, member, member_tz, member_hour in rows:
        due = _latest_due([(kind, day + timedelta(days=1))], now, member_tz, member_hour)
        if due:
            yield Planned(
                organization_id=org_pk,
                recipient_id=member,
                **{subject: pk},
                kind=due[0],
                occasion=due[1],
                due_at=due[2],
                send_after=due[2],
            )


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


# Delivering ----------------------------------------------------------------------------------


def deliver(result, *, clock=timezone.now, max_seconds=None):
    """Claim and send due reminders batch after batch, for at most ``max_seconds``."""
    started = clock()
    with _commits_without_waiting_for_the_disk():
        while max_seconds is None or (clock() - started).total_seconds() < max_seconds:
            batch = claim_batch(clock())
            if not batch:
                break
            send_batch(batch, result, clock=clock)
    return result


@contextmanager
def _commits_without_waiting_for_the_disk():
    """PostgreSQL: one commit per e-mail sent would otherwise wait for a disk flush each time.

    Other sessions see each commit at once, so a worker that dies changes nothing; only a crash
    of the database server itself could forget the last fraction of a second of "sent" marks,
    and those reminders would then go out a second time rather than never."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def claim_batch(now, size=None):
    """Take up to ``size`` due reminders for this sweep alone: a conditional UPDATE, then a read back.

    Rows left *sending* by a sweep whose lease ended are taken too, back to pending and marked
    "delivery uncertain": their e-mail may have reached the mail server."""
    size = size or settings.REMINDER_BATCH_SIZE
    unsent = Q(status=Status.PENDING, send_after__lte=now) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
    claimable = unsent | Q(status=Status.SENDING, claimed_until__lt=now)
    token = uuid.uuid4()
    with transaction.atomic():
        # PostgreSQL: rows another sweep is claiming right now are skipped, not waited for.
        # SQLite: the transaction takes the write lock first, so claims happen one after another.
        candidates = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(claimable)
            .order_by("send_after", "pk")
            .values_list("pk", flat=True)[:size]
        )
        if not candidates:
            return []
        # The condition is repeated in the UPDATE: a row claimed meanwhile is not taken twice.
        Reminder.objects.filter(claimable, pk__in=candidates).update(
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS),
            attempts=F("attempts") + 1,
            status=Status.PENDING,
            delivery_uncertain=Case(When(status=Status.SENDING, then=True), default=F("delivery_uncertain")),
        )
    return _claimed(token)


def _claimed(token):
    return list(
        Reminder.objects.filter(claim_token=token)
        .select_related(
            "follow_up__partner__organization",
            "partner__organization",
            "step__plan__organization",
            "milestone__partnership__organization",
            "organization",
            "recipient__reminder_preference",
        )
        .order_by("send_after", "pk")
    )


def _release(reminder, **fields):
    """Write the outcome, only if this sweep still holds the claim."""
    fields.update(claim_token=None, claimed_until=None)
    return Reminder.objects.filter(pk=reminder.pk, claim_token=reminder.claim_token).update(**fields)


def _preference(user):
    try:
        return user.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


class _Context:
    """What the checks at send time need about a batch, read once for the whole batch."""

    def __init__(self, reminders):
        org_pks = {r.organization_id for r in reminders if r.organization_id}
        self.memberships = set(
            Membership.objects.filter(
                organization_id__in=org_pks, user_id__in={r.recipient_id for r in reminders}
            ).values_list("user_id", "organization_id")
        )
        rules = {pk: (before, after) for pk, before, after in _org_rules() if pk in org_pks}
        self.rules = rules

    def why_not_needed(self, reminder):
        """None when the reminder is still right to send; otherwise the reason it is not."""
        if (reminder.recipient_id, reminder.organization_id) not in self.memberships:
            return Skip.NOT_MEMBER
        if reminder.kind in Reminder.MESSAGE_KINDS:
            return None
        days_before, overdue_after = self.rules[reminder.organization_id]
        if reminder.kind == Kind.STALE_PARTNER:
            partner = reminder.partner
            if partner is None:
                return Skip.DELETED
            if partner.is_archived:
                return Skip.ARCHIVED
            if partner.owner_id != reminder.recipient_id:
                return Skip.REASSIGNED
            if partner.stale_on is None or partner.stale_on + timedelta(days=1) != reminder.occasion:
                return Skip.NO_LONGER_STALE
            return None
        if reminder.kind == Kind.STEP_OVERDUE:
            step = reminder.step
            if step is None:
                return Skip.DELETED
            if step.status == Step.Status.DONE:
                return Skip.DONE
            if step.status == Step.Status.DROPPED:
                return Skip.DROPPED
            if step.ends_on is None or step.ends_on + timedelta(days=1) != reminder.occasion:
                return Skip.RESCHEDULED
            if step.responsible_id != reminder.recipient_id:
                return Skip.REASSIGNED
            return None
        if reminder.kind == Kind.MILESTONE_OVERDUE:
            milestone = reminder.milestone
            if milestone is None:
                return Skip.DELETED
            if milestone.done_on is not None:
                return Skip.DONE
            if milestone.due_on + timedelta(days=1) != reminder.occasion:
                return Skip.RESCHEDULED
            if milestone.partnership.owner_id != reminder.recipient_id:
                return Skip.REASSIGNED
            return None
        follow_up = reminder.follow_up
        if follow_up is None:
            return Skip.DELETED
        if follow_up.is_done:
            return Skip.DONE
        if follow_up.partner.is_archived:
            return Skip.ARCHIVED
        expected = {
            Kind.DUE_SOON: follow_up.due_on - timedelta(days=days_before),
            Kind.DUE_TODAY: follow_up.due_on,
            Kind.OVERDUE: follow_up.due_on + timedelta(days=overdue_after),
        }[reminder.kind]
        if expected != reminder.occasion or (reminder.kind == Kind.DUE_SOON and not days_before):
            return Skip.RESCHEDULED
        in_charge = {follow_up.assignee_id}
        if reminder.kind == Kind.OVERDUE and follow_up.partner.owner_id:
            in_charge.add(follow_up.partner.owner_id)
        if reminder.recipient_id not in in_charge:
            return Skip.REASSIGNED
        return None


def _notification(reminder):
    subject = getattr(reminder, Reminder.SUBJECT_FIELDS[reminder.kind])
    due_on = None
    if reminder.follow_up:
        due_on = reminder.follow_up.due_on
    elif reminder.step:
        due_on = reminder.step.ends_on
    elif reminder.milestone:
        due_on = reminder.milestone.due_on
    return Notification(
        recipient_id=reminder.recipient_id,
        organization_id=reminder.organization_id,
        reminder=reminder,
        kind=reminder.kind,
        follow_up=reminder.follow_up,
        partner=reminder.partner,
        step=reminder.step,
        milestone=reminder.milestone,
        title=str(subject)[:255],
        due_on=due_on,
    )


def send_batch(batch, result, *, clock=timezone.now):
    """Check each claimed reminder again, notify in the app, then e-mail (or queue for the digest)."""
    if not batch:
        return
    # Read again: whatever changed since the claim counts.
    batch = _claimed(batch[0].claim_token)
    items = [r for r in batch if r.kind != Kind.DIGEST]
    digests = [r for r in batch if r.kind == Kind.DIGEST]
    to_email = []
    if items:
        context = _Context(items)
        to_email = _settle_items(items, context, result, clock())
    if to_email or digests:
        connection = get_connection(fail_silently=False)
        try:
            for reminder in to_email:
                reason = _why_not_needed_now(reminder, context)
                if reason:
                    result.skipped += _release(reminder, status=Status.SKIPPED, skip_reason=reason)
                elif _send_one(
                    reminder, result, connection, clock, lambda r: emails.send_reminder(r, clock(), connection)
                ):
                    result.sent += 1
            for digest in digests:
                _send_digest(digest, result, connection, clock)
        finally:
            connection.close()


# What the last check reads again, per subject: the columns, as paths from the subject.
_RECHECKED = {
    "follow_up": ("done_at", "assignee_id", "due_on", "partner__owner_id", "partner__archived_at"),
    "partner": ("owner_id", "archived_at", "stale_on"),
    "step": ("status", "responsible_id", "ends_on"),
    "milestone": ("done_on", "due_on", "partnership__owner_id"),
}


def _why_not_needed_now(reminder, context):
    """The last check, just before the e-mail goes: the follow-up, partner or plan step as it is now.

    Only the columns the check reads are fetched again; this runs once per e-mail."""
    if reminder.kind in Reminder.MESSAGE_KINDS:
        return context.why_not_needed(reminder)
    name = Reminder.SUBJECT_FIELDS[reminder.kind]
    field = Reminder._meta.get_field(name)
    paths = _RECHECKED[name]
    row = field.related_model.objects.filter(pk=getattr(reminder, field.attname)).values_list(*paths).first()
    if row is None:
        setattr(reminder, name, None)
    else:
        subject = getattr(reminder, name)
        for path, value in zip(paths, row, strict=True):
            *parents, column = path.split("__")
            target = subject
            for parent in parents:
                target = getattr(target, parent)
            setattr(target, column, value)
    return context.why_not_needed(reminder)


def _settle_items(items, context, result, now):
    """Skip what is no longer needed, notify in the app, queue digests; return what to e-mail now.

    A reminder whose first e-mail may have arrived goes again as the same message, even to a member
    who chose the digest since: inside a digest its copy could not be recognised."""
    skipped, notify, queued, in_app, to_email = {}, [], [], [], []
    for reminder in items:
        reason = context.why_not_needed(reminder)
        if reason:
            skipped.setdefault(reason, []).append(reminder.pk)
            continue
        if reminder.kind not in Reminder.MESSAGE_KINDS:
            notify.append(_notification(reminder))
        delivery = _preference(reminder.recipient).delivery
        if delivery == ReminderPreference.Delivery.OFF or not reminder.recipient.email:
            in_app.append(reminder.pk)
        elif delivery == ReminderPreference.Delivery.DIGEST and not reminder.delivery_uncertain:
            queued.append(reminder.pk)
        else:
            to_email.append(reminder)
    token = items[0].claim_token
    released = {"claim_token": None, "claimed_until": None}
    with transaction.atomic():
        Notification.objects.bulk_create(notify, ignore_conflicts=True)
        mine = Reminder.objects.filter(claim_token=token)
        for reason, pks in skipped.items():
            result.skipped += mine.filter(pk__in=pks).update(status=Status.SKIPPED, skip_reason=reason, **released)
        result.sent += mine.filter(pk__in=in_app).update(status=Status.IN_APP, sent_at=now, **released)
        mine.filter(pk__in=queued).update(status=Status.QUEUED, **released)
    return to_email


def _start_sending(reminder, now):
    """The last word before the mail server: only while this sweep still holds an unexpired claim,
    the row turns *sending* with a lease renewed for this one e-mail. However slow the mail server
    was for the e-mails before, no other sweep can have taken this one."""
    started = Reminder.objects.filter(
        pk=reminder.pk, claim_token=reminder.claim_token, claimed_until__gt=now, status=Status.PENDING
    ).update(status=Status.SENDING, claimed_until=now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS))
    if not started:
        # The lease ended: the next sweep takes the reminder, and this claim counts as no attempt.
        _release(reminder, attempts=max(reminder.attempts - 1, 0))
    return bool(started)


def _send_one(reminder, result, connection, clock, send, *, on_sent=None):
    """Send one claimed reminder; ``on_sent(now)`` records more in the same transaction as "sent"."""
    if not _start_sending(reminder, clock()):
        return False
    try:
        send(reminder)
    except Exception as error:  # noqa: BLE001 — any failure of the mail server is recorded and retried
        connection.close()
        _record_failure(reminder, error, result, clock())
        return False
    now = clock()
    with transaction.atomic():
        if not _release(reminder, status=Status.SENT, sent_at=now):
            return False
        if on_sent:
            on_sent(now)
    return True


def _record_failure(reminder, error, result, now):
    message = f"{type(error).__name__}: {error}"[:2000]
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        logger.warning("Reminder %s failed for good after %s attempts: %s", reminder.pk, reminder.attempts, message)
        _release(reminder, status=Status.FAILED, last_error=message)
        result.failed += 1
        if reminder.kind == Kind.DIGEST:
            reminder.items.filter(status=Status.QUEUED).update(status=Status.FAILED, last_error=message)
    else:
        logger.info("Reminder %s failed (attempt %s), retrying: %s", reminder.pk, reminder.attempts, message)
        _release(reminder, status=Status.PENDING, last_error=message, send_after=now + reminder.retry_delay())
        result.retrying += 1


def _send_digest(digest, result, connection, clock):
    # The first attempt takes the member's queued reminders; every later one (a retry after an
    # error, a resend after an uncertain delivery, "send again") sends the same ones, no others.
    if not digest.items.exists():
        Reminder.objects.filter(recipient_id=digest.recipient_id, status=Status.QUEUED, digest__isnull=True).update(
            digest=digest
        )
    items = list(
        digest.items.filter(status=Status.QUEUED)
        .select_related(
            "follow_up__partner__organization",
            "partner__organization",
            "step__plan__organization",
            "organization",
            "recipient",
        )
        .order_by("organization__name", "occasion", "pk")
    )
    context = _Context(items)
    keep = []
    for item in items:
        reason = context.why_not_needed(item)
        if reason:
            result.skipped += Reminder.objects.filter(pk=item.pk, status=Status.QUEUED).update(
                status=Status.SKIPPED, skip_reason=reason
            )
        else:
            keep.append(item)
    if not keep:
        _release(digest, status=Status.SKIPPED, skip_reason=Skip.EMPTY_DIGEST)
        return
    sent_items = []

    def items_sent(now):
        sent_items.append(
            Reminder.objects.filter(pk__in=[i.pk for i in keep], status=Status.QUEUED).update(
                status=Status.SENT, sent_at=now
            )
        )

    if _send_one(
        digest,
        result,
        connection,
        clock,
        lambda d: emails.send_digest(d, keep, clock(), connection),
        on_sent=items_sent,
    ):
        result.sent += sum(sent_items)


# Other actions -------------------------------------------------------------------------------


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
