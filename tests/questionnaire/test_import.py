"""Responses imported from a CSV file: encodings, clear errors, all or nothing."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from questionnaire.models import Answer, Response


def upload(client, round, content, name="results.csv"):
    url = reverse("round_import", kwargs={"org_slug": round.organization.slug, "round_pk": round.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")}, follow=True)


def test_staff_import_one_response_per_row(client_for, staff, round):
    content = b"respondent,Q1,Q2,Q2 comment,Q3\nAda,4,5,Great,dk\nBen,2,,,1\n"

    response = upload(client_for(staff), round, content)

    assert "2 responses were imported from results.csv." in response.content.decode()
    ada = Response.objects.get(label="Ada")
    assert ada.respondent is None and ada.is_submitted
    statements = [ri.statement_id for ri in round.round_statements.all()]
    assert sorted(ada.answers.values_list("statement_id", "score", "comment")) == sorted(
        [(statements[0], 4, ""), (statements[1], 5, "Great"), (statements[2], None, "")]
    )
    assert Response.objects.get(label="Ben").answers.count() == 2


def test_a_statement_column_may_be_its_text(client_for, staff, round):
    first = round.round_statements.first()
    content = f'"{first.text}"\n3\n'.encode()

    upload(client_for(staff), round, content)

    assert Answer.objects.get().statement_id == first.statement_id


def test_utf8_with_bom_semicolons_and_windows_1252_are_read(client_for, staff, round):
    client = client_for(staff)
    upload(client, round, "\ufeffrespondent;Q1\nJosé;4\n".encode("utf-8"), name="bom.csv")
    upload(client, round, "respondent,Q1,Q1 comment\nRené,5,très bien — oui\n".encode("cp1252"), name="win.csv")

    assert set(Response.objects.values_list("label", flat=True)) == {"José", "René"}
    assert Answer.objects.get(score=5).comment == "très bien — oui"


def test_a_workbook_is_read_like_the_partner_import_reads_one(client_for, staff, round):
    book = Workbook()
    for row in [["respondent", "Q1", "Q1 comment"], ["Ada", 4, "Clear"], ["Ben", "dk", None]]:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)

    upload(client_for(staff), round, content.getvalue(), name="results.xlsx")

    assert sorted(Answer.objects.values_list("response__label", "score", "comment")) == [
        ("Ada", 4, "Clear"),
        ("Ben", None, ""),
    ]


def test_an_error_names_the_line_of_the_file(client_for, staff, round):
    response = upload(client_for(staff), round, b"respondent,Q1\n\nAda,4\n\nBen,7\n")

    assert "Line 5, column “Q1”: “7” is not a score." in response.content.decode()


def test_an_unknown_statement_column_rejects_the_file(client_for, staff, round):
    response = upload(client_for(staff), round, b"respondent,Q1,Q99\nAda,4,4\n")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert "Column “Q99” matches no statement of this round." in page
    assert not Response.objects.exists()


def test_a_score_of_7_rejects_the_whole_file(client_for, staff, round):
    response = upload(client_for(staff), round, b"respondent,Q1,Q2\nAda,4,4\nBen,3,7\n")

    assert "Line 3, column “Q2”: “7” is not a score. Use 1 to 5, or “don&#x27;t know”." in response.content.decode()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_the_same_file_is_not_imported_twice(client_for, staff, round):
    client = client_for(staff)
    upload(client, round, b"Q1\n4\n")

    response = upload(client, round, b"Q1\n4\n")

    assert "This file was already imported into this round." in response.content.decode()
    assert Response.objects.count() == 1


def test_an_empty_file_or_a_file_without_answers_is_refused(client_for, staff, round):
    client = client_for(staff)

    assert "The submitted file is empty." in upload(client, round, b"").content.decode()
    assert "The file is empty." in upload(client, round, b"\n\n").content.decode()
    assert "No row of the file has any answer." in upload(client, round, b"Q1,Q2\n,\n").content.decode()
    assert not Response.objects.exists()


def test_volunteers_cannot_import(client_for, volunteer, round):
    assert upload(client_for(volunteer), round, b"Q1\n4\n").status_code == 403
    assert not Response.objects.exists()


def test_the_template_lists_the_round_columns(client_for, staff, round):
    url = reverse("round_import_template", kwargs={"org_slug": "testland", "round_pk": round.pk})

    content = client_for(staff).get(url).content.decode("utf-8-sig")

    assert content.startswith("respondent,Q1,Q1 comment,Q2,Q2 comment")


def test_the_import_limits_are_the_sites_import_settings(client_for, staff, round, settings):
    settings.IMPORT_MAX_ROWS = 2
    client = client_for(staff)

    response = upload(client, round, b"respondent,Q1\nAda,4\nBen,2\nCyd,3\n")

    assert "The file has more than 2 rows; at most 2 can be imported at once." in response.text
    assert not Response.objects.exists()

    settings.IMPORT_MAX_FILE_MB = 1
    response = upload(client, round, b"respondent,Q1\n" + b"Ada,4\n" * 200_000)

    assert "The file is 1.1 MB; files up to 1 MB can be imported." in response.text
    assert not Response.objects.exists()
