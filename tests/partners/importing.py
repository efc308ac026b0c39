"""Helpers for the import tests: a job from some bytes, run the way the wizard runs it."""

import io
import zipfile
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


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook_parts(sheet_rows="", *, shared_strings=None, prologue="", dimension="A1"):
    """The parts of a minimal workbook, written by hand: hostile files are not made by spreadsheet programs."""
    rels = f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared_strings is not None:
        rels += f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEET_TYPE}.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        '<sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships">{rels}</Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?>{prologue}<worksheet xmlns="{MAIN_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?>{prologue}<sst xmlns="{MAIN_NS}">{shared_strings}</sst>'
    return parts


def workbook_bytes(*args, **kwargs):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in workbook_parts(*args, **kwargs).items():
            book.writestr(name, text)
    return buffer.getvalue()


def inline_row(number, *values):
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
    + "]>"
)


def write_bomb(path, *, cell_mb=300):
    """A workbook of a few hundred kilobytes whose one shared string unpacks to ``cell_mb`` MB. It is streamed to
    the zip entry a megabyte at a time: the test itself never holds the cell."""
    parts = workbook_parts(inline_row(1, "Name") + '<row r="2"><c t="s"><v>0</v></c></row>', shared_strings="")
    head, tail = parts.pop("xl/sharedStrings.xml").split("</sst>")[0] + "<si><t>", "</t></si></sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
            entry.write(head.encode())
            chunk = b"A" * (1 << 20)
            for _ in range(cell_mb):
                entry.write(chunk)
            entry.write(tail.encode())
    return path
