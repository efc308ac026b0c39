"""Reminders: every reminder is a row, claimed in the database before it is sent.

A row is unique per (what, to whom, for which day): planning the same reminder twice — two
beats, a sweep run twice, a retried task — inserts nothing the second time. Just before its
e-mail goes to the mail server the row turns *sending*, and *sent* right after: a row still
*sending* once its lease has ended was perhaps delivered, and is sent again with the same
Message-ID (see ``message_id``).
"""

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacityplans.models import Step
from oeplanner.models import Organization
from partners.models import FollowUp, Partner
from partnerships.models import Milestone


class ReminderSettings(models.Model):
    """An organization's reminder rules. Organizations without a row use the defaults."""

    DEFAULT_DAYS_BEFORE = 1
    DEFAULT_OVERDUE_AFTER_DAYS = 3

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="reminder_settings")
    days_before = models.PositiveSmallIntegerField(
        _("days before the due date"),
        default=DEFAULT_DAYS_BEFORE,
        validators=[MaxValueValidator(30)],
        help_text=_(
            "The assignee is reminded this many days before a follow-up is due, and again on the day. "
            "0 sends only the reminder on the day."
        ),
    )
    overdue_after_days = models.PositiveSmallIntegerField(
        _("overdue reminder after (days)"),
        default=DEFAULT_OVERDUE_AFTER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A follow-up still open this many days after its due date is reminded once more, "
            "to its assignee and to the partner's owner."
        ),
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.organization)


def new_calendar_token():
    return secrets.token_urlsafe(32)


class ReminderPreference(models.Model):
    """How one member wants to be reminded. Members without a row get the defaults."""

    class Delivery(models.TextChoices):
        EACH = "each", _("One e-mail per reminder")
        DIGEST = "digest", _("One daily digest")
        OFF = "off", _("No e-mail: in the app only")

    DEFAULT_HOUR = 8

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    delivery = models.CharField(_("reminder e-mails"), max_length=10, choices=Delivery.choices, default=Delivery.EACH)
    send_hour = models.PositiveSmallIntegerField(
        _("hour"),
        default=DEFAULT_HOUR,
        validators=[MaxValueValidator(23)],
        help_text=_("Reminders and the digest go out from this hour of the day, in your time zone."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        preference, _created = cls.objects.get_or_create(user=user)
        return preference

    def regenerate_calendar_token(self):
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])


class ReminderQuerySet(models.QuerySet):
    def for_org(self, org):
        """The organization's reminders, and the daily digests that carry any of them."""
        carries_one = Exists(self.model.objects.filter(digest=OuterRef("pk"), organization=org))
        return self.filter(Q(organization=org) | Q(carries_one, kind=Reminder.Kind.DIGEST))


