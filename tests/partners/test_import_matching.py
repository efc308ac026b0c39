"""Which rows are existing partners, which only may be, and who decides: the rules of partners/matching.py as the
import and the partner form apply them."""

import pytest
from django.urls import reverse

from partners.importing import planning
from partners.importing.models import ImportJob
from partners.models import Partner
from tests.factories import PartnerFactory

from .importing import data_file, job_for, run

HEADER = "Name,Country,City,Website\n"


@pytest.fixture
def toronto(org):
    return PartnerFactory(
        organization=org, name="University of Toronto", country="CA", city="", website="http://www.utoronto.ca/"
    )


def test_a_site_under_the_path_of_another_is_a_possible_duplicate_created_by_default(org, toronto):
    job = job_for(org, HEADER + "University of St. Michael's College,CA,,http://www.utoronto.ca/stmikes/\n")
    plan = planning.plan_import(job)
    assert [(g.line, g.candidates, g.decision) for g in plan.possible] == [(2, [(toronto.pk, "site_path")], "create")]
    run(job)
    assert sorted(org.partners.values_list("name", flat=True)) == [
        "University of St. Michael's College",
        "University of Toronto",
    ]


def test_the_same_site_written_differently_is_the_same_partner(org, toronto):
    plan = planning.plan_import(job_for(org, HEADER + "U of T,CA,,https://UTORONTO.ca\n", mode=ImportJob.Mode.UPDATE))
    assert plan.matches[toronto.pk].reason == "website"
    assert not plan.possible and not plan.new


def test_a_name_never_matches_across_countries(org):
    bolivia = PartnerFactory(organization=org, name="Universidad Central", country="BO", city="", website="")
    plan = planning.plan_import(job_for(org, HEADER + "Universidad Central,CL,,\nUniversidad Central,BO,,\n"))
    assert [p.values["name"] for p in plan.new] == ["Universidad Central"]
    assert [(g.line, g.candidates) for g in plan.possible] == [(3, [(bolivia.pk, "name")])]


def test_a_name_matches_in_the_same_city_only_when_both_have_one(org):
    lyon = PartnerFactory(organization=org, name="Musée des Beaux-Arts", country="FR", city="Lyon", website="")
    plan = planning.plan_import(
        job_for(
            org, HEADER + "Musee des beaux arts,FR,Orléans,\nMusée des Beaux-Arts,FR,,\nMusée des Beaux-Arts,FR,LYON,\n"
        )
    )
    assert [g.line for g in plan.possible] == [3, 4]
    assert all(g.candidates == [(lyon.pk, "name")] and g.decision == "skip" for g in plan.possible)
    assert [p.values["city"] for p in plan.new] == ["Orléans"]


def test_rows_of_one_file_in_different_countries_are_different_partners(org):
    plan = planning.plan_import(job_for(org, HEADER + "Universidad Central,BO,,\nUniversidad Central,CL,,\n"))
    assert len(plan.new) == 2 and plan.repeated_rows == 0


def test_the_persons_choice_per_row_and_for_all_rows_is_followed(org, toronto):
    content = (
        HEADER
        + "University of Toronto,CA,Toronto,\nUniversity of St. Michael's College,CA,,http://utoronto.ca/stmikes\n"
    )
    job = job_for(org, content, mode=ImportJob.Mode.UPDATE)
    assert [g.decision for g in planning.plan_import(job).possible] == ["update", "create"]

    job.decisions = {"*": "skip"}
    plan = planning.plan_import(job)
    assert ([g.decision for g in plan.possible], len(plan.new), plan.skipped_count) == (["skip", "skip"], 0, 2)

    job.decisions = {"*": "skip", "2": "update", "3": "create"}
    run(job)
    toronto.refresh_from_db()
    assert toronto.city == "Toronto"
    assert (job.created_count, job.updated_count, job.skipped_count) == (1, 1, 0)


def test_a_choice_the_mode_does_not_allow_falls_back_to_the_default(org, toronto):
    job = job_for(
        org, HEADER + "University of Toronto,CA,Toronto,\n", mode=ImportJob.Mode.SKIP, decisions={"2": "update"}
    )
    plan = planning.plan_import(job)
    assert plan.possible[0].decision == "skip" and not plan.matches


def test_the_world_universities_sample_keeps_toronto_and_every_universidad_central(org):
    job = run(
        job_for(
            org,
            data_file("world-universities-sample.csv"),
            name="u.csv",
            has_header=False,
            mapping=["country", "name", "website"],
            column_count=3,
        ),
        skip_invalid=True,
    )
    assert job.status == ImportJob.Status.DONE
    names = list(org.partners.values_list("name", "country"))
    assert ("University of Toronto", "CA") in names and ("University of St. Michael's College", "CA") in names
    assert sorted(c for n, c in names if n == "Universidad Central") == ["BO", "CL", "CO"]


def test_a_museum_list_is_imported_whole_with_the_institutions_phone_and_address(org):
    job = job_for(org, data_file("museums-sample.csv"), name="musees.csv")
    assert job.mapping == ["name", "street", "postal_code", "city", "phone", "website"]
    job = run(job)
    assert (job.status, job.created_count, job.rejected_count) == (ImportJob.Status.DONE, 8, 0)
    faience = org.partners.get(name="MUSEE DE LA FAIENCE")
    assert (faience.street, faience.postal_code, faience.city, faience.phone, faience.website) == (
        "12 RUE DES POTIERS",
        "71100",
        "CHALON-SUR-SAONE",
        "03 85 00 00 01",
        "",
    )
    assert not faience.contacts.exists()
    assert org.partners.filter(name="MUSEE DES BEAUX-ARTS").count() == 2


