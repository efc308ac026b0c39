"""Outcomes from a Programs & Events Dashboard export: read by header name, replaced on re-import, all or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import dashboard_csv, services
from partnerships.models import DashboardImport, Metric, Outcome
from tests.factories import DATA, OutcomeFactory, PartnershipFactory

CAMPAIGN = (DATA / "dashboard-campaign.csv").read_bytes()
LATER = (DATA / "dashboard-program-later.csv").read_bytes()
HEADER = CAMPAIGN.decode().splitlines()[0]
WOMEN = "Musee_des_Confluences/Women_in_science_edit-a-thon_(2026)"
PHOTO = "Bibliotheque_municipale_de_Lyon/Photo_walk_Lyon_(2026)"


def csv_with(*rows, header=HEADER):
    return "\n".join([header, *rows]).encode()


def good_row(slug="Some/Program", articles_created="9"):
    return (
        f"{slug},A program,An institution,2026,fr.wikipedia.org,2026-02-10 09:12:44 UTC,2026-03-01 00:00:00 UTC,"
        f"2026-03-31 23:59:59 UTC,new,18,11,42,{articles_created},58210,133,611,480,12,119,20544,37,14,22,"
    )


# --- Reading the file --------------------------------------------------------------------------------


def test_it_reads_the_campaign_export_by_header_name_and_skips_the_total_row():
    parsed = dashboard_csv.read(CAMPAIGN)

    assert parsed.errors == []
    assert [row.slug for row in parsed.rows] == [WOMEN, PHOTO]
    first = parsed.rows[0]
    assert first.values == {
        Metric.ARTICLES_CREATED: 9,
        Metric.ARTICLES_IMPROVED: 42,
        Metric.FILES_UPLOADED: 37,
        Metric.FILES_USED: 14,
        Metric.PARTICIPANTS: 18,
        Metric.NEW_EDITORS: 11,
    }
    assert first.ends_on == date(2026, 3, 31)
    assert parsed.notes == ["Line 4 is the export's Total row; it was skipped."]


def test_it_reads_a_program_export_with_per_wiki_columns_and_columns_in_another_order():
    parsed = dashboard_csv.read(LATER)
    assert parsed.errors == []
    assert parsed.rows[0].values[Metric.ARTICLES_CREATED] == 13

    columns = HEADER.split(",")
    values = good_row().split(",")
    shuffled = list(reversed(range(len(columns))))
    text = ",".join(columns[i] for i in shuffled) + "\n" + ",".join(values[i] for i in shuffled)
    (row,) = dashboard_csv.read(text.encode()).rows
    assert row.values[Metric.ARTICLES_CREATED] == 9 and row.values[Metric.PARTICIPANTS] == 18


def test_it_refuses_a_file_that_is_not_a_dashboard_export():
    for data in [b"Name,City,Website\nMusee,Lyon,https://example.org\n", b"\x89PNG\r\n\x1a\n\x00\x00", b""]:
        parsed = dashboard_csv.read(data)
        assert parsed.rows == []
        assert parsed.errors == [
            "This file is not a Programs & Events Dashboard export: download the CSV from the program's or the "
            "campaign's page on the Dashboard and upload it as it is."
        ]


def test_it_names_the_missing_required_columns():
    header = HEADER.replace("articles_created,", "").replace("upload_count,", "")
    parsed = dashboard_csv.read(csv_with(header=header))
    assert parsed.errors == [
        "The file lacks the column(s) articles_created, upload_count, which a Dashboard export always has."
    ]


def test_it_refuses_a_non_number_with_its_line_and_column():
    parsed = dashboard_csv.read(csv_with(good_row(), good_row("Other/Program", articles_created="lots")))
    assert parsed.errors == ["Line 3: articles_created is “lots”, not a whole number."]


def test_it_refuses_a_negative_count():
    parsed = dashboard_csv.read(csv_with(good_row(articles_created="-3")))
    assert parsed.errors == ["Line 2: articles_created is -3; a count cannot be negative."]


def test_it_refuses_the_same_program_twice():
    parsed = dashboard_csv.read(csv_with(good_row(), good_row("Other/Program"), good_row()))
    assert parsed.errors == ["Line 4: program “Some/Program” is already on line 2; keep one row per program."]


def test_an_empty_training_completion_rate_is_fine_and_unknown_columns_are_ignored():
    header = HEADER + ",something_new"
    (row,) = dashboard_csv.read(csv_with(good_row() + ",whatever", header=header)).rows
    assert row.slug == "Some/Program"


def test_the_file_is_held_to_the_import_limits_of_every_import(settings):
    settings.IMPORT_MAX_ROWS = 2
    parsed = dashboard_csv.read(csv_with(good_row("A/One"), good_row("A/Two"), good_row("A/Three")))
    assert parsed.errors == [
        "The file has more than 2 rows; at most 2 can be imported at once. Split it into smaller files."
    ]

    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELL_CHARS = 100, 40
    parsed = dashboard_csv.read(csv_with(good_row("A/" + "long" * 20)))
    assert parsed.errors == [
        "Line 2, column 1 holds more than 40 characters, more than a partner field can take: the file cannot be "
        "imported. Is it the right file?"
    ]


# --- Writing outcomes --------------------------------------------------------------------------------


@pytest.fixture
def partnerships(org):
    women = PartnershipFactory(partner__organization=org, name="Women in science")
    photo = PartnershipFactory(partner__organization=org, name="Photo walk")
    return women, photo


def import_file(org, data, chosen, user=None):
    job = DashboardImport.objects.create(organization=org, file_name="export.csv", file_data=data)
    return services.apply_import(job, dashboard_csv.read(data).rows, chosen, by=user)


def imported(partnership):
    return dict(partnership.outcomes.filter(source="imported").values_list("metric", "value"))


def test_a_later_export_replaces_the_figures_and_the_same_file_again_changes_nothing(org, partnerships):
    women, photo = partnerships
    first = import_file(org, CAMPAIGN, {WOMEN: women, PHOTO: photo})
    assert (first.created, first.replaced, first.unchanged) == (12, 0, 0)
    assert imported(women)[Metric.ARTICLES_CREATED] == 9

    later = import_file(org, LATER, {WOMEN: women})
    assert (later.created, later.replaced, later.unchanged) == (0, 6, 0)
    assert imported(women) == {
        "articles_created": 13,
        "articles_improved": 51,
        "files_uploaded": 40,
        "files_used": 17,
        "participants": 21,
        "new_editors": 12,
    }

    again = import_file(org, LATER, {WOMEN: women})
    assert (again.created, again.replaced, again.unchanged) == (0, 0, 6)
    assert Outcome.objects.filter(partnership=women).count() == 6
    assert imported(photo)[Metric.FILES_UPLOADED] == 64


def test_hand_recorded_outcomes_stay_beside_imported_ones(org, partnerships):
    women, _photo = partnerships
    OutcomeFactory(partnership=women, metric="articles_created", value=2)
    import_file(org, LATER, {WOMEN: women})
    (result,) = services.evaluate([women], org)
    assert Outcome.objects.filter(partnership=women, metric="articles_created").count() == 2
    assert result.other_outcomes[0][:2] == ("Articles created", 15)


def test_a_program_matched_to_no_partnership_imports_nothing(org, partnerships):
    women, _photo = partnerships
    with pytest.raises(services.ImportRefused) as refusal:
        import_file(org, CAMPAIGN, {WOMEN: women, PHOTO: None})
    assert refusal.value.messages == [f"Line 3 (program “{PHOTO}”): choose the partnership this program belongs to."]
    assert not Outcome.objects.exists()


def test_it_refuses_another_organizations_partnership(org, other_org, partnerships):
    women, _photo = partnerships
    foreign = PartnershipFactory(partner__organization=other_org)
    with pytest.raises(services.ImportRefused):
        import_file(org, CAMPAIGN, {WOMEN: women, PHOTO: foreign})
    assert not Outcome.objects.exists()


# --- The pages ---------------------------------------------------------------------------------------


def upload(client, org, data, name="export.csv"):
    url = reverse("dashboard_import", kwargs={"org_slug": org.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_staff_upload_preview_then_confirm(client_for, staff, org, partnerships):
    women, photo = partnerships
    client = client_for(staff)
    response = upload(client, org, CAMPAIGN)
    assert response.status_code == 302
    preview_url = response["Location"]

    page = client.get(preview_url).content.decode()
    assert "Line 4 is the export&#x27;s Total row; it was skipped." in page
    assert "Choose a partnership…" in page
    assert not Outcome.objects.exists()

    choices = {"line-2": women.pk, "line-3": photo.pk}
    # Confirming choices that were not previewed shows the preview again first.
    response = client.post(preview_url, {**choices, "previewed": "2:,3:", "action": "import"})
    assert "check the preview below" in response.content.decode()
    assert not Outcome.objects.exists()

    response = client.post(preview_url, {**choices, "action": "preview"})
    page = response.content.decode()
    assert "12 figures will change." in page
    response = client.post(preview_url, {**choices, "previewed": f"2:{women.pk},3:{photo.pk}", "action": "import"})
    assert response.status_code == 302
    assert Outcome.objects.filter(source="imported").count() == 12

    # The later export of the same program is matched by its slug and replaces the figures.
    later_url = upload(client, org, LATER)["Location"]
    page = client.get(later_url).content.decode()
    assert f'value="{women.pk}" selected' in page
    assert "9 → 13" in page
    client.post(later_url, {"line-2": women.pk, "previewed": f"2:{women.pk}", "action": "import"})
    assert imported(women)[Metric.ARTICLES_CREATED] == 13
    assert Outcome.objects.filter(source="imported").count() == 12


def test_an_unmatched_row_is_named_and_nothing_is_imported(client_for, staff, org, partnerships):
    women, _photo = partnerships
    client = client_for(staff)
    url = upload(client, org, CAMPAIGN)["Location"]
    response = client.post(url, {"line-2": women.pk, "previewed": f"2:{women.pk},3:", "action": "import"})
    assert response.status_code == 200
    assert "choose the partnership this program belongs to" in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_partnership_of_another_organization_cannot_be_chosen(client_for, staff, org, other_org, partnerships):
    women, _photo = partnerships
    foreign = PartnershipFactory(partner__organization=other_org)
    client = client_for(staff)
    url = upload(client, org, CAMPAIGN)["Location"]
    choices = {"line-2": women.pk, "line-3": foreign.pk}
    response = client.post(url, {**choices, "previewed": f"2:{women.pk},3:{foreign.pk}", "action": "import"})
    assert "Line 3: that partnership is not one of this organization&#x27;s." in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_bad_file_is_refused_at_upload_with_every_reason(client_for, staff, org):
    data = csv_with(good_row(articles_created="n/a"), good_row("Other/Program", articles_created="x"))
    response = upload(client_for(staff), org, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: articles_created is “n/a”, not a whole number." in page
    assert "Line 3: articles_created is “x”, not a whole number." in page
    assert not DashboardImport.objects.exists()


def test_volunteers_cannot_import(client_for, volunteer, org):
    assert upload(client_for(volunteer), org, CAMPAIGN).status_code == 403