class Reminder(models.Model):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        DUE_TODAY = "due_today", _("Due today")
        OVERDUE = "overdue", _("Overdue")
        STALE_PARTNER = "stale_partner", _("Partner gone quiet")
        STEP_OVERDUE = "step_overdue", _("Plan step overdue")
        HELP_OFFERED = "help_offered", _("Offer of help")
        MILESTONE_OVERDUE = "milestone_overdue", _("Milestone overdue")
        DIGEST = "digest", _("Daily digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        QUEUED = "queued", _("Waiting for the digest")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        IN_APP = "in_app", _("In the app only")
        SKIPPED = "skipped", _("Not needed any more")
        FAILED = "failed", _("Failed")

    class SkipReason(models.TextChoices):
        DONE = "done", _("it was done")
        DROPPED = "dropped", _("the step was dropped")
        DELETED = "deleted", _("it was deleted")
        REASSIGNED = "reassigned", _("someone else is in charge now")
        RESCHEDULED = "rescheduled", _("the date changed")
        NOT_MEMBER = "not_member", _("the member left the organization")
        ARCHIVED = "archived", _("the partner was archived")
        NO_LONGER_STALE = "no_longer_stale", _("the partner was contacted")
        EMPTY_DIGEST = "empty_digest", _("nothing was left to send")

    FOLLOW_UP_KINDS = (Kind.DUE_SOON, Kind.DUE_TODAY, Kind.OVERDUE)
    # Written by another app through services.notify(), with their notification: not planned by the
    # sweep, only delivered by it. What they are about is the notification's title and link.
    MESSAGE_KINDS = (Kind.HELP_OFFERED,)
    # What a reminder of each kind is about: the foreign key its unique constraint starts with.
    SUBJECT_FIELDS = {
        **dict.fromkeys(FOLLOW_UP_KINDS, "follow_up"),
        Kind.STALE_PARTNER: "partner",
        Kind.STEP_OVERDUE: "step",
        Kind.MILESTONE_OVERDUE: "milestone",
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A digest gathers reminders of every organization of its member: it has no organization.
    # Both are the first column of composite indexes below; a single-column index would be redundant.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders", db_index=False
    )
    follow_up = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")
    partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")
    milestone = models.ForeignKey(Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
        db_index=False,
    )
    occasion = models.DateField(_("for the day"))
    due_at = models.DateTimeField(_("due"))
    send_after = models.DateTimeField(help_text="Due time, pushed back after each failed attempt.")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Found *sending* after its lease: the mail server may have taken the first copy.
    delivery_uncertain = models.BooleanField(_("delivery uncertain"), default=False)
    done_link_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "kind", "recipient", "occasion"],
                condition=Q(follow_up__isnull=False),
                name="one_reminder_per_follow_up_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["partner", "kind", "recipient", "occasion"],
                condition=Q(kind="stale_partner", partner__isnull=False),
                name="one_stale_reminder_per_partner_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["step", "kind", "recipient", "occasion"],
                condition=Q(step__isnull=False),
                name="one_reminder_per_step_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["milestone", "kind", "recipient", "occasion"],
                condition=Q(milestone__isnull=False),
                name="one_reminder_per_milestone_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "occasion"], condition=Q(kind="digest"), name="one_digest_per_recipient_day"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="reminder_due"),
            models.Index(fields=["claim_token"], name="reminder_claim"),
            models.Index(fields=["organization", "occasion"], name="reminder_org_occasion"),
            models.Index(fields=["organization", "-created_at"], name="reminder_org_recent"),
            models.Index(fields=["recipient", "status"], name="reminder_recipient_status"),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.occasion})"

    @property
    def subject(self):
        """What the reminder is about, for lists: the follow-up's title, the plan step or the partner's name."""
        if self.kind in self.MESSAGE_KINDS:
            return self.notification.title
        if self.follow_up_id:
            return self.follow_up.title
        if self.step_id:
            return str(self.step)
        if self.milestone_id:
            return str(self.milestone)
        if self.partner_id:
            return self.partner.name
        return ""

    @property
    def message_id(self):
        """The same Message-ID for every copy of this reminder, so that a mailbox that has the first
        copy can drop a second one sent after a worker died between sending and recording."""
        return f"<reminder-{self.pk}@{urlsplit(settings.SITE_URL).hostname or 'oeplanner'}>"

    def retry_delay(self):
        """Exponential backoff: one base delay after the first failure, then twice as long each time."""
        return timedelta(seconds=settings.REMINDER_RETRY_SECONDS * 2 ** max(self.attempts - 1, 0))


class Sweep(models.Model):
    """One run of the reminder sweep, by beat or by ``send_reminders``: how an operator sees that
    the scheduler runs. A sweep that never finished was killed."""

    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, db_index=True)
    planned = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    retrying = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """A reminder as shown in the app, whatever the member chose for e-mail."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    kind = models.CharField(max_length=20, choices=Reminder.Kind.choices)
    follow_up = models.ForeignKey(FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    milestone = models.ForeignKey(Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Kept as they were, so the list still reads well after the follow-up is deleted.
    title = models.CharField(max_length=255)
    link = models.CharField(max_length=500, blank=True, help_text="Where a message kind's notification leads.")
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title