def test_a_site_under_the_path_of_an_earlier_row_is_a_possible_duplicate_within_the_file(client_for, admin, org):
    job = job_for(org, data_file("museums-sample.csv"), name="musees.csv", created_by=admin)
    plan = planning.plan_import(job)
    assert [(g.line, [(ref.line, reason) for ref, reason in g.candidates], g.decision) for g in plan.possible] == [
        (9, [(6, "site_path")], "create")
    ]
    page = client_for(admin).get(reverse("partner_import_preview", args=[org.slug, job.pk])).text
    assert "1 possible duplicate" in page
    assert "MUSEE DES BEAUX-ARTS, line 6 of this file" in page

    job.decisions = {"9": "skip"}
    plan = planning.plan_import(job)
    assert (plan.created_count, plan.skipped_count) == (7, 1)
    job.decisions = {"9": "update"}  # not offered by a create-only import: the default stands
    assert planning.plan_import(job).created_count == 8


def test_a_row_chosen_as_the_same_as_an_earlier_row_adds_its_contact_to_it(org):
    job = job_for(
        org,
        "Name,Website,Contact name\nVille d'Orléans,orleans.example,Anne\nMusée,orleans.example/musee,Bruno\n",
        mode=ImportJob.Mode.UPDATE,
        decisions={"3": "update"},
    )
    plan = planning.plan_import(job)
    assert [p.values["name"] for p in plan.new] == ["Ville d'Orléans"]
    assert [c[0] for c in plan.new[0].contacts] == ["Anne", "Bruno"]
    assert (plan.repeated_rows, plan.skipped_count) == (1, 1)


def test_the_preview_explains_every_row_it_skips(client_for, admin, org, toronto):
    PartnerFactory(organization=org, name="Universidad Central", country="CL", city="", website="")
    job = job_for(
        org,
        HEADER
        + "Toronto U,CA,,http://www.utoronto.ca/\n"  # an existing partner: same website
        + "Universidad Central,CL,Santiago,\n"  # a possible duplicate: same name, skipped by default
        + "Université Lumière,FR,Lyon,http://www.univ-lyon2.fr/\n"
        + "Lyon II,FR,Lyon,http://www.univ-lyon2.fr/\n",  # repeats the line before
        mode=ImportJob.Mode.SKIP,
        created_by=admin,
    )
    page = client_for(admin).get(reverse("partner_import_preview", args=[org.slug, job.pk])).text
    assert 'id="count-skipped">3<' in page
    assert "1 row repeats a partner of an earlier line" in page
    assert "1 row is a partner you already have, which the import leaves as it is." in page
    assert "1 possible duplicate is skipped, as chosen below." in page


def test_the_preview_lists_possible_duplicates_and_keeps_the_persons_choices(client_for, admin, org, toronto):
    job = job_for(
        org,
        HEADER
        + "University of Toronto,CA,Toronto,\nUniversity of St. Michael's College,CA,,http://utoronto.ca/stmikes\n",
        mode=ImportJob.Mode.UPDATE,
        created_by=admin,
    )
    client = client_for(admin)
    preview = reverse("partner_import_preview", args=[org.slug, job.pk])
    page = client.get(preview).content.decode()
    assert "2 possible duplicates" in page
    assert 'id="count-created">1<' in page and 'id="count-updated">1<' in page
    assert '<option value="update" selected>Update the existing one (suggested)</option>' in page

    decide = reverse("partner_import_decide", args=[org.slug, job.pk])
    response = client.post(decide, {"line-2": "create", "line-3": "skip"}, follow=True)
    page = response.content.decode()
    assert "Your choices for the possible duplicates are saved" in page
    assert 'id="count-created">1<' in page and 'id="count-skipped">1<' in page
    job.refresh_from_db()
    assert job.decisions == {"2": "create", "3": "skip"}

    client.post(decide, {"apply_all": "1", "all_rows": "skip"})
    job.refresh_from_db()
    assert job.decisions == {"*": "skip"}

    response = client.post(decide, {"line-2": "merge everything"}, follow=True)
    assert "That choice is not available for this import" in response.content.decode()
    job.refresh_from_db()
    assert job.decisions == {"*": "skip"}


def test_the_partner_form_warns_by_the_same_rules(client_for, staff, org, toronto):
    PartnerFactory(organization=org, name="Universidad Central", country="BO", city="", website="")
    client = client_for(staff)
    stage = org.stages.first().pk
    create = reverse("partner_create", kwargs={"org_slug": org.slug})
    client.post(create, {"name": "Universidad Central", "sector": "education", "country": "CL", "stage": stage})
    assert Partner.objects.filter(organization=org, name="Universidad Central", country="CL").exists()

    page = client.post(
        create,
        {
            "name": "St. Michael's",
            "sector": "education",
            "country": "CA",
            "website": "utoronto.ca/stmikes",
            "stage": stage,
        },
    ).content.decode()
    assert "This partner may already exist" in page
    assert "website under the same site" in page and "possible duplicate" in page
