"""The community: four spaces shared by every organization of the installation.

Unlike the rest of the app, what is here is readable by members of any organization. Each entry
still belongs to one organization, whose members alone may edit it. The installation's moderators
(users with the ``community.moderate`` permission, superusers included) may hide any entry: it then
vanishes for everyone else and stays in the history, like every edit.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from oeplanner.models import Organization, Role
from questionnaire.models import Area as PracticeArea


class Sector(models.TextChoices):
    GLAM = "glam", _("GLAM: galleries, libraries, archives, museums")
    EDUCATION = "education", _("Education")
    STEM = "stem", _("Science and technology (STEM)")
    MOVEMENT = "movement", _("Movement partners")
    FREE_KNOWLEDGE = "free_knowledge", _("Free-knowledge partners")


# Kinds of partner first, then the four practice areas of the self-assessment (same values, so a
# questionnaire area finds its community entries).
AREA_CHOICES = [
    (_("Kinds of partner"), Sector.choices),
    (_("Practice"), PracticeArea.choices),
]
AREA_LABELS = dict(Sector.choices + PracticeArea.choices)
AREA_MAX_LENGTH = 20

# Links must open a web page: no javascript:, data:, file: or other schemes.
validate_web_link = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


def is_moderator(user):
    return user.is_authenticated and user.has_perm("community.moderate")


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hidden entries exist only for moderators."""
        return self if is_moderator(user) else self.filter(hidden_at__isnull=True)


class Entry(models.Model):
    """What every entry of the four spaces has: the organization it belongs to, and moderation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def area_label(self):
        return AREA_LABELS.get(self.area, self.area)

    def editable_by(self, membership_roles, user):
        """``membership_roles`` is {organization pk: Role} of the user. Staff and admins of the
        entry's organization may edit it; so may its author while still a member."""
        role = membership_roles.get(self.organization_id)
        if role is None:
            return False
        author_id = getattr(self, self.AUTHOR_FIELD + "_id", None) if self.AUTHOR_FIELD else None
        return Role(role).rank >= Role.STAFF.rank or author_id == user.pk


class Expertise(Entry):
    """An organization's entry in the expertise directory: what it is good at and whom to ask."""

    AUTHOR_FIELD = None

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="community_expertise", verbose_name=_("organization")
    )
    # Stored as ",glam,stem," so that one area filters with a plain "contains" on every database.
    areas = models.CharField(_("areas"), max_length=250)
    description = models.TextField(_("what we have done and can share"))
    contact_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    contact_email = models.EmailField(_("or a contact address"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, help_text=_("For example: English, Portuguese."))
    region = models.CharField(_("region"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise directory")
        permissions = [("moderate", _("Can hide and show community entries"))]

    def __str__(self):
        return str(self.organization)

    def get_absolute_url(self):
        return reverse("community_expertise_detail", args=[self.pk])

    @property
    def area_list(self):
        return [value for value in self.areas.strip(",").split(",") if value]

    @area_list.setter
    def area_list(self, values):
        self.areas = "," + ",".join(values) + "," if values else ""

    def area_labels(self):
        return [AREA_LABELS.get(value, value) for value in self.area_list]

    def editable_by(self, membership_roles, user):
        role = membership_roles.get(self.organization_id)
        return role is not None and Role(role).rank >= Role.STAFF.rank


class LearningPattern(Entry):
    """What worked, written up in the shape of Meta-Wiki's learning patterns."""

    AUTHOR_FIELD = "author"

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("what problem does this solve?"))
    solution = models.TextField(_("what is the solution?"))
    considerations = models.TextField(_("things to consider"), blank=True)
    when_to_use = models.TextField(_("when to use"), blank=True)
    measure = models.TextField(_("how to measure it"), blank=True)
    area = models.CharField(_("area"), max_length=AREA_MAX_LENGTH, choices=AREA_CHOICES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    # Kept on the row so that the list sorts by it with an index, instead of counting per page.
    endorsement_count = models.PositiveIntegerField(_("endorsements"), default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["endorsement_count"])

    class Meta:
        ordering = ["-endorsement_count", "-created_at", "-pk"]
        indexes = [models.Index(fields=["-endorsement_count", "-created_at"], name="pattern_by_endorsements")]
        verbose_name = _("learning pattern")
        verbose_name_plural = _("learning patterns")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community_pattern_detail", args=[self.pk])


class Endorsement(models.Model):
    pattern = models.ForeignKey(LearningPattern, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["pattern", "user"], name="one_endorsement_per_member")]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self):
        return f"{self.user} → {self.pattern}"


def document_path(instance, filename):
    # The stored name never comes from the visitor: the folder is random and the extension follows
    # the type read from the content.
    return f"community/resources/{timezone.now():%Y/%m}/{filename}"


class Resource(Entry):
    """A useful link or document."""

    AUTHOR_FIELD = "added_by"

    class DocumentType(models.TextChoices):
        PDF = "pdf", "PDF"
        ODT = "odt", "ODT"
        DOCX = "docx", "DOCX"

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_web_link])
    document = models.FileField(_("document"), upload_to=document_path, max_length=255, blank=True)
    document_type = models.CharField(max_length=4, choices=DocumentType.choices, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=AREA_MAX_LENGTH, choices=AREA_CHOICES)
    language = models.CharField(_("language"), max_length=60)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community_resource_detail", args=[self.pk])


class ResourceFlag(models.Model):
    class Reason(models.TextChoices):
        BROKEN = "broken", _("The link or document is broken")
        DUPLICATE = "duplicate", _("It duplicates another resource")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("problem"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user", "reason"], name="one_flag_per_member_and_reason")
        ]
        verbose_name = _("flag on a resource")
        verbose_name_plural = _("flags on resources")

    def __str__(self):
        return f"{self.get_reason_display()}: {self.resource}"


class Challenge(Entry):
    """Something an organization has not solved yet, for others to help with."""

    AUTHOR_FIELD = "posted_by"

    class Status(models.TextChoices):
        # Translators: the state of a challenge, and of a questionnaire round: not closed.
        OPEN = "open", _("Open")
        ADDRESSING = "addressing", _("Being addressed")
        SOLVED = "solved", _("Solved")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    area = models.CharField(_("area"), max_length=AREA_MAX_LENGTH, choices=AREA_CHOICES)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("posted by")
    )
    helpful_patterns = models.ManyToManyField(
        LearningPattern, blank=True, related_name="challenges", verbose_name=_("learning patterns that help")
    )
    helpful_resources = models.ManyToManyField(
        Resource, blank=True, related_name="challenges", verbose_name=_("resources that help")
    )
    # Kept on the row so that the list shows it without counting per row.
    offer_count = models.PositiveIntegerField(_("offers of help"), default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["offer_count"], m2m_fields=[helpful_patterns, helpful_resources])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community_challenge_detail", args=[self.pk])


class HelpOffer(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="offers")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("on behalf of")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")

    def __str__(self):
        return f"{self.organization} → {self.challenge}"
