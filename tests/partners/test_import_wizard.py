"""The import wizard: who may use it, each step, the preview that writes nothing, background jobs, undo."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.importing.models import ImportJob, ImportSettings, SavedMapping
from partners.models import Partner

from .importing import data_file, job_for, partners_table_refusing_inserts

CSV = (
    "Name,City,Website,Contact e-mail,Owner,Organization\n"
    "Musée Gadagne,Lyon,https://www.gadagne-lyon.fr/,xavier@gadagne.example,mallory,elsewhere\n"
    "Musée des Beaux-Arts,Lyon,not a website,,,\n"
    "Musée Lumière,Lyon,https://www.institut-lumiere.org/,,,\n"
)


def url(name, org, job=None):
    return reverse(name, args=[org.slug] + ([job.pk] if job else []))


def upload(client, org, content=CSV, name="partners.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(url("partner_import", org), {"file": SimpleUploadedFile(name, content)})


def test_volunteers_and_staff_may_not_import_unless_the_organization_allows_staff(
    client_for, org, volunteer, staff, admin
):
    assert client_for(volunteer).get(url("partner_import", org)).status_code == 403
    response = client_for(staff).get(url("partner_import", org))
    assert response.status_code == 403
    assert "an admin can let staff import too" in response.content.decode()

    client = client_for(admin)
    response = client.post(url("partner_import_settings", org), {"staff_may_import": "on"}, follow=True)
    assert "Staff members can now import partners." in response.content.decode()
    assert ImportSettings.objects.get(organization=org).staff_may_import
    assert client_for(staff).get(url("partner_import", org)).status_code == 200
    assert client_for(staff).post(url("partner_import_settings", org), {}).status_code == 403


def test_the_upload_keeps_the_file_until_the_import_ends_and_maps_known_columns(client_for, org, admin):
    client = client_for(admin)
    response = upload(client, org)
    job = ImportJob.objects.get()
    assert response.url == url("partner_import_map", org, job)
    stored = job.upload.name
    assert job.upload.storage.exists(stored) and job.read_upload() == CSV.encode()
    assert "file_data" not in {field.name for field in ImportJob._meta.get_fields()}, "not in the job's row"
    assert job.mapping == ["name", "city", "website", "contact_email", "", ""]
    assert "_import" not in "".join(client.session.keys())

    page = client.get(response.url).content.decode()
    assert "Musée Gadagne" in page and "Musée des Beaux-Arts" in page  # two sample values
    assert "Musée Lumière" not in page
    assert '<option value="contact_email" selected>' in page
    assert 'value="owner"' in page, "an admin may map the owner deliberately"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.csv", "The submitted file is empty."),
        (b"Name,City\n", "header.csv", "The file has a header row but no rows of data."),
        (bytes(range(256)) * 20, "garbage.csv", "This file is not a CSV or XLSX file: it contains binary data."),
        (b"Name\nA\n", "list.pdf", "Choose a .csv or .xlsx file; “list.pdf” is neither."),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_the_reason(client_for, org, admin, content, name, message):
    response = upload(client_for(admin), org, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, org, admin, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    response = upload(client_for(admin), org, b"Name\n" + b"x" * 1_200_000)
    assert "files up to 1 MB can be imported" in response.content.decode()


def test_the_mapping_needs_a_name_column_and_can_be_saved_and_reused(client_for, org, admin):
    client = client_for(admin)
    job = job_for(org, CSV, created_by=admin)
    response = client.post(
        url("partner_import_map", org, job), {"has_header": "on", "column_0": "", "column_1": "city", "column_1b": ""}
    )
    assert "Map one column to Name: every partner needs a name." in response.content.decode()
    response = client.post(
        url("partner_import_map", org, job),
        {"has_header": "on", "column_0": "name", "column_1": "city", "column_2": "city"},
    )
    assert "City is mapped to more than one column; keep one." in response.content.decode()

    response = client.post(
        url("partner_import_map", org, job),
        {"has_header": "on", "column_0": "name", "column_1": "region", "save_as": "Museum list"},
    )
    assert response.url == url("partner_import_options", org, job)
    saved = SavedMapping.objects.get(organization=org, name="Museum list")
    assert saved.columns[:3] == [["Name", "name"], ["City", "region"], ["Website", ""]]

    other = job_for(org, CSV, created_by=admin)
    page = client.get(url("partner_import_map", org, other), {"mapping": saved.pk}).content.decode()
    assert "The saved mapping “Museum list” is applied" in page
    assert '<option value="region" selected>' in page


def test_unticking_the_header_reads_the_columns_again(client_for, org, admin):
    client = client_for(admin)
    job = job_for(org, data_file("world-universities-sample.csv"), name="u.csv")
    assert not job.has_header and job.mapping == ["country", "name", "website"]
    client.post(url("partner_import_map", org, job), {"has_header": "on"})
    job.refresh_from_db()
    assert job.has_header and job.row_count == 366


def test_staff_cannot_map_the_owner(client_for, org, staff):
    ImportSettings.objects.create(organization=org, staff_may_import=True)
    client = client_for(staff)
    job = job_for(org, CSV, created_by=staff)
    page = client.get(url("partner_import_map", org, job)).content.decode()
    assert 'value="owner"' not in page
    response = client.post(
        url("partner_import_map", org, job), {"has_header": "on", "column_0": "name", "column_4": "owner"}
    )
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()


def test_the_preview_counts_and_shows_rows_and_rejections_but_writes_nothing(
    client_for, org, admin, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    job = job_for(org, CSV, created_by=admin)
    client.post(url("partner_import_options", org, job), {"default_stage": org.stages.first().pk, "mode": "update"})
    response = client.get(url("partner_import_preview", org, job))
    page = response.content.decode()
    assert not Partner.objects.exists()
    assert 'id="count-created">2<' in page and 'id="count-rejected">1<' in page
    assert "Musée Lumière" in page
    assert "<td>3</td><td>Website</td><td>“not a website” is not a web address.</td>" in page

    response = client.post(url("partner_import_preview", org, job))
    assert "Some rows are rejected. Fix them in the file and upload it again" in response.content.decode()
    assert not Partner.objects.exists()

    response = client.get(url("partner_import_rejected", org, job))
    assert response["Content-Disposition"] == 'attachment; filename="partners-rejected.csv"'
    assert "“not a website” is not a web address." in response.content.decode()

    stored = job.upload.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("partner_import_preview", org, job), {"only_valid": "on"})
    job.refresh_from_db()
    assert response.url == url("partner_import_result", org, job)
    assert job.status == ImportJob.Status.DONE
    assert sorted(org.partners.values_list("name", flat=True)) == ["Musée Gadagne", "Musée Lumière"]
    assert not org.partners.exclude(owner=None).exists()

    page = client.get(response.url).content.decode()
    assert 'id="count-created">2<' in page and "Undo this import" in page
    assert not job.upload and not ImportJob.upload.field.storage.exists(stored), "the file is deleted"
    assert client.get(url("partner_import_preview", org, job)).url == url("partner_import_result", org, job)


def test_a_large_file_runs_in_the_background_with_a_progress_bar(
    client_for, org, admin, settings, eager_celery, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client = client_for(admin)
    job = job_for(org, data_file("world-universities-sample.csv"), name="universities.csv", created_by=admin)
    client.get(url("partner_import_preview", org, job))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("partner_import_preview", org, job), {"only_valid": "on"}, follow=True)
    page = response.content.decode()
    assert "The import runs in the background" in page
    assert '<progress id="import-progress"' in page and 'http-equiv="refresh"' in page
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.rejected_count) == (ImportJob.Status.DONE, 359, 5)
    page = client.get(url("partner_import_result", org, job)).content.decode()
    assert "<progress" not in page and 'id="count-created">359<' in page


def test_undo_from_the_result_page(client_for, org, admin):
    client = client_for(admin)
    job = job_for(org, "Name\nMusée Gadagne\n", created_by=admin)
    client.get(url("partner_import_preview", org, job))
    client.post(url("partner_import_preview", org, job))
    assert org.partners.count() == 1
    page = client.get(url("partner_import_undo", org, job)).content.decode()
    assert "1 partner it created is removed" in page
    response = client.post(url("partner_import_undo", org, job), follow=True)
    assert "The import of partners.csv was undone." in response.content.decode()
    assert not org.partners.exists()
    response = client.post(url("partner_import_undo", org, job), follow=True)
    assert "Only a finished import can be undone." in response.content.decode()


def test_the_past_imports_list_and_the_admin_link_to_the_wizard(client_for, org, admin):
    client = client_for(admin)

    def import_one():
        job = job_for(org, "Name\nMusée Gadagne\n", created_by=admin)
        client.get(url("partner_import_preview", org, job))
        client.post(url("partner_import_preview", org, job))

    def queries_of_the_list():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url("partner_import", org)).content.decode()
        return len(queries), page

    import_one()
    few, page = queries_of_the_list()
    for _ in range(4):
        import_one()
    many, page = queries_of_the_list()
    assert few == many
    assert page.count("partners.csv</a>") == 5
    assert str(admin) in page

    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert f'href="{url("partner_import", org)}"' in page
    assert "Import partners into Wikimedia Testland" in page


def test_a_large_import_is_undone_in_the_background(
    client_for, org, admin, settings, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    job = job_for(org, "Name\nMusée Gadagne\nMusée des Beaux-Arts\n", created_by=admin)
    client.get(url("partner_import_preview", org, job))
    client.post(url("partner_import_preview", org, job))
    settings.IMPORT_BACKGROUND_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("partner_import_undo", org, job), follow=True)
    assert "The import is being undone in the background" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UNDONE and not org.partners.exists()


def test_files_uploaded_and_never_imported_are_not_kept(client_for, org, admin, django_capture_on_commit_callbacks):
    abandoned = job_for(org, CSV, created_by=admin)
    ImportJob.objects.filter(pk=abandoned.pk).update(created_at=timezone.now() - timedelta(days=3))
    recent = job_for(org, CSV, created_by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(admin), org)
    assert ImportJob.objects.count() == 2
    assert not ImportJob.objects.filter(pk=abandoned.pk).exists()
    assert not abandoned.upload.storage.exists(abandoned.upload.name)
    assert ImportJob.objects.filter(pk=recent.pk).exists()
    assert recent.upload.storage.exists(recent.upload.name)


def test_a_failed_write_shows_the_error_and_no_counts(client_for, org, admin):
    client = client_for(admin)
    job = job_for(org, CSV, created_by=admin)
    client.get(url("partner_import_preview", org, job))
    with partners_table_refusing_inserts():
        response = client.post(url("partner_import_preview", org, job), {"only_valid": "on"}, follow=True)
    page = response.content.decode()
    assert "Failed: nothing was imported" in page
    assert "The import failed on our side and nothing was imported." in page
    assert 'id="count-created"' not in page and "Undo this import" not in page
    job.refresh_from_db()
    assert (job.created_count, job.contacts_count) == (0, 0) and not org.partners.exists()
