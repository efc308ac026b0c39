"""Exports of the partner list (with its filters), contacts, interactions and follow-ups: CSV and XLSX, formulas
neutralized on every path, and an export that imports back without changing anything."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oeplanner.spreadsheets import csv_bytes
from partners.importing import jobs
from partners.importing.models import ImportJob
from partners.models import Partner
from partners.resources import PartnerResource, neutralize
from tests.factories import ContactFactory, FollowUpFactory, InteractionFactory, PartnerFactory, TagFactory

from .importing import data_file, job_for, run


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def xlsx_rows(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [["" if v is None else v for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1", "'+33 1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Musée", "Musée"),
        (3, 3),
    ],
)
def test_cells_that_start_a_formula_are_neutralized(value, expected):
    assert neutralize(value) == expected


def test_the_partner_export_honours_the_filters_and_neutralizes_formulas(client_for, volunteer, org, other_org):
    evil = PartnerFactory(organization=org, name='=HYPERLINK("http://evil.example")', city="Lyon")
    ContactFactory(partner=evil, name="Anne", phone="+33 4 72 10 17 40", is_primary=True)
    PartnerFactory(organization=org, name="Musée de Paris", city="Paris")
    PartnerFactory(organization=other_org, name="Elsewhere", city="Lyon")
    client = client_for(volunteer)
    url = reverse("partner_export_csv", args=[org.slug])
    rows = csv_rows(client.get(url, {"q": "Lyon"}))
    assert rows[0][:3] == ["Name", "Sector", "Kind"]
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://evil.example")']
    assert rows[1][rows[0].index("Contact phone")] == "'+33 4 72 10 17 40"

    rows = xlsx_rows(client.get(reverse("partner_export_xlsx", args=[org.slug]), {"q": "Lyon"}))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_contacts_interactions_and_follow_ups_export(client_for, staff, org):
    partner = PartnerFactory(organization=org, name="Musée Gadagne")
    ContactFactory(partner=partner, name="@anne", email="anne@gadagne.example", is_primary=True)
    interaction = InteractionFactory(partner=partner, summary="-- visited the stores", author=staff)
    FollowUpFactory(partner=partner, interaction=interaction, assignee=staff, title="=1+1")
    client = client_for(staff)
    contacts = csv_rows(client.get(reverse("contact_export_csv", args=[org.slug])))
    assert contacts[1][:5] == ["Musée Gadagne", "Lyon", "", "", "'@anne"]
    interactions = xlsx_rows(client.get(reverse("interaction_export_xlsx", args=[org.slug])))
    assert interactions[1][0] == "Musée Gadagne" and interactions[1][5] == "'-- visited the stores"
    follow_ups = csv_rows(client.get(reverse("follow_up_export_csv", args=[org.slug])))
    assert follow_ups[0] == ["Follow-up", "Partner", "Due", "Assignee", "Done"]
    assert follow_ups[1][:2] == ["'=1+1", "Musée Gadagne"]


def test_the_admin_export_goes_through_the_same_resource(admin_client, org):
    PartnerFactory(organization=org, name="=cmd|' /C calc'!A0")
    response = admin_client.post(
        reverse("admin:partners_partner_export"),
        {"format": "0", **{f"partnerresource_{name}": "on" for name in PartnerResource.fields}},
    )
    assert response.status_code == 200
    assert "'=cmd|' /C calc'!A0" in response.content.decode()


def test_the_export_reads_the_same_number_of_queries_for_5_and_50_partners(
    client_for, admin, org, django_assert_num_queries
):
    client = client_for(admin)
    tag = TagFactory(organization=org)

    def export():
        return csv_rows(client.get(reverse("partner_export_csv", args=[org.slug])))

    for count in (5, 50):
        while org.partners.count() < count:
            partner = PartnerFactory(organization=org)
            partner.tags.add(tag)
            ContactFactory(partner=partner)
        export()
        with django_assert_num_queries(8):
            assert len(export()) == count + 1


def test_import_export_import_changes_nothing(client_for, admin, org):
    run(job_for(org, data_file("partners-with-contacts.csv")), skip_invalid=True)
    run(job_for(org, data_file("world-universities-sample.csv"), name="u.csv"), skip_invalid=True)
    partner = org.partners.get(name="Musée des Confluences")
    partner.tags.add(TagFactory(organization=org, name="museums"))
    before = _snapshot(org)
    client = client_for(admin)
    for url in ("partner_export_csv", "partner_export_xlsx"):
        response = client.get(reverse(url, args=[org.slug]))
        content = b"".join(response.streaming_content)
        for mode in [ImportJob.Mode.UPDATE, ImportJob.Mode.FILL, ImportJob.Mode.SKIP]:
            job = job_for(org, content, name="export." + url.rsplit("_", 1)[1], mode=mode)
            assert "owner" not in job.mapping
            job = run(job)
            assert job.status == ImportJob.Status.DONE, job.rejections[:3]
            assert (job.created_count, job.updated_count, job.rejected_count) == (0, 0, 0)
            assert _snapshot(org) == before


def _snapshot(org):
    fields = [f.attname for f in Partner._meta.concrete_fields if f.attname not in {"updated_at"}]
    partners = [
        tuple(str(getattr(p, f)) for f in fields) + (tuple(t.name for t in p.tags.all()),)
        for p in org.partners.prefetch_related("tags").order_by("pk")
    ]
    contacts = list(
        org.partners.values_list("contacts__name", "contacts__email", "contacts__is_primary").order_by(
            "pk", "contacts__pk"
        )
    )
    return partners, contacts


def test_the_rejected_rows_file_neutralizes_formulas_and_gives_the_reason(org):
    job = job_for(org, 'Name,Website\n"=HYPERLINK(""http://evil.example"")",https://a.example\nMusée,not a site\n')
    jobs.preview_import(job)
    rows = list(csv.reader(io.StringIO(csv_bytes(jobs.rejected_rows(job)).decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Website", "Line", "Reason"]
    assert rows[1][:3] == ['\'=HYPERLINK("http://evil.example")', "https://a.example", "2"]
    assert rows[1][3].startswith("Name: “=HYPERLINK(")
    assert rows[2] == ["Musée", "not a site", "3", "Website: “not a site” is not a web address."]
