"""Delivery, the second half of a sweep: each planned reminder sent exactly once.

A batch of due rows is claimed with one conditional UPDATE that stamps a claim token and a lease;
only this sweep then holds them. The batch is read once with what its e-mails need; each reminder's
rule (``rules.py``) checks that it is still needed, and the in-app notifications are written. Just
before the e-mails, the columns the checks read are fetched again for the whole batch (one query per
kind of subject), and the e-mails are built together (``oeplanner.emails.messages``). Then, for each
e-mail, one conditional UPDATE on the claim token and an unexpired lease turns its row *sending* and
renews the lease for this one e-mail (a sweep whose claim ended or was taken over sends nothing), and
marks the e-mail before it *sent*: one write per e-mail, so that a crash between two e-mails leaves
only the one at the mail server uncertain.

A worker that dies holding a batch leaves its rows claimed until the lease ends; a later sweep
then takes them again. A row still *sending* after its lease was perhaps delivered: it is sent
again with the same Message-ID (``Reminder.message_id``), so that a mailbox that has the first
copy can drop the second, and it is marked "delivery uncertain". A failed send is retried with
backoff up to REMINDER_MAX_ATTEMPTS, then marked failed, where the member and the admins see it.
"""

import logging
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from oeplanner.models import Membership

from . import emails, rules
from .models import Notification, Reminder, ReminderPreference

logger = logging.getLogger(__name__)

Kind, Status, Skip = Reminder.Kind, Reminder.Status, Reminder.SkipReason


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
    # No related rows yet: send_batch reads them, as they are when it starts.
    return list(Reminder.objects.filter(claim_token=token).order_by("send_after", "pk"))


# What an e-mail about a reminder names: its subject, with the subject's organization.
SUBJECTS = (
    "follow_up__partner__organization",
    "follow_up__assignee",
    "partner__organization",
    "step__plan__organization",
    "milestone__partnership__organization",
    "organization",
)


def _claimed(token):
    return list(
        Reminder.objects.filter(claim_token=token)
        .select_related(*SUBJECTS, "recipient__reminder_preference")
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
        self.settings = rules.org_settings(org_pks)

    def why_not_needed(self, reminder):
        """None when the reminder is still right to send; otherwise the reason it is not."""
        if (reminder.recipient_id, reminder.organization_id) not in self.memberships:
            return Skip.NOT_MEMBER
        if reminder.kind in Reminder.MESSAGE_KINDS:
            return None
        rule = rules.BY_KIND[reminder.kind]
        return rule.why_not_needed(reminder, self.settings[reminder.organization_id])


def _notification(reminder):
    rule = rules.BY_KIND[reminder.kind]
    subject = getattr(reminder, rule.subject)
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
        due_on=rule.due_on(subject),
    )


def send_batch(batch, result, *, clock=timezone.now):
    """Check the claimed reminders, notify in the app, check the batch again, then e-mail (or queue for the digest)."""
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
        to_email = _still_needed(to_email, context, result)
    if to_email or digests:
        mail_server = get_connection(fail_silently=False)
        try:
            if to_email:
                messages = emails.reminder_messages(to_email, clock(), mail_server)
                _send_in_turn(
                    [(reminder, message, None) for reminder, message in zip(to_email, messages, strict=True)],
                    result,
                    mail_server,
                    clock,
                )
            for digest in digests:
                _send_digest(digest, result, mail_server, clock)
        finally:
            mail_server.close()


def _still_needed(reminders, context, result):
    """The last check, just before the e-mails go, for the whole batch at once: the follow-ups, partners and
    plan steps as they are now. Only the columns the checks read are fetched again, one query per kind of
    subject; what is no longer needed is skipped with one UPDATE per reason. Returns what is still needed."""
    by_rule = defaultdict(list)
    for reminder in reminders:
        if reminder.kind not in Reminder.MESSAGE_KINDS:
            by_rule[rules.BY_KIND[reminder.kind]].append(reminder)
    for rule, group in by_rule.items():
        _read_again(rule, group)
    needed, skipped = [], defaultdict(list)
    for reminder in reminders:
        reason = context.why_not_needed(reminder)
        if reason:
            skipped[reason].append(reminder.pk)
        else:
            needed.append(reminder)
    if skipped:
        _skip(reminders[0].claim_token, skipped, result)
    return needed


def _read_again(rule, reminders):
    """Fetch again the columns ``rule.rechecked`` of the reminders' subjects, into the objects read before."""
    field = Reminder._meta.get_field(rule.subject)
    subject_pks = {getattr(reminder, field.attname) for reminder in reminders}
    rows = {
        pk: values
        for pk, *values in field.related_model.objects.filter(pk__in=subject_pks).values_list("pk", *rule.rechecked)
    }
    for reminder in reminders:
        values = rows.get(getattr(reminder, field.attname))
        if values is None:
            setattr(reminder, rule.subject, None)
            continue
        for path, value in zip(rule.rechecked, values, strict=True):
            *parents, column = path.split("__")
            target = getattr(reminder, rule.subject)
            for parent in parents:
                target = getattr(target, parent)
            setattr(target, column, value)


