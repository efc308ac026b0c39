import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oeplanner.models import Organization, Role

TOKEN_PREFIX = "oep_"


def hash_token(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A secret that lets a script use one organization's API. Only its SHA-256 is stored: the secret is shown
    once, when the token is created."""

    class Access(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write (the rights of staff)")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses it, for example “Wikidata import bot”. Shown in the history.")
    )
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.READ)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return self.name

    @staticmethod
    def new_secret():
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def role(self):
        """The member role whose rights the token has: writing tokens act as staff."""
        return Role.STAFF if self.access == self.Access.WRITE else Role.VOLUNTEER

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def touch(self, now=None):
        """Record the use; at most once a minute, so that a busy script does not write on every request."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class IdempotentRequest(models.Model):
    """A create sent with an Idempotency-Key, and the response it got: the same key answers the same response."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotent_requests")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="one_response_per_token_and_key")]

    def __str__(self):
        return f"{self.key} ({self.method} {self.path})"
