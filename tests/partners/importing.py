"""Helpers for the import tests: a job from some bytes, run the way the wizard runs it."""

from contextlib import contextmanager
from pathlib import Path

from django.db import connection

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


@contextmanager
def partners_table_refusing_inserts():
    """The database itself refuses every new partner, as a full disk or a broken constraint would: a real failure
    in the middle of the write, after the plan was made."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_partner() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'no space left on device'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_partner BEFORE INSERT ON partners_partner "
                "FOR EACH ROW EXECUTE FUNCTION refuse_partner()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_partner BEFORE INSERT ON partners_partner "
                "BEGIN SELECT RAISE(ABORT, 'no space left on device'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER refuse_partner" + (" ON partners_partner" if connection.vendor == "postgresql" else "")
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION refuse_partner()")
