import re
import unicodedata
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from oeplanner.models import ChoiceLabels, Organization

DEFAULT_STAGES = [
    # (name, cadence in days, protocol steps)
    # Translators: the first stage a partner goes through: an institution we might approach, not contacted yet.
    (_("Prospect"), 90, [_("Check whether we already know someone there"), _("Note why they could be a good fit")]),
    (_("First contact"), 30, [_("Introduce our organization and its work"), _("Find the right person to talk to")]),
    (_("In discussion"), 21, [_("Agree on shared goals"), _("Say clearly what each side offers and needs")]),
    (_("Agreed"), 14, [_("Write down the agreement and who does what"), _("Set targets before work starts")]),
    (_("Active"), 30, [_("Keep regular contact with the partner's lead"), _("Record outcomes as they happen")]),
    (_("Sustained"), 60, [_("Review the partnership together once a year"), _("Plan how work continues")]),
    (_("Closed"), 365, [_("Thank the partner and share the results"), _("Note lessons for next time")]),
]

QID = re.compile(r"^Q[1-9][0-9]*$")
qid_validator = RegexValidator(QID.pattern, _("Enter a Wikidata item id such as Q42: the letter Q then digits."))
score_validators = [MinValueValidator(1), MaxValueValidator(5)]


@lru_cache(maxsize=4096)  # an import normalizes the same cities and sectors row after row
def normalize_name(name):
    """Lower-case, accents and punctuation removed, spaces collapsed: for duplicate detection."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def website_key(url):
    """Host and path of a website, the way two addresses of one site compare equal: lower-case, without the
    scheme, ``www.``, query, fragment or trailing slash. ``http://www.UToronto.ca/StMikes/`` → ``utoronto.ca/stmikes``.
    Sites of one host under different paths (a college under its university) keep different keys."""
    url = (url or "").strip()
    if not url:
        return ""
    if "//" not in url:
        url = "//" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return ""
    path = parts.path.lower().rstrip("/")
    for index_page in ("/index.html", "/index.htm", "/index.php"):
        path = path.removesuffix(index_page)
    return host + path


def priority_of(short_term_value, long_term_value, capacity):
    """Sum of the three inputs (3–15), or None until all three are set."""
    values = [short_term_value, long_term_value, capacity]
    return sum(values) if None not in values else None


def cadence_dates(base, cadence_days):
    """(due, stale): due after the stage's cadence without an interaction, stale after twice that."""
    cadence = timedelta(days=cadence_days)
    return base + cadence, base + 2 * cadence


