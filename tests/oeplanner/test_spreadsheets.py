"""Formula neutralization in every export: also behind leading whitespace or line breaks, and in full width."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oeplanner.spreadsheets import neutralize
from tests.factories import DATA, ContactFactory, PartnerFactory, PlanFactory, StepFactory, TagFactory

HIDDEN_FORMULAS = [
    " =1+1",
    '\n=HYPERLINK("http://evil.example")',
    "\n\n+33 1",
    "  \t-2+3",
    "\u00a0@SUM(A1)",
    "\u3000=1+1",
    '＝HYPERLINK("http://evil.example")',
    "＋1",
    "－1",
    "＠SUM(A1)",
    " ＝1+1",
]


@pytest.mark.parametrize("value", HIDDEN_FORMULAS)
def test_a_formula_behind_whitespace_or_in_full_width_is_neutralized(value):
    assert neutralize(value) == "'" + value


@pytest.mark.parametrize("value", [" Musée", "\nnotes", "a = b", "Lyon－Part-Dieu", "", "  "])
def test_text_that_only_contains_such_signs_later_is_left_alone(value):
    assert neutralize(value) == value


def test_partner_exports_neutralize_hidden_formulas_in_csv_and_xlsx(client_for, volunteer, org):
    for n, value in enumerate(HIDDEN_FORMULAS):
        PartnerFactory(organization=org, name=f"Museum {n:02}", city=value)
    client = client_for(volunteer)

    for response in (
        client.get(reverse("partner_export_csv", args=[org.slug])),
        client.get(reverse("partner_export_xlsx", args=[org.slug])),
    ):
        rows = exported_rows(response)
        city = rows[0].index("City")
        assert [row[city] for row in rows[1:]] == ["'" + value for value in HIDDEN_FORMULAS]


def test_plan_exports_neutralize_hidden_formulas_in_csv_and_xlsx(client_for, staff, org):
    plan = PlanFactory(organization=org, owner=staff)
    for value in HIDDEN_FORMULAS:
        StepFactory(plan=plan, goal=value)
    client = client_for(staff)

    for fmt in ("csv", "xlsx"):
        rows = exported_rows(client.get(reverse(f"plan_export_{fmt}", args=[org.slug, plan.pk])))
        goal = rows[0].index("What we want to achieve")
        assert sorted(row[goal] for row in rows[1:]) == sorted("'" + value for value in HIDDEN_FORMULAS)


def exported_rows(response):
    """The cells of a CSV or XLSX download, as a spreadsheet program reads them."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        # A string cell, never a formula ("f") that the spreadsheet would run.
        assert all(cell.data_type in ("s", "n", "d") or cell.value is None for cell in row)
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


EXPORTS = DATA / "exports"


def zip_parts(content):
    """Every part of an XLSX file but its creation time (docProps/core.xml), unpacked."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def test_the_exports_write_the_same_bytes_as_before_they_shared_one_writer(client_for, staff, org):
    """tests/data/exports/ holds what the partner export (its own writer) and the plan export (the core's) wrote
    before both went through one CSV and one XLSX writer: accents, quotes, line breaks, formulas, a control
    character, numbers and empty cells."""
    museum = PartnerFactory(
        organization=org,
        name='=HYPERLINK("http://evil.example")',
        website="https://gadagne.example",
        wikidata_qid="Q3329580",
        description='Deux lignes,\n« guillemets » "doubles" et un caractère\x07 de contrôle',
        capacity=3,
    )
    museum.tags.add(TagFactory(organization=org, name="musées"))
    ContactFactory(partner=museum, name="Anne Roe", email="anne@gadagne.example", phone="+33 4 72 10 17 40")
    PartnerFactory(organization=org, name="Musée des Beaux-Arts", city="")
    plan = PlanFactory(organization=org, owner=staff, title="Partnerships 2027")
    StepFactory(plan=plan, goal="@every museum", action="Write, then call", resources='Two "days"\nand a room')
    StepFactory(plan=plan, goal="Musée", starts_on=date(2027, 1, 4), ends_on=date(2027, 3, 31), target=12)
    client = client_for(staff)

    for url, name in [
        (reverse("partner_export_csv", args=[org.slug]), "partners.csv"),
        (reverse("partner_export_xlsx", args=[org.slug]), "partners.xlsx"),
        (reverse("plan_export_csv", args=[org.slug, plan.pk]), "plan.csv"),
        (reverse("plan_export_xlsx", args=[org.slug, plan.pk]), "plan.xlsx"),
    ]:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        expected = (EXPORTS / name).read_bytes()
        if name.endswith(".csv"):
            assert content == expected, name
        else:
            assert zip_parts(content) == zip_parts(expected), name


def test_a_control_character_is_left_out_of_every_xlsx_export(client_for, staff, org):
    """XML cannot hold it: the partner export dropped it, the plan export failed on it."""
    PartnerFactory(organization=org, name="Bell\x07 museum")
    plan = PlanFactory(organization=org, owner=staff)
    StepFactory(plan=plan, goal="Ring the bell\x07 twice")
    client = client_for(staff)

    partners = exported_rows(client.get(reverse("partner_export_xlsx", args=[org.slug])))
    steps = exported_rows(client.get(reverse("plan_export_xlsx", args=[org.slug, plan.pk])))

    assert partners[1][0] == "Bell museum"
    assert steps[1][1] == "Ring the bell twice"
