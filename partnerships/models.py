from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oeplanner.models import Organization
from partners.models import Partner

not_negative = [MinValueValidator(0, _("The value cannot be negative."))]


class Metric(models.TextChoices):
    ARTICLES_CREATED = "articles_created", _("Articles created")
    ARTICLES_IMPROVED = "articles_improved", _("Articles improved")
    FILES_UPLOADED = "files_uploaded", _("Files uploaded")
    FILES_USED = "files_used", _("Files used in articles")
    PARTICIPANTS = "participants", _("Participants")
    NEW_EDITORS = "new_editors", _("New editors")
    EVENTS_HELD = "events_held", _("Events held")
    CUSTOM = "custom", _("Custom metric")


class Partnership(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", _("One-time event")
        PROGRAMME = "programme", _("Sustained programme")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="partnerships")
    # When two partners are merged, the survivor takes over this foreign key like every other one.
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_partnerships",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    committed_hours = models.DecimalField(
        _("hours we commit"), max_digits=9, decimal_places=1, null=True, blank=True, validators=not_negative
    )
    committed_skills = models.TextField(_("volunteer skills we commit"), blank=True)
    committed_money = models.DecimalField(
        _("money we commit"), max_digits=12, decimal_places=2, null=True, blank=True, validators=not_negative
    )
    committed_in_kind = models.TextField(_("in-kind support we commit"), blank=True)
    expected_return = models.TextField(_("what we expect in return"), blank=True)
    partner_commitments = models.TextField(_("what the partner commits"), blank=True)
    continuation = models.TextField(
        _("how the work continues"), blank=True, help_text=_("What happens once the formal partnership ends.")
    )
    # Totals of the effort log, kept on the row so that the organization dashboard sums 20,000 partnerships
    # instead of 200,000 entries. Rule: recomputed from the entries whenever an entry is saved or deleted
    # (services.refresh_effort_totals, connected to EffortEntry's post_save and post_delete); bulk writers
    # that bypass signals call it themselves.
    hours_logged = models.DecimalField(max_digits=11, decimal_places=1, default=0, editable=False)
    money_spent = models.DecimalField(max_digits=14, decimal_places=2, default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["organization", "hours_logged", "money_spent"])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status"], name="partnership_org_status"),
            models.Index(fields=["partner", "-starts_on"], name="partnership_partner"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership_detail", kwargs={"org_slug": self.organization.slug, "partnership_pk": self.pk})

    def can_edit(self, membership):
        return membership.is_staff_or_admin or membership.user_id in (self.owner_id, self.partner.owner_id)


class MetricMixin(models.Model):
    metric = models.CharField(_("metric"), max_length=30, choices=Metric.choices)
    custom_metric = models.CharField(
        _("custom metric name"), max_length=100, blank=True, help_text=_("Only for a custom metric.")
    )

    class Meta:
        abstract = True

    @property
    def metric_label(self):
        return self.custom_metric if self.metric == Metric.CUSTOM else self.get_metric_display()

    @property
    def metric_key(self):
        """Targets and outcomes of one metric share this key (custom metrics by their name)."""
        return (self.metric, self.custom_metric.strip().lower() if self.metric == Metric.CUSTOM else "")


class Target(MetricMixin):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="targets")
    value = models.PositiveIntegerField(_("target value"))
    # Translators: the date by which a target's value should be reached.
    due_on = models.DateField(_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "metric", "custom_metric"], name="one_target_per_metric"),
        ]

    def __str__(self):
        return f"{self.metric_label}: {self.value}"


class Outcome(MetricMixin):
    class Source(models.TextChoices):
        MANUAL = "manual", _("By hand")
        IMPORTED = "imported", _("Imported from the Dashboard")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="outcomes")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcomes")
    value = models.PositiveIntegerField(_("value"))
    occurred_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    program_slug = models.CharField(_("Dashboard program"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            # The Dashboard gives running totals: a later export replaces the figure, never adds to it.
            models.UniqueConstraint(
                fields=["partnership", "program_slug", "metric"],
                condition=Q(source="imported"),
                name="one_imported_outcome_per_program_metric",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "metric"], name="outcome_org_metric"),
            models.Index(fields=["organization", "program_slug"], name="outcome_org_program"),
        ]

    def __str__(self):
        return f"{self.metric_label}: {self.value}"

    @classmethod
    def from_db(cls, db, field_names, values):
        outcome = super().from_db(db, field_names, values)
        # The partnership it was loaded with: moving an outcome changes the totals of both partnerships.
        outcome.loaded_partnership_id = outcome.__dict__.get("partnership_id")
        return outcome


class OutcomeTotal(models.Model):
    """The sum of a partnership's outcomes of one metric, so that the organization dashboard and the medians
    read one row per partnership and metric instead of every outcome.

    Rule: a partnership's rows are recomputed from its outcomes whenever one of its outcomes is saved or
    deleted (services.refresh_outcome_totals, connected to Outcome's post_save and post_delete, for the
    partnership before and after a move); writers that bypass signals (the Dashboard import's bulk writes,
    bench.generate) call it themselves. Deleting the partnership deletes its rows.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="outcome_totals")
    metric = models.CharField(max_length=30, choices=Metric.choices)
    custom_metric = models.CharField(max_length=100, blank=True)
    total = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "metric", "custom_metric"], name="one_outcome_total_per_metric"
            ),
        ]
        indexes = [models.Index(fields=["organization", "metric"], name="outcome_total_org_metric")]

    def __str__(self):
        return f"{self.metric}: {self.total}"


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Milestone(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="milestones")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=255)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organization", "done_on", "due_on"], name="milestone_org_due")]

    def __str__(self):
        return self.title

    def state(self, today=None):
        """done on time, done late, overdue or open."""
        if self.done_on is not None:
            return "on_time" if self.done_on <= self.due_on else "late"
        return "overdue" if self.due_on < (today or timezone.localdate()) else "open"


class EffortEntry(models.Model):
    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        EVENT = "event", _("Running an event")
        TRAINING = "training", _("Training")
        COMMUNICATION = "communication", _("Communication")
        REPORTING = "reporting", _("Reporting and evaluation")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="effort_entries")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="effort")
    occurred_on = models.DateField(_("date"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, default=0, validators=not_negative)
    money = models.DecimalField(_("money"), max_digits=12, decimal_places=2, default=0, validators=not_negative)
    kind = models.CharField(_("kind of work"), max_length=20, choices=Kind.choices, default=Kind.PREPARATION)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = _("effort entries")

    def __str__(self):
        return f"{self.member} · {self.hours} h · {self.occurred_on}"


class Benefit(models.Model):
    """A positive sign the numbers do not show yet."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="benefits")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("long-term benefit"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-noted_on", "-pk"]

    def __str__(self):
        return self.text[:60]


class DashboardImport(models.Model):
    """An uploaded Programs & Events Dashboard export, kept until its preview is confirmed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="dashboard_imports")
    file_name = models.CharField(max_length=255)
    file_data = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name
