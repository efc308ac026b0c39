from celery import shared_task
from django.conf import settings

from oeplanner.models import User

from . import jobs
from .models import ImportJob


@shared_task
def run_partner_import(job_pk):
    """Run a confirmed import; a job deleted or already taken by another worker is left alone."""
    if not jobs.claim(job_pk):
        return
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        jobs.run_import(job)


@shared_task
def undo_partner_import(job_pk, user_pk):
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        jobs.undo_import(job, by=User.objects.filter(pk=user_pk).first())


def start_import(job, *, skip_invalid):
    """Confirm a previewed job: small files run now, large ones in the background. Returns True when done now."""
    job.skip_invalid = skip_invalid
    job.status = ImportJob.Status.QUEUED
    job.progress = 0
    job.save(update_fields=["skip_invalid", "status", "progress"])
    if job.row_count > settings.IMPORT_BACKGROUND_ROWS:
        run_partner_import.delay_on_commit(job.pk)
        return False
    if jobs.claim(job.pk):
        job.refresh_from_db()
        jobs.run_import(job)
    return True
