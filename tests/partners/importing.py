"""Helpers for the import tests: a job from some bytes, run the way the wizard runs it."""

from pathlib import Path

from partners.importing import jobs
from partners.importing.models import ImportJob
from tests.factories import ImportJobFactory

DATA = Path(__file__).resolve().parents[1] / "data"


def data_file(name):
    return (DATA / name).read_bytes()


def job_for(org, content, name="partners.csv", **kwargs):
    """A job waiting for confirmation, mapped automatically unless ``mapping`` is given."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    return ImportJobFactory(organization=org, file_name=name, file_data=content, **kwargs)


def run(job, *, skip_invalid=False, user=None):
    """Confirm the job and run it now, as the wizard does for a small file."""
    job.skip_invalid = skip_invalid
    job.status = ImportJob.Status.QUEUED
    job.save()
    assert jobs.claim(job.pk)
    job.refresh_from_db()
    jobs.run_import(job, user=user)
    job.refresh_from_db()
    return job


def problems(plan):
    """[(line, field, reason)] of a plan's rejected rows."""
    return [(r["line"], field, reason) for r in plan.rejections for field, reason in r["problems"]]
