"""Hostile and broken files: decompression bombs, entity declarations, damaged XML, thousands of columns, huge cells.
Each is refused with a clear message, before anything is stored, in bounded memory."""

import html
import io
import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from oeplanner.spreadsheets import FileRefused, SpreadsheetFile
from partners.importing import source
from partners.importing.models import ImportJob
from tests.workers import ROOT, database_url

from .importing import BILLION_LAUGHS, inline_row, workbook_bytes, write_bomb


def refused(content, name="partners.xlsx"):
    with pytest.raises(FileRefused) as error:
        source.inspect_file(content, name)
    return str(error.value)


def upload(client, org, content, name):
    return client.post(reverse("partner_import", args=[org.slug]), {"file": SimpleUploadedFile(name, content)})


# Workbooks that must still be read as before.


def test_a_workbook_keeps_its_values_dates_and_numbers():
    book = Workbook()
    book.active.append(["Name", "Founded", "Visitors", "Rating", "Open", "Updated"])
    book.active.append(["Musée Gadagne", date(1921, 5, 3), 3, 4.5, True, datetime(2024, 1, 2, 10, 30)])
    book.active.append([])
    book.active.append(["Musée Lumière", None, None, None, False])
    book.create_sheet("Second").append(["Not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = list(SpreadsheetFile(buffer.getvalue(), "p.xlsx").rows())
    assert rows == [
        (1, ["Name", "Founded", "Visitors", "Rating", "Open", "Updated"]),
        (2, ["Musée Gadagne", "1921-05-03", "3", "4.5", "yes", "2024-01-02T10:30:00"]),
        (4, ["Musée Lumière", "", "", "", "no"]),
    ]


def test_a_hand_written_workbook_with_inline_and_rich_text_and_no_cell_references():
    sheet = (
        inline_row(1, "Name", "City")
        + '<row><c t="inlineStr"><is><r><t>Musée </t></r><r><t>Gadagne</t></r><rPh><t>ガ</t></rPh></is></c>'
        '<c t="s"><v>0</v></c></row><row r="7"><c r="B7" t="str"><f>A1</f><v>Lyon</v></c></row>'
    )
    content = workbook_bytes(sheet, shared_strings="<si><t>Lyon</t></si>")
    rows = list(SpreadsheetFile(content, "p.xlsx").rows())
    assert rows == [(1, ["Name", "City"]), (2, ["Musée Gadagne", "Lyon"]), (7, ["", "Lyon"])]


def test_the_sheet_s_own_dimension_is_not_trusted(settings):
    rows = "".join(inline_row(n, f"Museum {n}") for n in range(1, 8))
    content = workbook_bytes(inline_row(1, "Name") + rows.replace(inline_row(1, "Museum 1"), ""), dimension="A1:A2")
    assert source.inspect_file(content, "p.xlsx")["row_count"] == 6
    settings.IMPORT_MAX_ROWS = 3
    assert refused(content) == (
        "The file has more than 3 rows; at most 3 can be imported at once. Split it into smaller files."
    )


# Decompression bombs and huge cells.


def test_a_cell_over_the_limit_is_refused_while_reading(settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    message = (
        "Line 2, column 1 holds more than 1000 characters, more than a partner field can take: "
        "the file cannot be imported. Is it the right file?"
    )
    assert refused(workbook_bytes(inline_row(1, "Name") + inline_row(2, "A" * 1001))) == message
    shared = workbook_bytes(
        inline_row(1, "Name") + '<row r="2"><c t="s"><v>0</v></c></row>',
        shared_strings=(f"<si><t>{'A' * 5000}</t></si>"),
    )
    assert refused(shared) == message
    assert refused(("Name\n" + "A" * 1001 + "\n").encode(), "p.csv") == message
    assert refused(("Name\n" + "A" * 200_000 + "\n").encode(), "p.csv") == message.replace(
        "Line 2, column 1 holds more than 1000 characters", "Line 2 holds a cell of more than 1000 characters"
    )


def test_a_long_string_the_sheet_does_not_use_is_not_held_against_it(settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    content = workbook_bytes(
        inline_row(1, "Name") + '<row r="2"><c t="s"><v>1</v></c></row>',
        shared_strings=f"<si><t>{'A' * 5000}</t></si><si><t>Musée Gadagne</t></si>",
    )
    assert source.inspect_file(content, "p.xlsx")["first_rows"] == [["Name"], ["Musée Gadagne"]]


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(settings):
    settings.IMPORT_MAX_EXPANDED_MB = 1
    rows = "".join(inline_row(n, f"Museum number {n}", "Lyon", "France") for n in range(1, 20_000))
    content = workbook_bytes(inline_row(1, "Name") + rows)
    assert len(content) < 300_000
    assert refused(content) == (
        "This Excel file unpacks to more than 1 MB; files up to 1 MB unpacked can be imported. "
        "Split it into smaller files."
    )


def test_samples_are_stored_and_shown_truncated(client_for, org, admin):
    long_text = "Ж" * 20_000
    response = upload(client_for(admin), org, f"Name,Description\nMusée Gadagne,{long_text}\n".encode(), "p.csv")
    job = ImportJob.objects.get()
    assert len(job.first_rows[1][1]) <= 201 and job.first_rows[1][1].endswith("…")
    page = client_for(admin).get(response.url).content.decode()
    assert page.count("Ж") <= 200


BOMB_REFUSALS = {
    # Over the unpacked limit (200 MB): refused on the zip's declared size, and on the bytes actually read.
    300: "This Excel file unpacks to more than 200 MB; files up to 200 MB unpacked can be imported.",
    # Under it: the cell is refused after its first 32,767 characters.
    150: "Line 2, column 1 holds more than 32767 characters",
}


@pytest.mark.parametrize("cell_mb", BOMB_REFUSALS)
def test_a_huge_cell_is_refused_by_the_command_in_bounded_memory(cell_mb, tmp_path, transactional_db):
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(slug="bomb")
    bomb = write_bomb(tmp_path / "bomb.xlsx", cell_mb=cell_mb)
    assert bomb.stat().st_size < 1_000_000
    # A parent of its own, so that the peak memory read is that of the command alone; the address space is
    # capped so that a regression fails this test instead of exhausting the machine.
    measure = (
        "import resource, subprocess, sys\n"
        "limit = 2 * 1024 ** 3\n"
        "run = subprocess.run(sys.argv[1:], capture_output=True, text=True,"
        " preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))\n"
        "print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(run.stderr)\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PYTEST_CURRENT_TEST"}},
        "DJANGO_SETTINGS_MODULE": "oeplanner.settings.test",
        "DATABASE_URL": database_url(),
    }
    command = [sys.executable, "manage.py", "import_partners", str(bomb), "--org", org.slug]
    result = subprocess.run(
        [sys.executable, "-c", measure, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    status, max_rss_kb = map(int, result.stdout.split())
    assert status == 1
    assert BOMB_REFUSALS[cell_mb] in result.stderr
    assert "Traceback" not in result.stderr
    assert max_rss_kb < 250 * 1024, f"peak memory {max_rss_kb // 1024} MB"
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("cell_mb", BOMB_REFUSALS)
def test_a_huge_cell_is_refused_by_the_wizard(cell_mb, tmp_path, client_for, org, admin):
    bomb = write_bomb(tmp_path / "bomb.xlsx", cell_mb=cell_mb)
    response = upload(client_for(admin), org, bomb.read_bytes(), "bomb.xlsx")
    assert response.status_code == 200
    assert BOMB_REFUSALS[cell_mb] in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()


# Malformed XML and entity declarations.

DAMAGED = workbook_bytes(inline_row(1, "Name") + "<row r='2'><c t='inlineStr'><is><t>Musée</is></c></row>")
LAUGHS_IN_SHEET = workbook_bytes(inline_row(1, "Name") + inline_row(2, "&lol9;"), prologue=BILLION_LAUGHS)
LAUGHS_IN_STRINGS = workbook_bytes(
    inline_row(1, "Name") + '<row r="2"><c t="s"><v>0</v></c></row>',
    shared_strings="<si><t>&lol9;</t></si>",
    prologue=BILLION_LAUGHS,
)
DAMAGED_MESSAGE = "This Excel file could not be read: its content is damaged (xl/worksheets/sheet1.xml, line 1)."
DECLARATION_MESSAGE = (
    "This Excel file declares its own XML entities, which spreadsheet programs never do: it is refused for safety."
)


@pytest.mark.parametrize(
    "content, message",
    [(DAMAGED, DAMAGED_MESSAGE), (LAUGHS_IN_SHEET, DECLARATION_MESSAGE), (LAUGHS_IN_STRINGS, DECLARATION_MESSAGE)],
)
def test_malformed_workbooks_are_refused_by_the_wizard_and_the_command(
    content, message, client_for, org, admin, tmp_path
):
    response = upload(client_for(admin), org, content, "partners.xlsx")
    assert response.status_code == 200
    assert message in response.content.decode()
    path = tmp_path / "partners.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_partners", str(path), "--org", org.slug)
    assert not ImportJob.objects.exists()


# Thousands of columns.


def test_a_file_over_the_column_limit_is_refused_before_the_mapping(client_for, org, admin):
    header = ",".join(f"Column {n}" for n in range(5000))
    content = f"Name,{header}\nMusée Gadagne,{',' * 4999}x\n".encode()
    response = upload(client_for(admin), org, content, "wide.csv")
    page = html.unescape(response.content.decode())
    assert "Line 1 has 5001 columns; at most 200 can be imported. Delete the columns you don't need" in page
    assert "At most 20 MB, 100000 rows and 200 columns." in page, "the limits are said before the upload"
    assert len(page) < 100_000
    assert not ImportJob.objects.exists()
    wide_sheet = inline_row(1, "Name") + '<row r="2"><c r="A2" t="inlineStr"><is><t>Musée</t></is></c>'
    wide_sheet += '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'
    assert refused(workbook_bytes(wide_sheet)) == (
        "Line 2 has 16384 columns; at most 200 can be imported. Delete the columns you don't need and upload "
        "the file again."
    )


def test_empty_columns_at_the_end_of_rows_do_not_count():
    content = ("Name" + "," * 3000 + "\nMusée Gadagne" + "," * 3000 + "\n").encode()
    assert source.inspect_file(content, "p.csv")["column_count"] == 1


def test_the_mapping_of_the_widest_file_allowed_can_be_submitted(client_for, org, admin):
    width = settings.IMPORT_MAX_COLUMNS
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= width + 10
    header = ",".join(["Name"] + [f"Extra {n}" for n in range(1, width)])
    client = client_for(admin)
    response = upload(client, org, f"{header}\nMusée Gadagne{',x' * (width - 1)}\n".encode(), "wide.csv")
    job = ImportJob.objects.get()
    assert job.column_count == width
    data = {"has_header": "on", "save_as": "", **{f"column_{i}": "" for i in range(width)}, "column_0": "name"}
    response = client.post(response.url, data)
    assert response.status_code == 302 and response.url.endswith("/options/")
