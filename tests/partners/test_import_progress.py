"""A running import shows what it is doing — reading, comparing, writing — each with its own count, and
every count is written with the thousands separators of the member's language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.importing import jobs, planning
from partners.importing.models import ImportJob
from partners.importing.writing import write_plan

from .importing import data_file, job_for


def result_url(job):
    return reverse("partner_import_result", kwargs={"org_slug": job.organization.slug, "import_pk": job.pk})


def test_the_phases_come_in_order_and_writing_counts_the_partners_written(org, admin, monkeypatch):
    monkeypatch.setattr(planning, "PROGRESS_EVERY", 100)
    job = job_for(org, data_file("world-universities-sample.csv"), mode=ImportJob.Mode.UPDATE, created_by=admin)
    heard = []

    def progress(count, phase):
        heard.append((phase, count))

    plan = planning.plan_import(job, progress=progress)
    write_plan(plan, job, admin.pk, progress=progress)

    phases = list(dict.fromkeys(phase for phase, _count in heard))
    assert phases == ["reading", "checking", "writing"]
    read = [count for phase, count in heard if phase == "reading"]
    assert read == [100, 200, 300]
    written = [count for phase, count in heard if phase == "writing"]
    assert written[-1] == plan.created_count + plan.updated_count == org.partners.count() == 359


@pytest.fixture
def running(org, admin):
    return job_for(org, "Name\nMusée Gadagne\n", created_by=admin, status=ImportJob.Status.RUNNING, row_count=12345)


def test_while_reading_the_page_counts_rows_with_thousands_separators(client_for, admin, running):
    running.phase, running.progress = ImportJob.Phase.READING, 4000
    running.save()
    page = client_for(admin).get(result_url(running)).text
    assert "Step: Reading and checking the rows" in page
    assert "4,000 of 12,345 rows read" in page
    assert '<progress id="import-progress" class="w-100" max="12345" value="4000">32%</progress>' in page


def test_while_comparing_the_page_does_not_claim_a_count(client_for, admin, running):
    running.phase, running.progress = ImportJob.Phase.CHECKING, 0
    running.save()
    page = client_for(admin).get(result_url(running)).text
    assert "Step: Comparing with the partners already here" in page
    assert "rows read" not in page and '<progress id="import-progress" class="w-100"></progress>' in page


def test_while_writing_the_page_counts_partners_written_not_rows_read(client_for, admin, running):
    running.phase, running.progress = ImportJob.Phase.WRITING, 6000
    running.created_count, running.updated_count = 9000, 3000
    running.save()
    page = client_for(admin).get(result_url(running)).text
    assert "Step: Writing the partners" in page
    assert "6,000 of 12,000 partners written" in page
    assert 'max="12000" value="6000">50%</progress>' in page
    assert "rows read" not in page


def test_finished_counts_have_thousands_separators(client_for, admin, running):
    running.status, running.phase = ImportJob.Status.DONE, ""
    running.created_count, running.updated_count, running.skipped_count = 12000, 1500, 345
    running.contacts_count = 2500
    running.save()
    page = client_for(admin).get(result_url(running)).text
    assert 'id="count-created">12,000<' in page and 'id="count-updated">1,500<' in page
    assert "2,500 contacts added." in page
    undo = reverse("partner_import_undo", kwargs={"org_slug": running.organization.slug, "import_pk": running.pk})
    assert "12,000 partners it created are removed" in client_for(admin).get(undo).text


def queued_since(org, admin, seconds_ago):
    job = job_for(org, "Name\nMusée Gadagne\n", created_by=admin, status=ImportJob.Status.QUEUED, row_count=9363)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(seconds=seconds_ago),
        progress_at=timezone.now() - timedelta(seconds=seconds_ago),
    )
    return job


def test_an_import_no_worker_takes_says_the_worker_may_not_run_and_can_be_cancelled(client_for, admin, org):
    job = queued_since(org, admin, 600)
    client = client_for(admin)
    page = client.get(result_url(job)).text
    assert "has not started yet" in page
    assert "background worker may not be running" in page
    assert "celery -A oeplanner worker" in page
    assert "Cancel this import" in page

    page = client.post(reverse("partner_import_cancel", args=[org.slug, job.pk]), follow=True).text
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "You cancelled this import; nothing was imported." in page
    assert not jobs.claim(job.pk)  # a worker that starts later leaves it alone


def test_a_freshly_queued_import_just_waits(client_for, admin, org):
    job = queued_since(org, admin, 1)
    page = client_for(admin).get(result_url(job)).text
    assert "Waiting for a worker to start the import." in page
    assert "background worker may not be running" not in page


def test_only_a_waiting_import_can_be_cancelled(client_for, admin, running):
    page = (
        client_for(admin)
        .post(reverse("partner_import_cancel", args=[running.organization.slug, running.pk]), follow=True)
        .text
    )
    running.refresh_from_db()
    assert running.status == ImportJob.Status.RUNNING
    assert "This import has started already" in page
