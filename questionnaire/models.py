import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oeplanner.models import Organization


def local_today(org):
    """Today's date where the organization is: rounds open and close on its calendar."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(org.time_zone))


class Area(models.TextChoices):
    """The four parts of working with partners; statements and recommendations belong to one."""

    SELECTING = "selecting", _("Selecting partners")
    BUILDING = "building", _("Building relationships")
    DEEPENING = "deepening", _("Deepening partnerships")
    EVALUATING = "evaluating", _("Evaluating partnerships")


class StatementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired_at__isnull=True)


class Statement(models.Model):
    """A statement members score from 1 to 5. Retired, never deleted, so past answers keep their statement."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="statements")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.CharField(_("statement"), max_length=500)
    position = models.PositiveIntegerField(_("position"), default=0)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self):
        return self.text

    @property
    def is_retired(self):
        return self.retired_at is not None


class Round(models.Model):
    """One time the organization asks its members to score the statements."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("When anonymous, nobody sees who gave which answer. Untick only if members agree to it."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="questionnaire_invitations", blank=True, verbose_name=_("invited")
    )
    statements = models.ManyToManyField(Statement, through="RoundStatement", related_name="rounds")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"),
        ]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("round_detail", kwargs={"org_slug": self.organization.slug, "round_pk": self.pk})

    def status(self, today):
        if self.closed_at is not None or today > self.closes_on:
            return self.Status.CLOSED
        if today < self.opens_on:
            return self.Status.SCHEDULED
        return self.Status.OPEN

    def accepts_answers(self, today):
        return self.status(today) == self.Status.OPEN

    def previous(self):
        """The organization's round before this one, whose means the report compares with."""
        return (
            Round.objects.filter(organization_id=self.organization_id)
            .filter(Q(opens_on__lt=self.opens_on) | Q(opens_on=self.opens_on, pk__lt=self.pk))
            .order_by("-opens_on", "-pk")
            .first()
        )


class RoundStatement(models.Model):
    """A statement as it was worded when the round opened; later edits do not rewrite what people answered."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_statements")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="round_statements")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.CharField(_("statement"), max_length=500)
    number = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "statement"], name="statement_once_per_round"),
            models.UniqueConstraint(fields=["round", "number"], name="one_number_per_round_statement"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def code(self) -> str:
        """The column heading of this statement in CSV files: Q1, Q2…"""
        return f"Q{self.number}"


class ResponseImport(models.Model):
    """A CSV file of responses brought into a round; the same file is refused twice."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "sha256"], name="file_imported_once_per_round")]

    def __str__(self):
        return self.filename


class Response(models.Model):
    """One person's answers in one round: a member answering online, or a row of an imported file."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    label = models.CharField(_("respondent"), max_length=200, blank=True)
    imported_from = models.ForeignKey(
        ResponseImport, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="one_response_per_member_and_round"),
        ]

    def __str__(self):
        return self.label or str(self.respondent or _("former member"))

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Answer(models.Model):
    """A score of 1 to 5 for one statement; no score (NULL) means "don't know"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_per_statement"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.score if self.score is not None else 'dk'}"


class Reflection(models.Model):
    """The group's reading of a round's report, kept with every earlier version."""

    class Verdict(models.TextChoices):
        STRENGTH = "strength", _("A strength")
        MIXED = "mixed", _("Partly a strength, partly a challenge")
        CHALLENGE = "challenge", _("A challenge")

    class Agreement(models.TextChoices):
        AGREE = "agree", _("We mostly agree")
        SOME = "some", _("We agree on some items, not on others")
        DISAGREE = "disagree", _("We see it quite differently")

    class Importance(models.TextChoices):
        KEY = "key", _("A key strategy for us")
        OPTIONAL = "optional", _("An optional strategy for us")

    class Priority(models.TextChoices):
        YES = "yes", _("Yes, prioritize building capacity here")
        LATER = "later", _("Not now, maybe later")
        NO = "no", _("No")

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="reflection")
    verdict = models.CharField(
        _("Is partnering a strength or a challenge for us?"), max_length=20, choices=Verdict.choices, blank=True
    )
    does_well = models.TextField(_("What we do well"), blank=True)
    does_less_well = models.TextField(_("What we do less well"), blank=True)
    agreement = models.CharField(_("Do we agree on the scores?"), max_length=20, choices=Agreement.choices, blank=True)
    agreement_notes = models.TextField(_("Where and why we differ"), blank=True)
    surprises = models.TextField(
        _("Which scores surprise us, and why? Do they match what we can really do?"), blank=True
    )
    strengths_and_challenges = models.TextField(
        _("Particular strengths or challenges the scores reveal, or miss"), blank=True
    )
    importance = models.CharField(
        _("How important is partnering for our impact?"), max_length=20, choices=Importance.choices, blank=True
    )
    priority = models.CharField(
        _("Do we want to prioritize building capacity in partnerships?"),
        max_length=20,
        choices=Priority.choices,
        blank=True,
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self):
        return str(_("Reflection on %(round)s") % {"round": self.round})


class RecommendationQuerySet(models.QuerySet):
    def needs_work(self):
        """What the organization does only partly or not yet: candidates for a capacity-building plan."""
        return self.filter(status__in=[Recommendation.Status.PARTLY, Recommendation.Status.NOT_YET])


class Recommendation(models.Model):
    """A concrete way to get better at partnerships, and how far the organization already follows it.

    Each organization gets its own copy of the built-in library (see ``defaults.py``),
    so that its self-check lives beside its other records.
    """

    class Status(models.TextChoices):
        UNMARKED = "", _("Not marked yet")
        DOING_WELL = "doing_well", _("Doing well")
        PARTLY = "partly", _("Partly")
        NOT_YET = "not_yet", _("Not yet")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="recommendations")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Which built-in recommendation this is."))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.TextField(_("recommendation"))
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True, default="")
    note = models.TextField(_("note"), blank=True)
    status_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_updated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="recommendation_once_per_org")]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text

    @property
    def needs_work(self):
        return self.status in (self.Status.PARTLY, self.Status.NOT_YET)
