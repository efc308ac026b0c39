"""A large import confirmed in the wizard runs in a real Celery worker process, on the real broker (Redis when
REDIS_URL is set, the filesystem broker otherwise) and the test database; the page shows its progress."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.importing.models import ImportJob
from tests.workers import Worker, wait_for

from .importing import data_file, job_for

pytestmark = pytest.mark.django_db(transaction=True)

FINISHED = {ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.UNDONE}


@pytest.fixture
def worker(broker, tmp_path):
    worker = Worker("importer", broker, tmp_path, tmp_path).start()
    yield worker
    worker.stop()


def test_a_worker_runs_the_import_and_the_page_follows_it(worker, broker, org, admin, client_for):
    job = job_for(
        org,
        data_file("world-universities-sample.csv"),
        name="universities.csv",
        created_by=admin,
        skip_invalid=True,
        status=ImportJob.Status.QUEUED,
    )
    client = client_for(admin)
    page = client.get(reverse("partner_import_result", args=[org.slug, job.pk])).content.decode()
    assert "Waiting to start" in page and "<progress" in page

    with broker.publisher() as app:
        app.send_task("partners.importing.tasks.run_partner_import", args=[job.pk], retry=False)

    def finished():
        job.refresh_from_db()
        return job.status in FINISHED

    wait_for(finished, 60, "the worker to run the import")
    assert job.status == ImportJob.Status.DONE, worker.output()[-2000:]
    assert (job.created_count, job.rejected_count) == (359, 5)
    assert org.partners.count() == 359
    # The worker logs the task's end after its last commit: wait for the line rather than race it.
    wait_for(lambda: "succeeded" in worker.output(), 30, "the worker to log the task's success")
    assert "partners.importing.tasks.run_partner_import" in worker.output()
    page = client.get(reverse("partner_import_result", args=[org.slug, job.pk])).content.decode()
    assert 'id="count-created">359<' in page


def test_a_job_already_taken_is_not_run_twice(worker, broker, org, admin):
    job = job_for(org, "Name\nMusée Gadagne\n", created_by=admin, status=ImportJob.Status.QUEUED)
    with broker.publisher() as app:
        for _ in range(2):
            app.send_task("partners.importing.tasks.run_partner_import", args=[job.pk], retry=False)
    wait_for(lambda: worker.output().count("succeeded") >= 2, 60, "both deliveries to be handled")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert org.partners.count() == 1


def test_an_import_whose_worker_is_killed_is_resumed_by_the_sweep(broker, tmp_path, org, admin):
    rows = "Name,City\n" + "".join(f"Museum number {n},Lyon\n" for n in range(12_000))
    job = job_for(org, rows, created_by=admin, skip_invalid=True, status=ImportJob.Status.QUEUED, in_background=True)
    doomed = Worker("doomed", broker, tmp_path, tmp_path, IMPORT_HEARTBEAT_SECONDS=1).start()
    with broker.publisher() as app:
        app.send_task("partners.importing.tasks.run_partner_import", args=[job.pk], retry=False)

    def running():
        job.refresh_from_db()
        return job.status == ImportJob.Status.RUNNING

    wait_for(running, 60, "the worker to start the import", interval=0.05)
    doomed.kill()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and not org.partners.exists()

    rescuer = Worker("rescuer", broker, tmp_path, tmp_path, IMPORT_STALE_SECONDS=2, IMPORT_HEARTBEAT_SECONDS=1).start()
    try:
        wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, progress_at__lt=timezone.now() - timedelta(seconds=3)).exists(),
            30,
            "the dead job's heartbeat to go stale",
        )
        with broker.publisher() as app:
            app.send_task("partners.importing.tasks.sweep_stale_imports", retry=False)

        def finished():
            job.refresh_from_db()
            return job.status in FINISHED

        wait_for(finished, 120, "the import to be resumed and finished")
    finally:
        rescuer.stop()
    assert job.status == ImportJob.Status.DONE, rescuer.output()[-2000:]
    assert (job.attempts, job.created_count) == (2, 12_000)
    assert org.partners.count() == 12_000
