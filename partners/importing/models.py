"""What the partner import keeps between the wizard's steps, and what it needs to undo itself.

Imported from partners/models.py so that Django finds these models in the partners app.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oeplanner.models import Organization


def upload_storage():
    """The storage of uploaded files waiting to be imported: shared by the web server and the workers."""
    return storages["imports"]


def upload_path(job, name):
    # The person's file name stays on the job; the stored name gives nothing away.
    return f"{job.organization_id}/{uuid.uuid4().hex}{PurePath(name).suffix.lower()[:10]}"


class ImportSettings(models.Model):
    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="import_settings")
    staff_may_import = models.BooleanField(
        _("staff may import partners"),
        default=False,
        help_text=_("Admins can always import. Tick to let staff members import partner lists too."),
    )

    class Meta:
        verbose_name = _("import settings")
        verbose_name_plural = _("import settings")

    def __str__(self):
        return str(self.organization)


class SavedMapping(models.Model):
    """A named mapping of a file's columns to partner fields, to reuse with the next file of the same shape."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(_("name"), max_length=100)
    has_header = models.BooleanField(default=True)
    # One [header, field] pair per column, in the file's order; field "" means "don't import".
    columns = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_import_mapping_name")]

    def __str__(self):
        return self.name


class ImportJob(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not started")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed: nothing was imported")
        UNDOING = "undoing", _("Undoing…")
        UNDONE = "undone", _("Undone")

    class Phase(models.TextChoices):
        """What a running import is doing: each phase has its own progress."""

        READING = "reading", _("Reading and checking the rows")
        CHECKING = "checking", _("Comparing with the partners already here")
        WRITING = "writing", _("Writing the partners")

    class Mode(models.TextChoices):
        CREATE = "create", _("Create only: a row matching an existing partner is rejected")
        UPDATE = "update", _("Create and update: matching partners take the file's non-empty values")
        FILL = "fill", _("Fill blanks only: matching partners get values only where theirs are empty")
        SKIP = "skip", _("Skip duplicates: rows matching an existing partner are left out")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="partner_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The uploaded file is kept in the "imports" storage until the job ends (done, failed or abandoned).
    file_name = models.CharField(_("file"), max_length=255)
    file_size = models.PositiveIntegerField(default=0)
    upload = models.FileField(storage=upload_storage, upload_to=upload_path, max_length=200, blank=True, editable=False)
    file_format = models.CharField(max_length=10, default="csv")
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    has_header = models.BooleanField(_("the first row holds column names"), default=True)
    column_count = models.PositiveSmallIntegerField(default=0)
    first_rows = models.JSONField(default=list)  # the first three rows, for headers and sample values
    row_count = models.PositiveIntegerField(default=0)

    mapping = models.JSONField(default=list)  # one field key per column, "" for "don't import"
    mode = models.CharField(_("duplicates"), max_length=10, choices=Mode.choices, default=Mode.SKIP)
    default_sector = models.CharField(max_length=20, blank=True)
    default_stage = models.ForeignKey(
        "partners.Stage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    default_tag = models.CharField(max_length=60, blank=True)
    skip_invalid = models.BooleanField(default=False)
    # The person's choice for rows that may be existing partners: {"<line>": "create"|"update"|"skip", "*": …}.
    decisions = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A running job (or undo) beats every few seconds; one silent for IMPORT_STALE_SECONDS is taken for dead.
    progress = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    # Each claim of the job (or of its undo) counts one: a run checks it still owns the job before it commits.
    attempts = models.PositiveSmallIntegerField(default=0)
    # Run by a Celery worker, so that a dead one may be queued again; a job run by a request or the command is not.
    in_background = models.BooleanField(default=False)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    contacts_count = models.PositiveIntegerField(default=0)
    # [{"line": 7, "field": "Website", "reason": "…", "cells": [...]}], from the preview, then from the run.
    rejections = models.JSONField(default=list)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    # What undo removes; partners the import updated are restored from ImportedUpdate rows.
    created_partner_ids = models.JSONField(default=list)
    created_contact_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="importjob_org_recent")]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("partner_import_result", kwargs={"org_slug": self.organization.slug, "import_pk": self.pk})

    def read_upload(self):
        with self.upload.open("rb") as upload:
            return upload.read()

    @property
    def is_running(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING, self.Status.UNDOING}

    @property
    def waits_too_long(self):
        """Queued, and no worker has taken it for IMPORT_WORKER_WAIT_SECONDS: the background worker may not run."""
        if self.status != self.Status.QUEUED:
            return False
        since = self.progress_at or self.created_at
        return since < timezone.now() - timedelta(seconds=settings.IMPORT_WORKER_WAIT_SECONDS)

    @property
    def undo_total(self):
        """What undo goes through: the partners the import created, and those it updated."""
        return self.created_count + self.updated_count

    @property
    def progress_total(self):
        """What ``progress`` counts up to in the current phase: rows read, then partners written (None while
        comparing, which has no count)."""
        if self.phase == self.Phase.READING:
            return self.row_count
        if self.phase == self.Phase.WRITING:
            return self.created_count + self.updated_count
        return None

    @property
    def progress_percent(self):
        total = self.progress_total
        return min(100, round(100 * self.progress / total)) if total else 0


class ImportedUpdate(models.Model):
    """A partner an import changed, with the values it had before: undo puts them back."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="updates")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    before = models.JSONField(default=dict)  # {field attname: value before the import}
    added_tag_ids = models.JSONField(default=list)
    added_network_ids = models.JSONField(default=list)

    def __str__(self):
        return f"{self.job} → {self.partner_id}"