class Stage(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    cadence_days = models.PositiveSmallIntegerField(
        _("contact every (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("A partner at this stage is due for contact after this many days without an interaction."),
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_stage_name_per_org")]

    def __str__(self):
        return self.name


class ProtocolStep(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="protocol_steps")
    text = models.CharField(_("step"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class NamedQuerySet(models.QuerySet):
    def ids_by_name(self, organization, names):
        """{lower-cased name: pk} of the organization's rows named ``names`` in any letter case, the
        missing ones created with the name as given."""
        found = {name.lower(): pk for pk, name in self.filter(organization=organization).values_list("pk", "name")}
        missing = {}
        for name in names:
            if name.lower() not in found:
                missing.setdefault(name.lower(), name)
        created = self.bulk_create(self.model(organization=organization, name=name) for name in missing.values())
        if created and created[0].pk is None:  # databases that don't return ids
            return self.ids_by_name(organization, ())
        found.update({row.name.lower(): row.pk for row in created})
        return found


class Tag(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=60)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_tag_per_org")]

    def __str__(self):
        return self.name


class Network(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="networks")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = NamedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_network_per_org")]

    def __str__(self):
        return self.name


class Cadence(models.TextChoices):
    # Translators: a partner's contact state: contacted within its stage's cadence.
    OK = "ok", _("On track")
    # Translators: a partner's contact state: no contact for longer than its stage's cadence, time to get in touch.
    DUE = "due", _("Contact due")
    # Translators: a partner's contact state: no contact for more than twice its stage's cadence; the relationship
    # has gone quiet.
    STALE = "stale", _("Stale")


class PartnerQuerySet(models.QuerySet):
    def for_org(self, organization):
        return self.filter(organization=organization)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def with_cadence(self, cadence, today=None):
        today = today or timezone.localdate()
        if cadence == Cadence.OK:
            return self.filter(contact_due_on__gte=today)
        if cadence == Cadence.DUE:
            return self.filter(contact_due_on__lt=today, stale_on__gte=today)
        return self.filter(stale_on__lt=today)


class Partner(ChoiceLabels, models.Model):
    class Sector(models.TextChoices):
        GLAM = "glam", _("GLAM (gallery, library, archive, museum)")
        EDUCATION = "education", _("Education")
        STEM = "stem", _("Science and technology (STEM)")
        WIKIMEDIA = "wikimedia", _("Wikimedia movement")
        FREE_KNOWLEDGE = "free_knowledge", _("Free-knowledge movement")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        GALLERY = "gallery", _("Gallery")
        LIBRARY = "library", _("Library")
        ARCHIVE = "archive", _("Archive")
        MUSEUM = "museum", _("Museum")
        SCHOOL = "school", _("School")
        UNIVERSITY = "university", _("University")

    class Size(models.TextChoices):
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    # Every index of the table starts with the organization: no index of its own (each costs the import).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="partners", db_index=False)
    name = models.CharField(_("name"), max_length=255)
    normalized_name = models.CharField(max_length=255, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    website_key = models.CharField(max_length=500, editable=False, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True, help_text=_("The institution's main number."))
    street = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    wikidata_qid = models.CharField(
        _("Wikidata item"), max_length=20, blank=True, validators=[qid_validator], help_text=_("For example Q42.")
    )
    thematic_focus = models.CharField(_("thematic focus"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="partners", verbose_name=_("tags"))
    networks = models.ManyToManyField(Network, blank=True, related_name="partners", verbose_name=_("networks"))
    suggested_by = models.CharField(_("suggested by"), max_length=200, blank=True)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="partners", verbose_name=_("stage"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # partner_org_owner serves every query by owner
        related_name="owned_partners",
        verbose_name=_("owner"),
        help_text=_("The member who keeps contact regular."),
    )
    short_term_value = models.PositiveSmallIntegerField(
        _("expected short-term value"), null=True, blank=True, validators=score_validators
    )
    long_term_value = models.PositiveSmallIntegerField(
        _("expected long-term value"), null=True, blank=True, validators=score_validators
    )
    capacity = models.PositiveSmallIntegerField(
        _("our capacity to deliver"), null=True, blank=True, validators=score_validators
    )
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True, editable=False)
    is_similar_organization = models.BooleanField(
        _("similar organization"),
        default=False,
        help_text=_("Competes for the same resources as we do: a candidate for collaboration rather than rivalry."),
    )
    last_interaction_on = models.DateField(_("last interaction"), null=True, blank=True, editable=False)
    # Cadence dates are kept on the row so that lists filter and sort by them with an index.
    contact_due_on = models.DateField(editable=False, null=True)
    stale_on = models.DateField(editable=False, null=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History is read by partner (its id), never by organization, owner or stage: no index on those.
    history = HistoricalRecords(
        excluded_fields=["normalized_name", "website_key", "contact_due_on", "stale_on"],
        no_db_index=["organization", "owner", "stage"],
    )
    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # The default list (current partners by name, then pk) read in order from the index: PostgreSQL
            # cannot sort by name after an "archived_at IS NULL" key column, so that test is the index's condition.
            models.Index(
                fields=["organization", "name", "id"], condition=Q(archived_at__isnull=True), name="partner_org_list"
            ),
            # Its count ("96,040 partners") as an index-only scan of a small index instead of a table scan.
            models.Index(fields=["organization"], condition=Q(archived_at__isnull=True), name="partner_org_current"),
            # The organization dashboard's counts of current partners per stage, sector and stale owner, each an
            # index-only scan (the stale one reads the range before today) instead of a scan of the table.
            models.Index(
                fields=["organization", "stage"], condition=Q(archived_at__isnull=True), name="partner_org_stage"
            ),
            # The cadence dates too: the list filtered by sector and contact state counts its matches from the
            # index alone (a few ms) instead of reading every partner of the sector from the table.
            models.Index(
                fields=["organization", "sector", "contact_due_on", "stale_on"],
                condition=Q(archived_at__isnull=True),
                name="partner_org_sector_due",
            ),
            models.Index(
                fields=["organization", "stale_on", "owner"],
                condition=Q(archived_at__isnull=True),
                name="partner_org_stale_owner",
            ),
            models.Index(fields=["organization", "contact_due_on"], name="partner_org_due"),
            models.Index(fields=["organization", "stale_on"], name="partner_org_stale"),
            models.Index(fields=["organization", "owner"], name="partner_org_owner"),
            # Duplicate detection (partners.matching): the same Q-id, name, or website (= host, or LIKE 'host/%',
            # which needs the pattern operator class on PostgreSQL unless the collation is C).
            models.Index(fields=["organization", "wikidata_qid"], name="partner_org_qid"),
            models.Index(fields=["organization", "normalized_name"], name="partner_org_name_key"),
            models.Index(
                fields=["organization", "website_key"],
                name="partner_org_site",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            # The list's search: a trigram index in the PostgreSQL-only migration 0008 (see filters.SearchText).
            # Sorting by priority: partner_org_priority, in the PostgreSQL-only migration 0005.
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {
                "normalized_name",
                "website_key",
                "priority",
                "contact_due_on",
                "stale_on",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partner_detail", kwargs={"org_slug": self.organization.slug, "partner_pk": self.pk})

    def refresh_derived_fields(self):
        self.normalized_name = normalize_name(self.name)
        self.website_key = website_key(self.website)
        self.priority = priority_of(self.short_term_value, self.long_term_value, self.capacity)
        self.refresh_cadence()

    @property
    def priority_label(self):
        if self.priority is None:
            return ""
        if self.priority >= 12:
            return _("High")
        if self.priority >= 8:
            return _("Medium")
        return _("Low")

    def refresh_cadence(self):
        base = self.last_interaction_on or (
            timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        )
        self.contact_due_on, self.stale_on = cadence_dates(base, self.stage.cadence_days)

    def cadence(self, today=None):
        today = today or timezone.localdate()
        if self.stale_on and today > self.stale_on:
            return Cadence.STALE
        if self.contact_due_on and today > self.contact_due_on:
            return Cadence.DUE
        return Cadence.OK

    @property
    def is_archived(self):
        return self.archived_at is not None

    def can_edit(self, membership):
        return membership.is_staff_or_admin or self.owner_id == membership.user_id

    def check_editable_by(self, membership, reason):
        """Refuse, with ``reason`` on the 403 page, a member who may not edit this partner."""
        if not self.can_edit(membership):
            raise PermissionDenied(reason)


class Contact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(no_db_index=["partner"])  # read by contact, never by partner

    class Meta:
        ordering = ["-is_primary", "name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name


class Interaction(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        EVENT = "event", _("Event")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        WORKSHOP = "workshop", _("Workshop")
        EDITATHON = "editathon", _("Edit-a-thon")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="interactions")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="interactions")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    is_targeted = models.BooleanField(
        _("targeted"), default=True, help_text=_("Untick for relationship-building without a specific ask.")
    )
    event_name = models.CharField(_("event"), max_length=200, blank=True)
    our_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("our participants")
    )
    their_participants = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("their participants")
    )
    summary = models.TextField(_("summary"))
    benefits = models.TextField(_("benefits put to the partner"), blank=True)
    their_responsibilities = models.TextField(_("their responsibilities"), blank=True)
    our_commitments = models.TextField(_("our commitments"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("logged by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["organization"])

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["partner", "-occurred_on"], name="interaction_partner_date")]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.occurred_on}"

    def can_edit(self, membership):
        return membership.is_staff_or_admin or self.author_id == membership.user_id


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def in_state(self, state, today=None):
        """Filter by the states of the follow-up list: overdue, today, week, later, done."""
        today = today or timezone.localdate()
        if state == "done":
            return self.filter(done_at__isnull=False)
        open_ = self.open()
        if state == "overdue":
            return open_.filter(due_on__lt=today)
        if state == "today":
            return open_.filter(due_on=today)
        if state == "week":
            return open_.filter(due_on__gt=today, due_on__lte=today + timedelta(days=7))
        if state == "later":
            return open_.filter(due_on__gt=today + timedelta(days=7))
        return self


class FollowUp(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="follow_ups")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="follow_ups")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    title = models.CharField(_("follow-up"), max_length=255)
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("assignee")
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "assignee", "done_at", "due_on"], name="followup_assignee"),
            models.Index(fields=["organization", "done_at", "due_on"], name="followup_org_due"),
            models.Index(fields=["partner", "done_at", "due_on"], name="followup_partner"),
        ]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_at is not None

    def can_close(self, membership):
        """Marking it done or reopening it: its assignee, the partner's owner, staff and admins."""
        return membership.is_staff_or_admin or membership.user_id in (self.assignee_id, self.partner.owner_id)

    def state(self, today=None):
        today = today or timezone.localdate()
        if self.is_done:
            return "done"
        if self.due_on < today:
            return "overdue"
        if self.due_on == today:
            return "today"
        if self.due_on <= today + timedelta(days=7):
            return "week"
        return "later"


class ProtocolTick(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="ticks")
    protocol_step = models.ForeignKey(ProtocolStep, on_delete=models.CASCADE, related_name="ticks")
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "protocol_step"], name="one_tick_per_protocol_step")]
        verbose_name = _("ticked protocol step")
        verbose_name_plural = _("ticked protocol steps")

    def __str__(self):
        return f"{self.protocol_step} ✓"


class StageChange(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+", null=True)
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    unfinished_protocol_steps = models.TextField(
        _("protocol steps left unticked"), blank=True, help_text=_("One per line, as they were when the stage changed.")
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["partner", "-changed_at"], name="stagechange_partner")]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.from_stage} → {self.to_stage}"


class PartnerMerge(models.Model):
    """One partner merged into another: what moved and what the survivor held before, so that it can be undone."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="partner_merges")
    survivor = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="merges_received")
    merged = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="merges_given")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    survivor_before = models.JSONField(default=dict)  # {field attname: the survivor's value before the merge}
    moved = models.JSONField(default=dict)  # {"app.Model.field": [ids of the rows moved to the survivor]}
    stage_change = models.OneToOneField(StageChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Both partners' updated_at as the merge left them: undo is refused once either moved on.
    survivor_updated_at = models.DateTimeField()
    merged_updated_at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def is_undoable(self):
        """Neither partner was saved since the merge (needs both partners loaded)."""
        return (
            self.undone_at is None
            and self.survivor.updated_at == self.survivor_updated_at
            and self.merged.updated_at == self.merged_updated_at
        )


from .importing.models import ImportedUpdate, ImportJob, ImportSettings, SavedMapping  # noqa: E402,F401  (the import models)
