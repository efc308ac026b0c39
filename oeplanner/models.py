import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from .wikimedia import confirmed_emails

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name or name == "UTC"]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class ChoiceLabels:
    """``get_FOO_display()`` by one dictionary lookup. Django's builds a dictionary of every choice at each
    call, hashing (and so translating) every label: the lists call it for each row. The labels stay lazy, so
    each call still answers in the active language; a field's choices never change while the process runs."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


@cache
def _choice_labels(field):
    return dict(make_hashable(field.flatchoices))


class User(AbstractUser):
    class LandingPage(models.TextChoices):
        MY_DASHBOARD = "my_dashboard", _("My dashboard")
        OVERVIEW = "overview", _("The organization's dashboard")

    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", choices=TIME_ZONE_CHOICES, validators=[validate_time_zone]
    )
    # Blank: pages follow the browser, and e-mails the language in use when they are sent (the site's by default).
    language = models.CharField(_("language"), max_length=10, blank=True, choices=settings.LANGUAGES)
    # Where the login lands: the organization whose pages the member opened last...
    last_organization = models.ForeignKey(
        "Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # ...and, for its staff and admins, which of its dashboards.
    landing_page = models.CharField(
        _("page shown after logging in"),
        max_length=20,
        choices=LandingPage.choices,
        default=LandingPage.MY_DASHBOARD,
        help_text=_("For staff and admins: your own dashboard, or the organization's figures."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        name = self.get_full_name()
        if not name:
            return self.username
        # Member pickers (partners.forms.members_of) mark who shares their full name with another member.
        return f"{name} ({self.username})" if getattr(self, "has_namesake", False) else name


class Organization(models.Model):
    class Kind(models.TextChoices):
        CHAPTER = "chapter", _("Chapter")
        THEMATIC = "thematic", _("Thematic organization")
        USER_GROUP = "user_group", _("User group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.USER_GROUP)
    region = models.CharField(_("region"), max_length=120, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", choices=TIME_ZONE_CHOICES, validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on whenever something the organization's pages show is written (oeplanner.freshness).
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    members = models.ManyToManyField(User, through="Membership", related_name="organizations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org_home", kwargs={"org_slug": self.slug})


class Role(models.TextChoices):
    """Roles in ascending order of rights: each includes the rights of those before it."""

    VOLUNTEER = "volunteer", _("Volunteer")
    STAFF = "staff", _("Staff")
    ADMIN = "admin", _("Admin")

    @property
    def rank(self):
        return list(Role).index(self)


class Membership(ChoiceLabels, models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_user_and_org"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"

    def has_role(self, role):
        return Role(self.role).rank >= Role(role).rank

    @property
    def is_admin(self):
        return self.has_role(Role.ADMIN)

    @property
    def is_staff_or_admin(self):
        return self.has_role(Role.STAFF)


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An admin's offer of membership, which becomes a membership only when the invited person accepts.

    The secret token is only in the e-mail; the database keeps its SHA-256. ``identifier`` is what the
    admin typed (shown to admins): an e-mail address, or a username, in which case ``user`` is the
    account it named, if any, and the e-mail goes to that account's address.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    identifier = models.CharField(_("e-mail or username"), max_length=254)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VOLUNTEER)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "created_at"], name="invitation_org_status")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.identifier} → {self.organization} ({self.get_role_display()})"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_open(self):
        return self.status == self.Status.PENDING and not self.is_expired

    def is_for(self, user):
        """Whether a signed-in account is the invited person: the account named, or one with the address
        (its own, or one Wikimedia confirmed is theirs)."""
        if self.user_id is not None:
            return user.pk == self.user_id
        if not self.email:
            return False
        return self.email.lower() in {user.email.strip().lower(), *confirmed_emails(user)}
