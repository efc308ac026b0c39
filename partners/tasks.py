from celery import shared_task

from oeplanner.models import User

from . import imports
from .import_models import ImportJob


@shared_task
def run_partner_import(job_pk):
    """Run a confirmed import; a job deleted or already taken by another worker is left alone."""
    if not imports.claim(job_pk):
        return
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        imports.run_import(job)


@shared_task
def undo_partner_import(job_pk, user_pk):
    job = ImportJob.objects.select_related("organization").filter(pk=job_pk).first()
    if job is not None:
        imports.undo_import(job, by=User.objects.filter(pk=user_pk).first())
