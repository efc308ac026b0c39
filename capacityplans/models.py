from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oeplanner.models import Organization

PARTNERSHIPS = _("Partnerships")


class Plan(models.Model):
    """A capacity-building plan: a table of steps for one strategy of the organization's master plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        DONE = "done", _("Done")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    strategy = models.CharField(
        _("strategy"),
        max_length=120,
        default=PARTNERSHIPS,
        help_text=_("The strategy of the master plan this plan belongs to."),
    )
    starts_on = models.DateField(_("period from"), null=True, blank=True)
    ends_on = models.DateField(_("period to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    round = models.ForeignKey(
        "questionnaire.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("responds to questionnaire round"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_plans",
        verbose_name=_("owner"),
    )
    # Bumped by every save of the step table, so that two people editing at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="plan_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan_detail", kwargs={"org_slug": self.organization.slug, "plan_pk": self.pk})


class StepQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Step.Status.DONE, Step.Status.DROPPED])

    def overdue(self, today=None):
        return self.open().filter(ends_on__lt=today or timezone.localdate())


class Step(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("order"), default=0)
    goal = models.TextField(_("what we want to achieve"))
    action = models.TextField(_("action"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("responsible member"),
    )
    responsible_name = models.CharField(
        _("or responsible (name)"), max_length=200, blank=True, help_text=_("Someone who is not a member.")
    )
    resources = models.TextField(_("resources needed"), blank=True, help_text=_("Time, people, money."))
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    indicator = models.CharField(_("indicator of success"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)
    source_statement = models.ForeignKey(
        "questionnaire.Statement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("from questionnaire statement"),
    )
    source_recommendation = models.ForeignKey(
        "questionnaire.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("from recommendation"),
    )

    history = HistoricalRecords()
    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="step_ends_after_start",
            ),
            # "Add to plan" twice adds one step: a plan works on each statement or recommendation once.
            models.UniqueConstraint(
                fields=["plan", "source_statement"],
                condition=Q(source_statement__isnull=False),
                name="step_one_per_plan_statement",
            ),
            models.UniqueConstraint(
                fields=["plan", "source_recommendation"],
                condition=Q(source_recommendation__isnull=False),
                name="step_one_per_plan_recommendation",
            ),
        ]
        indexes = [models.Index(fields=["responsible", "status", "ends_on"], name="step_responsible_due")]

    def __str__(self):
        return self.goal[:80]

    @property
    def responsible_label(self):
        return str(self.responsible) if self.responsible_id else self.responsible_name

    def is_overdue(self, today=None):
        open_ = self.status not in (self.Status.DONE, self.Status.DROPPED)
        return open_ and self.ends_on is not None and self.ends_on < (today or timezone.localdate())
