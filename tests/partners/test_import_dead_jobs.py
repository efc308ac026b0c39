"""A job whose process died is found by its silent heartbeat, started again once in the background or failed
visibly, never left "running"; undo shows its own progress and runs once however often it is asked."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from partners.importing import jobs, tasks
from partners.importing.models import ImportJob

from .importing import job_for, run

ROWS = "Name\nMusée Gadagne\nMusée des Beaux-Arts\n"


def url(name, org, job):
    return reverse(name, args=[org.slug, job.pk])


def died(job, *, minutes=10):
    """The job's process stopped beating ``minutes`` ago."""
    ImportJob.objects.filter(pk=job.pk).update(progress_at=timezone.now() - timedelta(minutes=minutes))


def test_a_dead_background_import_is_queued_again_once_then_failed(org, admin, django_capture_on_commit_callbacks):
    job = job_for(org, ROWS, created_by=admin, status=ImportJob.Status.QUEUED, in_background=True)
    assert jobs.claim(job.pk)
    died(job)
    with django_capture_on_commit_callbacks() as queued:
        tasks.sweep_stale_imports()
    job.refresh_from_db()
    assert (job.status, job.attempts, len(queued)) == (ImportJob.Status.QUEUED, 1, 1)

    assert jobs.claim(job.pk)
    died(job)
    stored = job.upload.name
    with django_capture_on_commit_callbacks(execute=True) as committed:
        tasks.sweep_stale_imports()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.FAILED, 2)
    assert len(committed) == 1 and not job.upload.storage.exists(stored), "its file is deleted; no run is queued"
    assert job.error.startswith("The import stopped before the end: the process running it ended")
    assert (job.created_count, job.finished_at is not None) == (0, True)


def test_a_slow_but_living_import_is_left_alone(org, admin, django_capture_on_commit_callbacks):
    job = job_for(org, ROWS, created_by=admin, status=ImportJob.Status.QUEUED, in_background=True)
    assert jobs.claim(job.pk)
    died(job, minutes=1)
    with django_capture_on_commit_callbacks() as queued:
        tasks.sweep_stale_imports()
    job.refresh_from_db()
    assert (job.status, queued) == (ImportJob.Status.RUNNING, [])


def test_the_result_page_notices_a_dead_import_and_says_so(client_for, org, admin):
    job = job_for(org, ROWS, created_by=admin, status=ImportJob.Status.QUEUED)
    assert jobs.claim(job.pk)
    client = client_for(admin)
    page = client.get(url("partner_import_result", org, job)).content.decode()
    assert "<progress" in page and 'http-equiv="refresh"' in page
    died(job)
    page = client.get(url("partner_import_result", org, job)).content.decode()
    assert "Failed: nothing was imported" in page
    assert "The import stopped before the end" in page
    assert "<progress" not in page and 'http-equiv="refresh"' not in page


def test_a_run_that_lost_its_job_to_another_writes_nothing(org, admin):
    job = job_for(org, ROWS, created_by=admin, status=ImportJob.Status.QUEUED, in_background=True)
    assert jobs.claim(job.pk)
    job.refresh_from_db()
    # Taken for dead and claimed by another worker while this one was still writing.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    assert jobs.claim(job.pk)
    assert jobs.run_import(job) is None
    assert not org.partners.exists()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportJob.Status.RUNNING, 2)


def test_undo_in_the_background_shows_undoing_and_runs_once(
    client_for, org, admin, settings, eager_celery, django_capture_on_commit_callbacks
):
    job = run(job_for(org, ROWS, created_by=admin))
    settings.IMPORT_BACKGROUND_ROWS = 1
    client = client_for(admin)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url("partner_import_undo", org, job), follow=True)
        second = client.post(url("partner_import_undo", org, job), follow=True)
    page = response.content.decode()
    assert "Undoing…" in page and '<progress id="undo-progress"' in page and 'http-equiv="refresh"' in page
    assert "0 of 2 partners removed or restored" in page
    assert "Undo this import" not in page
    assert "This import is being undone already." in second.content.decode()
    assert len(queued) == 1
    assert org.partners.count() == 2

    queued[0]()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UNDONE and not org.partners.exists()
    page = client.get(url("partner_import_result", org, job)).content.decode()
    assert "Undone on" in page and "<progress" not in page and 'http-equiv="refresh"' not in page


def test_a_dead_undo_is_queued_again_then_given_up_with_nothing_undone(org, admin, django_capture_on_commit_callbacks):
    job = run(job_for(org, ROWS, created_by=admin))
    assert jobs.start_undo(job, by=admin, in_background=True)
    assert not jobs.start_undo(job, by=admin, in_background=True), "a second undo is not started"
    assert jobs.claim_undo(job.pk, 0)
    died(job)
    with django_capture_on_commit_callbacks() as queued:
        tasks.sweep_stale_imports()
    assert len(queued) == 1
    job.refresh_from_db()
    assert jobs.claim_undo(job.pk, job.attempts)
    died(job)
    tasks.sweep_stale_imports()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.error.startswith("Undoing stopped before the end")
    assert org.partners.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_living_import_beats_while_it_runs(org, admin, settings):
    settings.IMPORT_HEARTBEAT_SECONDS = 0.02  # often enough to be seen while the rows are planned
    rows = "Name,City\n" + "".join(f"Museum number {n},Lyon\n" for n in range(12_000))
    job = job_for(org, rows, created_by=admin, skip_invalid=True, status=ImportJob.Status.QUEUED)
    assert jobs.claim(job.pk)
    job.refresh_from_db()
    seen, stop = [], threading.Event()

    def watch():
        # Another connection, as the sweep and the result page have.
        try:
            while not stop.wait(0.005):
                seen.append(ImportJob.objects.values_list("status", "phase", "progress", "progress_at").get(pk=job.pk))
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        jobs.run_import(job)
    finally:
        stop.set()
        watcher.join()
    beats = [
        (phase, progress, at)
        for status, phase, progress, at in seen
        if status == ImportJob.Status.RUNNING and at > job.started_at
    ]
    assert beats and max(progress for _phase, progress, _at in beats) > 0
    if connection.vendor == "postgresql":
        # Beats land while the write transaction is open, not only between planned rows. (On SQLite that
        # transaction holds the whole database: the beats wait for it.)
        assert len({at for phase, _progress, at in beats if phase == ImportJob.Phase.WRITING}) >= 3
    assert job.status == ImportJob.Status.DONE and org.partners.count() == 12_000
