"""Running an import job: preview, claim, run all rows or none, undo, and the file of rejected rows."""

import csv
import io
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oeplanner.bulk import chunks
from oeplanner.spreadsheets import neutralize

from ..models import Contact, Partner
from .models import ImportJob
from .planning import plan_import
from .source import ImportFileError, column_headers
from .writing import write_plan

logger = logging.getLogger(__name__)


def preview_import(job):
    """Plan the job and keep the counts and rejected rows on it for the preview page; no partner is written."""
    plan = plan_import(job)
    _store_counts(job, plan)
    job.save(update_fields=COUNT_FIELDS)
    return plan


COUNT_FIELDS = [
    "created_count",
    "updated_count",
    "skipped_count",
    "rejected_count",
    "contacts_count",
    "rejections",
    "row_count",
]


def _store_counts(job, plan):
    counts = plan.counts()
    job.created_count, job.updated_count = counts["created"], counts["updated"]
    job.skipped_count, job.rejected_count = counts["skipped"], counts["rejected"]
    job.contacts_count = counts["contacts"]
    job.row_count = plan.row_count
    job.rejections = plan.rejections


def claim(job_pk):
    """Mark a queued job running; only one worker gets it. A job whose worker died is claimed again: its
    transaction was rolled back, so nothing of it was written."""
    now = timezone.now()
    stale = now - timezone.timedelta(minutes=10)
    claimed = ImportJob.objects.filter(
        Q(status=ImportJob.Status.QUEUED) | Q(status=ImportJob.Status.RUNNING, progress_at__lt=stale), pk=job_pk
    ).update(status=ImportJob.Status.RUNNING, started_at=now, progress_at=now, progress=0)
    return claimed == 1


def run_import(job, *, user=None):
    """Run a claimed job to the end: all rows or none. Returns the plan, or None when the import failed."""

    def progress(count):
        ImportJob.objects.filter(pk=job.pk).update(progress=count, progress_at=timezone.now())

    user_id = user.pk if user else job.created_by_id
    try:
        plan = plan_import(job, progress=progress if job.pk else None)
        _store_counts(job, plan)
        if plan.rejections and not job.skip_invalid:
            error = ngettext(
                "%(n)s row was rejected, so nothing was imported. Fix it in the file and import it again, "
                "or choose to import only the valid rows.",
                "%(n)s rows were rejected, so nothing was imported. Fix them in the file and import it again, "
                "or choose to import only the valid rows.",
                plan.rejected_count,
            ) % {"n": plan.rejected_count}
        else:
            with transaction.atomic():
                created_ids, contact_ids = write_plan(plan, job, user_id)
                job.created_partner_ids, job.created_contact_ids = created_ids, contact_ids
                job.status = ImportJob.Status.DONE
                job.file_data = b""
                job.finished_at = timezone.now()
                job.save()
            return plan
    except ImportFileError as refused:
        error = str(refused)
    except Exception:
        logger.exception("Import %s failed", job.pk)
        error = _("The import failed on our side and nothing was imported. Try again later.")
    _fail(job, error)
    return None


def _fail(job, error):
    """Nothing of a failed job is in the database, and its counts say so; the rejected rows stay, to be fixed."""
    job.status, job.error = ImportJob.Status.FAILED, error
    job.created_count = job.updated_count = job.skipped_count = job.contacts_count = 0
    job.created_partner_ids, job.created_contact_ids = [], []
    job.finished_at = timezone.now()
    job.file_data = b""
    job.save()


def changed_since(job):
    """How many partners the import created have been edited since: undo removes them all the same."""
    if not job.finished_at:
        return 0
    return Partner.objects.filter(
        organization=job.organization, pk__in=job.created_partner_ids, updated_at__gt=job.finished_at
    ).count()


@transaction.atomic
def undo_import(job, *, by):
    """Remove the partners and contacts the import created and put back the values it changed."""
    if not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).update(status=ImportJob.Status.UNDONE):
        return False
    organization = job.organization
    for record in job.updates.select_related("partner__stage").filter(partner__organization=organization):
        partner = record.partner
        for attname, value in record.before.items():
            setattr(partner, attname, value)
        partner._change_reason = (_("Import of %(file)s undone") % {"file": job.file_name})[:100]
        partner.save()
        partner.tags.remove(*record.added_tag_ids)
        partner.networks.remove(*record.added_network_ids)
    for ids in chunks(job.created_contact_ids):
        Contact.objects.filter(partner__organization=organization, pk__in=ids).delete()
    for ids in chunks(job.created_partner_ids):
        Partner.objects.filter(organization=organization, pk__in=ids).delete()
    job.undone_at, job.undone_by = timezone.now(), by
    job.status = ImportJob.Status.UNDONE
    job.save(update_fields=["undone_at", "undone_by", "status"])
    return True


def rejected_rows_csv(job):
    """The rejected rows as they were in the file, with the line and the reasons: ready to fix and import again."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets Excel read UTF-8
    writer = csv.writer(buffer)
    writer.writerow([neutralize(h) for h in column_headers(job)] + [_("Line"), _("Reason")])
    for rejection in job.rejections:
        reasons = "; ".join(f"{field}: {reason}" if field else reason for field, reason in rejection["problems"])
        cells = list(rejection["cells"]) + [""] * (job.column_count - len(rejection["cells"]))
        writer.writerow([neutralize(c) for c in cells] + [rejection["line"], neutralize(reasons)])
    return buffer.getvalue()
