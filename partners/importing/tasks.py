from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import jobs
from .models import ImportJob

# Dead jobs looked at in one sweep; the next sweep takes the rest.
SWEEP_BATCH = 100


@shared_task
def run_partner_import(job_pk):
    """Run a confirmed import; a job deleted or already taken by another worker is left alone."""
    if not jobs.claim(job_pk):
        return
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        jobs.run_import(job)


@shared_task
def undo_partner_import(job_pk, attempt=0):
    """Undo an import whose undo was started (``attempt`` claims ago); a second delivery finds it claimed."""
    if not jobs.claim_undo(job_pk, attempt):
        return
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        jobs.undo_import(job)


@shared_task
def sweep_stale_imports():
    """Beat's look for imports and undos whose process died: queued again once when a worker ran them, else failed
    (or, for an undo, given up with nothing undone)."""
    recover_stale(ImportJob.objects.all())


def recover_stale(queryset):
    """Deal with the jobs of ``queryset`` whose heartbeat stopped: the sweep's work, and the result page's when it is
    polled, so that a person waiting on it learns within a refresh."""
    stale = queryset.filter(
        status__in=[ImportJob.Status.RUNNING, ImportJob.Status.UNDOING], progress_at__lt=jobs.stale_before()
    ).only("pk", "status", "attempts", "in_background", "upload")
    for job in stale[:SWEEP_BATCH]:
        if job.in_background and job.attempts < settings.IMPORT_MAX_ATTEMPTS:
            if not jobs.queue_again(job):
                continue
            if job.status == ImportJob.Status.RUNNING:
                run_partner_import.delay_on_commit(job.pk)
            else:
                undo_partner_import.delay_on_commit(job.pk, job.attempts)
        else:
            jobs.give_up(job)


def start_import(job, *, skip_invalid):
    """Confirm a previewed job: small files run now, large ones in the background. Returns True when done now."""
    job.skip_invalid = skip_invalid
    job.status = ImportJob.Status.QUEUED
    job.progress = 0
    job.progress_at = timezone.now()  # queued since: the result page tells when no worker takes it
    job.in_background = job.row_count > settings.IMPORT_BACKGROUND_ROWS
    job.save(update_fields=["skip_invalid", "status", "progress", "progress_at", "in_background"])
    if job.in_background:
        run_partner_import.delay_on_commit(job.pk)
        return False
    if jobs.claim(job.pk):
        job.refresh_from_db()
        jobs.run_import(job)
    return True


def start_undo(job, *, by):
    """Undo a done import: a small one now, a large one in the background. Returns False when it was being undone
    already (or was not done); a second click does not undo twice."""
    in_background = job.undo_total > settings.IMPORT_BACKGROUND_ROWS
    if not jobs.start_undo(job, by=by, in_background=in_background):
        return False
    if in_background:
        undo_partner_import.delay_on_commit(job.pk, 0)
    elif jobs.claim_undo(job.pk, 0):
        job.refresh_from_db()
        jobs.undo_import(job)
    return True
