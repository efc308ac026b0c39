"""Each bad row is rejected with its line, field and a specific reason; nothing is half-written."""

import pytest

from oeplanner import bulk
from partners.importing import planning, writing
from partners.importing.models import ImportJob
from partners.models import Contact, Partner

from .importing import job_for, problems, run


def plan_of(org, content, **kwargs):
    return planning.plan_import(job_for(org, content, **kwargs))


def test_it_rejects_rows_without_name(org):
    plan = plan_of(org, "Name,City\nMusée Gadagne,Lyon\n,Lyon\n  ,Villeurbanne\n")
    assert problems(plan) == [
        (3, "Name", "The name is empty: every partner needs a name."),
        (4, "Name", "The name is empty: every partner needs a name."),
    ]
    assert plan.counts()["created"] == 1


def test_it_rejects_an_invalid_qid(org):
    plan = plan_of(org, "Name,QID\nMusée Gadagne,Q12x\nMusée des Confluences,http://www.wikidata.org/entity/q3329725\n")
    assert problems(plan) == [
        (2, "Wikidata item", "“Q12x” is not a Wikidata item id: the letter Q then digits, such as Q42."),
    ]
    assert plan.new[0].values["wikidata_qid"] == "Q3329725"


def test_it_rejects_a_website_that_is_not_a_url(org):
    plan = plan_of(org, "Name,Website\nA,not a website\nB,www.mba-lyon.fr\nC,http://localhost:8000/x\n")
    assert problems(plan) == [(2, "Website", "“not a website” is not a web address.")]
    assert [p.values["website"] for p in plan.new] == ["https://www.mba-lyon.fr", "http://localhost:8000/x"]


def test_it_rejects_an_unknown_country_and_reads_names_and_codes(org):
    plan = plan_of(org, "Name,Country\nA,Atlantis\nB,france\nC,DEU\nD,gb\n")
    assert problems(plan) == [
        (2, "Country", "“Atlantis” is not a country we know; use its name or its two-letter code, such as FR."),
    ]
    assert [p.values["country"] for p in plan.new] == ["FR", "DE", "GB"]


def test_it_rejects_ragged_rows_longer_than_the_header_and_pads_shorter_ones(org):
    plan = plan_of(
        org,
        "Name,City,Website\nMusée Gadagne,Lyon\n"
        "Musée des Beaux-Arts, Lyon, https://www.mba-lyon.fr, 20 place des Terreaux\n",
    )
    assert problems(plan) == [
        (
            3,
            "",
            (
                "This row has 4 cells where the file has 3 columns: a value probably contains the delimiter without quotes "
                "around it."
            ),
        )
    ]
    assert plan.new[0].values == {"name": "Musée Gadagne", "city": "Lyon"}


def test_it_rejects_spreadsheet_formulas(org):
    plan = plan_of(
        org,
        'Name,City\n"=HYPERLINK(""http://evil.example"",""Click"")",Lyon\n'
        'Musée Gadagne,"@SUM(A1:A9)"\nMusée des Beaux-Arts,+33 (0)4 72 10 17 40\n',
    )
    assert problems(plan) == [
        (
            2,
            "Name",
            '“=HYPERLINK("http://evil.example","Click")” is a spreadsheet formula; formulas are not '
            "imported. Type the value itself.",
        ),
        (3, "City", "“@SUM(A1:A9)” is a spreadsheet formula; formulas are not imported. Type the value itself."),
    ]
    assert plan.new[0].values["city"] == "+33 (0)4 72 10 17 40"


def test_a_value_our_export_neutralized_reads_back_as_it_was(org):
    plan = plan_of(org, "Name,Contact name,Contact phone,City\n'-Musée-,Sylvie,'+33 4 72 10 17 40,' －Lyon\n")
    assert plan.new[0].values["name"] == "-Musée-"
    assert plan.new[0].values["city"] == "－Lyon"
    assert plan.new[0].contacts == [("Sylvie", "", "", "+33 4 72 10 17 40")]


def test_it_reads_choices_scores_and_booleans_and_says_what_is_wrong(org):
    plan = plan_of(
        org,
        "Name,Sector,Kind,Capacity,Similar organization,Stage\n"
        "A,GLAM,museum,3,yes,First contact\n"
        "B,Bakery,shop,7,maybe,Nowhere\n",
    )
    assert plan.new[0].values == {
        "name": "A",
        "sector": "glam",
        "kind": "museum",
        "capacity": 3,
        "is_similar_organization": True,
        "stage": org.stages.get(name="First contact").pk,
    }
    reasons = {field: reason for _line, field, reason in problems(plan)}
    assert reasons["Sector"].startswith("“Bakery” is not a sector; use one of: GLAM (gallery")
    assert reasons["Kind"].startswith("“shop” is not a kind of institution; use one of: Gallery, Library")
    assert reasons["Capacity (1–5)"] == "“7” is not a score: use a whole number from 1 to 5."
    assert reasons["Similar organization (yes/no)"] == "“maybe” is neither yes nor no."
    assert reasons["Stage"].startswith("“Nowhere” is not a stage of this organization; its stages are: Prospect,")