def _skip(token, skipped, result):
    """Mark skipped, one UPDATE per reason, the reminders ({reason: pks}) this sweep still holds."""
    mine = Reminder.objects.filter(claim_token=token)
    for reason, pks in skipped.items():
        result.skipped += mine.filter(pk__in=pks).update(
            status=Status.SKIPPED, skip_reason=reason, claim_token=None, claimed_until=None
        )


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
        _skip(token, skipped, result)
        mine = Reminder.objects.filter(claim_token=token)
        result.sent += mine.filter(pk__in=in_app).update(status=Status.IN_APP, sent_at=now, **released)
        mine.filter(pk__in=queued).update(status=Status.QUEUED, **released)
    return to_email


def _send_in_turn(sends, result, mail_server, clock):
    """Send claimed reminders one after the other; ``sends`` are (reminder, message, on_sent) triples.

    Just before each e-mail goes to the mail server, one UPDATE turns its row *sending* — only while this
    sweep still holds an unexpired claim, with a lease renewed for this one e-mail: however slow the mail
    server was for the e-mails before, no other sweep can have taken this one — and, in the same statement,
    records the e-mail before it as *sent*. The last one is recorded after its answer. So a row is *sending*
    exactly while its e-mail may be at the mail server: one write per e-mail, the least that lets a sweep
    that dies between two e-mails leave only the one it was sending uncertain."""
    accepted = None  # (reminder, on_sent) of the e-mail the mail server took last, not recorded yet
    for reminder, message, on_sent in sends:
        started = _record_and_start(accepted, reminder, result, clock())
        accepted = None
        if not started:
            # The lease ended: the next sweep takes the reminder, and this claim counts as no attempt.
            _release(reminder, attempts=max(reminder.attempts - 1, 0))
            continue
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 — any failure of the mail server is recorded and retried
            mail_server.close()
            _record_failure(reminder, error, result, clock())
        else:
            accepted = (reminder, on_sent)
    if accepted:
        _record_and_start(accepted, None, result, clock())


# The statement of each e-mail, written once: built by the ORM, its Case expressions cost more CPU than the
# e-mail itself. Every CASE reads the row as it was: those found *sending* turn *sent*, the other one *sending*.
_RECORD_AND_START = """
UPDATE {table} SET
    sent_at = CASE WHEN status = %(sending)s THEN %(now)s ELSE sent_at END,
    claim_token = CASE WHEN status = %(sending)s THEN NULL ELSE claim_token END,
    claimed_until = CASE WHEN status = %(sending)s THEN NULL ELSE %(lease_end)s END,
    status = CASE WHEN status = %(sending)s THEN %(sent)s ELSE %(sending)s END
WHERE (id = %(recorded)s AND claim_token = %(recorded_token)s AND status = %(sending)s)
    OR (id = %(started)s AND claim_token = %(started_token)s AND status = %(pending)s AND claimed_until > %(now)s)
"""


def _record_and_start(accepted, reminder, result, now):
    """One UPDATE: the ``accepted`` e-mail's row *sending* → *sent*, ``reminder``'s *pending* → *sending*, each
    only if this sweep still holds it. ``on_sent(now)`` records more in the same transaction and says how many
    reminders the e-mail carried. Returns whether ``reminder`` may be sent."""
    recorded, on_sent = accepted or (None, None)

    def value(name, value):
        return Reminder._meta.get_field(name).get_db_prep_value(value, connection)

    params = {
        "sending": Status.SENDING.value,
        "sent": Status.SENT.value,
        "pending": Status.PENDING.value,
        "now": value("sent_at", now),
        "lease_end": value("claimed_until", now + timedelta(seconds=settings.REMINDER_LEASE_SECONDS)),
        "recorded": recorded and recorded.pk,
        "recorded_token": recorded and value("claim_token", recorded.claim_token),
        "started": reminder and reminder.pk,
        "started_token": reminder and value("claim_token", reminder.claim_token),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_RECORD_AND_START.format(table=connection.ops.quote_name(Reminder._meta.db_table)), params)
        changed = cursor.rowcount
        if recorded is None or reminder is None or changed != 1:
            was_recorded, started = changed > 0 and recorded is not None, changed > 0 and reminder is not None
        else:  # another sweep took over one of the two rows (a rare case): which one is left?
            started = Reminder.objects.filter(pk=reminder.pk, claim_token=reminder.claim_token, status=Status.SENDING)
            started = started.exists()
            was_recorded = not started
        if was_recorded:
            result.sent += on_sent(now) if on_sent else 1
    return started


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


def _send_digest(digest, result, mail_server, clock):
    # The first attempt takes the member's queued reminders; every later one (a retry after an
    # error, a resend after an uncertain delivery, "send again") sends the same ones, no others.
    if not digest.items.exists():
        Reminder.objects.filter(recipient_id=digest.recipient_id, status=Status.QUEUED, digest__isnull=True).update(
            digest=digest
        )
    items = list(
        digest.items.filter(status=Status.QUEUED)
        .select_related(*SUBJECTS, "recipient")
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

    def items_sent(now):
        return Reminder.objects.filter(pk__in=[i.pk for i in keep], status=Status.QUEUED).update(
            status=Status.SENT, sent_at=now
        )

    message = emails.digest_message(digest, keep, clock(), mail_server)
    _send_in_turn([(digest, message, items_sent)], result, mail_server, clock)
