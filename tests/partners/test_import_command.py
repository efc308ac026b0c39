"""python manage.py import_partners: the same service as the wizard, one closing line, exit 1 on rejections."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from oeplanner.models import Role
from partners.importing.models import ImportJob, SavedMapping
from tests.factories import MembershipFactory

from .importing import DATA, partners_table_refusing_inserts


def import_partners(*args):
    """(exit status, stdout, stderr) of the command."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_partners", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


UNIVERSITIES = DATA / "world-universities-sample.csv"
NO_HEADER = ["--no-header", "--map", "country=1", "--map", "name=2", "--map", "website=3"]


def test_rejected_rows_stop_the_import_with_exit_status_1(org):
    status, out, err = import_partners(UNIVERSITIES, "--org", org.slug, *NO_HEADER)
    assert status == 1
    assert out.splitlines()[-1] == "created=0 updated=0 skipped=0 rejected=5"
    assert "line 108, Country: “AN” is not a country we know" in err
    assert "5 rows were rejected, so nothing was imported." in err
    assert not org.partners.exists()


def test_skip_invalid_imports_the_valid_rows_and_a_second_run_creates_nothing(org):
    status, out, _err = import_partners(UNIVERSITIES, "--org", org.slug, *NO_HEADER, "--skip-invalid")
    assert (status, out.splitlines()[-1]) == (0, "created=359 updated=0 skipped=3 rejected=5")
    status, out, _err = import_partners(
        UNIVERSITIES, "--org", org.slug, *NO_HEADER, "--skip-invalid", "--mode", "update"
    )
    assert out.splitlines()[-1] == "created=0 updated=0 skipped=362 rejected=5"
    assert org.partners.count() == 359
    job = ImportJob.objects.order_by("pk").first()
    assert (job.status, job.created_by, len(job.created_partner_ids)) == (ImportJob.Status.DONE, None, 359)


def test_dry_run_writes_nothing(org):
    status, out, _err = import_partners(
        DATA / "partners-with-contacts.csv", "--org", org.slug, "--dry-run", "--skip-invalid"
    )
    assert (status, out.splitlines()[-1]) == (0, "created=3 updated=0 skipped=1 rejected=1")
    assert not org.partners.exists() and not ImportJob.objects.exists()


def test_a_saved_mapping_and_column_names(org, admin):
    SavedMapping.objects.create(
        organization=org,
        name="universities",
        has_header=False,
        columns=[["", "country"], ["", "name"], ["", "website"]],
    )
    status, out, _err = import_partners(
        UNIVERSITIES,
        "--org",
        org.slug,
        "--no-header",
        "--mapping",
        "universities",
        "--skip-invalid",
        "--mode",
        "create",
    )
    assert out.splitlines()[-1] == "created=359 updated=0 skipped=3 rejected=5"
    status, out, _err = import_partners(
        DATA / "partners-windows-1252.csv", "--org", org.slug, "--map", "region=City", "--auto-map"
    )
    assert out.splitlines()[-1] == "created=3 updated=0 skipped=0 rejected=0"
    assert org.partners.get(name="Centre d’histoire de la Résistance").region == "Lyon"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--org", "nowhere"], "No organization with the short name 'nowhere'."),
        (["--org", "testland", "--map", "colour=1"], "--map 'colour=1': use FIELD=COLUMN with a field among name,"),
        (["--org", "testland", "--map", "name=Nope"], "--map 'name=Nope': no column 'Nope' in the file."),
        (["--org", "testland", "--mapping", "nope"], "No saved mapping named 'nope' in testland."),
    ],
)
def test_bad_arguments_say_what_is_wrong(org, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)").replace("|", r"\|")):
        call_command("import_partners", str(DATA / "partners-with-contacts.csv"), *args)


def test_the_command_and_the_wizard_give_the_same_result(org, other_org, admin, client_for):
    MembershipFactory(organization=other_org, user=admin, role=Role.ADMIN)
    import_partners(UNIVERSITIES, "--org", other_org.slug, *NO_HEADER, "--skip-invalid")

    client = client_for(admin)
    with open(UNIVERSITIES, "rb") as file:
        response = client.post(reverse("partner_import", args=[org.slug]), {"file": file})
    job = ImportJob.objects.get(organization=org)
    assert job.mapping == ["country", "name", "website"] and not job.has_header
    client.post(
        reverse("partner_import_options", args=[org.slug, job.pk]),
        {"default_stage": org.stages.first().pk, "mode": "skip"},
    )
    client.get(reverse("partner_import_preview", args=[org.slug, job.pk]))
    response = client.post(reverse("partner_import_preview", args=[org.slug, job.pk]), {"only_valid": "on"})
    assert response.status_code == 302

    def snapshot(organization):
        return sorted(organization.partners.values_list("name", "country", "website", "sector", "stage__name"))

    assert snapshot(org) == snapshot(other_org)
    assert len(snapshot(org)) == 359


def test_map_maps_only_the_columns_asked_for_unless_auto_map_is_given(org):
    status, out, err = import_partners(
        DATA / "partners-windows-1252.csv", "--org", org.slug, "--map", "name=Name", "--map", "region=City"
    )
    assert (status, out.splitlines()[-1]) == (0, "created=3 updated=0 skipped=0 rejected=0")
    assert "Columns: Name → name, City → region, Country → -, Website → -" in err
    partner = org.partners.get(name="Musée Gadagne")
    assert (partner.region, partner.city, partner.country.code, partner.website) == ("Lyon", "", "", "")

    status, out, err = import_partners(
        DATA / "partners-windows-1252.csv", "--org", org.slug, "--map", "region=City", "--auto-map", "--mode", "update"
    )
    assert "Columns: Name → name (auto), City → region, Country → country (auto), Website → website (auto)" in err
    assert out.splitlines()[-1] == "created=0 updated=3 skipped=0 rejected=0"
    partner.refresh_from_db()
    assert (partner.region, partner.city, partner.country.code) == ("Lyon", "", "FR")


def test_without_map_well_known_columns_are_mapped_and_marked_automatic(org):
    status, out, err = import_partners(DATA / "partners-windows-1252.csv", "--org", org.slug, "--dry-run")
    assert "Columns: Name → name (auto), City → city (auto), Country → country (auto), Website → website (auto)" in err


def test_the_help_says_what_map_and_auto_map_do():
    from partners.management.commands.import_partners import Command

    parser = Command().create_parser("manage.py", "import_partners")
    help_text = " ".join(parser.format_help().split())
    assert "only the columns given with --map are imported" in help_text
    assert "--auto-map" in help_text


def test_a_failed_write_reports_what_is_in_the_database_and_exits_non_zero(org):
    with partners_table_refusing_inserts():
        status, out, err = import_partners(UNIVERSITIES, "--org", org.slug, *NO_HEADER, "--skip-invalid")
    assert status == 1
    assert out.splitlines()[-1] == "created=0 updated=0 skipped=0 rejected=5"
    assert "The import failed on our side and nothing was imported." in err
    assert not org.partners.exists()
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.created_partner_ids) == (ImportJob.Status.FAILED, 0, [])