def test_an_incomplete_contact_is_left_out_with_a_warning_and_its_partner_kept(org):
    plan = plan_of(org, "Name,Contact phone,Contact e-mail\nA,+33 1,\nB,,jane@b.example\nC,,jane@\n")
    assert problems(plan) == []
    assert [p.values["name"] for p in plan.new] == ["A", "B", "C"]
    assert [(w["line"], w["problems"]) for w in plan.warnings] == [
        (
            2,
            [
                (
                    "Contact name",
                    "The contact has no name and no e-mail address, so it is left out; the partner is kept.",
                )
            ],
        ),
        (4, [("Contact e-mail", "“jane@” is not an e-mail address.")]),
    ]
    assert [p.contacts for p in plan.new] == [None, [("jane@b.example", "", "jane@b.example", "")], None]


def test_too_long_values_are_rejected(org):
    plan = plan_of(org, "Name,City\n" + "M" * 256 + ",Lyon\n")
    assert problems(plan) == [(2, "Name", "This is 256 characters long; the most is 255.")]


def test_owner_and_organization_columns_are_never_used_by_themselves(org, other_org, admin, volunteer, outsider):
    job = job_for(
        org,
        f"Name,Owner,Organization\nMusée Gadagne,{outsider.username},{other_org.slug}\n"
        f"Musée des Beaux-Arts,{volunteer.username},{other_org.name}\n",
        default_owner=admin,
    )
    assert job.mapping == ["name", "", ""]
    run(job)
    assert set(Partner.objects.values_list("organization", "owner")) == {(org.pk, admin.pk)}
    assert not other_org.partners.exists()


def test_an_owner_mapped_deliberately_must_be_a_member_of_this_organization(org, admin, volunteer, outsider):
    job = job_for(
        org,
        f"Name,Owner\nMusée Gadagne,{volunteer.username}\nMusée des Beaux-Arts,{outsider.username}\n"
        f"Musée Lumière,{volunteer.email.upper()}\n",
        mapping=["name", "owner"],
    )
    plan = planning.plan_import(job)
    assert problems(plan) == [
        (3, "Owner (member of this organization)", "“mallory” is not a member of this organization.")
    ]
    job = run(job, skip_invalid=True)
    assert set(org.partners.values_list("owner", flat=True)) == {volunteer.pk}
    assert job.created_count == 2


def test_ten_thousand_copies_of_the_same_row_make_one_partner(org):
    content = "Name,City,Website,Contact name,Contact e-mail\n" + (
        "Musée Gadagne,Lyon,https://www.gadagne-lyon.fr/,Xavier de La Selle,xavier@gadagne.example\n" * 10_000
    )
    job = job_for(org, content)
    plan = planning.plan_import(job)
    assert plan.counts() == {
        "created": 1,
        "updated": 0,
        "skipped": 9999,
        "possible": 0,
        "warnings": 0,
        "rejected": 0,
        "contacts": 1,
        "repeated": 9999,
        "unchanged": 0,
        "possible_skipped": 0,
    }
    assert plan.samples()["skipped"][0]["note"] == "Same partner as line 2"
    job = run(job)
    assert (job.created_count, job.skipped_count) == (1, 9999)
    assert org.partners.get().contacts.get().email == "xavier@gadagne.example"


def test_rejected_rows_stop_the_import_and_nothing_is_written(org):
    job = run(job_for(org, "Name,Website\nMusée Gadagne,https://www.gadagne-lyon.fr/\nMusée,not a website\n"))
    assert job.status == ImportJob.Status.FAILED
    assert job.error == (
        "1 row was rejected, so nothing was imported. Fix it in the file and import it again, or "
        "choose to import only the valid rows."
    )
    assert job.rejected_count == 1 and job.created_count == 0
    assert not Partner.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(org, monkeypatch):
    job = job_for(org, "Name,Contact name\nMusée Gadagne,Xavier\nMusée des Beaux-Arts,Sylvie\n")

    def broken_write(model, field_names, rows, **kwargs):
        if model is Contact:
            raise RuntimeError("the disk is full")
        return original(model, field_names, rows, **kwargs)

    original = bulk.write_rows
    monkeypatch.setattr(writing, "write_rows", broken_write)
    job = run(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "The import failed on our side and nothing was imported. Try again later."
    assert not Partner.objects.exists() and not Contact.objects.exists()


@pytest.mark.parametrize("header", ["Organization", "organisation", "owner", "Owner"])
def test_the_owner_and_organization_are_never_mapped_automatically(org, header):
    job = job_for(org, f"Name,{header}\nMusée Gadagne,someone\n")
    assert job.mapping == ["name", ""]
