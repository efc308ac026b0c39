"""Duplicates of existing partners and within the file, the four policies, contacts, and undo."""

import pytest
from django.urls import reverse

from partners.importing import planning, tasks
from partners.importing.models import ImportJob
from partners.merging import merge_partners
from partners.models import Contact, Partner
from tests.factories import ContactFactory, PartnerFactory, TagFactory

from .importing import data_file, job_for, problems, run

HEADER = "Name,City,Website,QID,Thematic focus,Contact name,Contact e-mail\n"


@pytest.fixture
def gadagne(org):
    partner = PartnerFactory(
        organization=org,
        name="Musée Gadagne",
        city="Lyon",
        website="https://www.gadagne-lyon.fr/",
        wikidata_qid="Q3329723",
        thematic_focus="",
    )
    ContactFactory(partner=partner, name="Xavier de La Selle", email="xavier@gadagne.example", is_primary=True)
    return partner


@pytest.mark.parametrize(
    "row, reason",
    [
        ("Gadagne museum,Paris,,Q3329723,,,", "qid"),
        ("Gadagne museum,Paris,http://gadagne-lyon.fr,,,,", "website"),
        ("MUSEE  GADAGNE,lyon ,,,,,", "name"),
    ],
)
def test_existing_partners_are_found_by_qid_then_website_then_name_and_city(org, gadagne, row, reason):
    plan = planning.plan_import(job_for(org, HEADER + row + "\n", mode=ImportJob.Mode.UPDATE))
    match = plan.matches[gadagne.pk]
    assert match.reason == reason
    assert not plan.new


def test_the_same_name_in_another_city_is_another_partner(org, gadagne):
    plan = planning.plan_import(job_for(org, HEADER + "Musée Gadagne,Paris,,,,,\n"))
    assert len(plan.new) == 1 and not plan.matches


def test_create_only_rejects_rows_of_existing_partners(org, gadagne):
    plan = planning.plan_import(
        job_for(org, HEADER + "Gadagne,Lyon,,Q3329723,,,\nMusée des Beaux-Arts,Lyon,,,,,\n", mode=ImportJob.Mode.CREATE)
    )
    assert problems(plan) == [
        (2, "Name", "This partner already exists (same Wikidata item); the import creates new partners only.")
    ]
    assert len(plan.new) == 1


def test_skip_leaves_existing_partners_alone(org, gadagne):
    job = run(
        job_for(
            org, HEADER + "Musée Gadagne,Lyon,,,History of Lyon,Anne,anne@gadagne.example\n", mode=ImportJob.Mode.SKIP
        )
    )
    assert (job.created_count, job.updated_count, job.skipped_count) == (0, 0, 1)
    gadagne.refresh_from_db()
    assert gadagne.thematic_focus == "" and gadagne.contacts.count() == 1


def test_update_takes_the_files_values_and_adds_new_contacts(org, gadagne, admin):
    job = run(
        job_for(
            org,
            HEADER + "Musée Gadagne,Lyon,https://www.gadagne.musees.lyon.fr/,,History of Lyon,"
            "Anne Dupont,anne@gadagne.example\n"
            "Musée Gadagne,Lyon,,,,Xavier de La Selle,xavier@gadagne.example\n",
            mode=ImportJob.Mode.UPDATE,
        ),
        user=admin,
    )
    assert (job.created_count, job.updated_count, job.skipped_count, job.contacts_count) == (0, 1, 1, 1)
    gadagne.refresh_from_db()
    assert gadagne.thematic_focus == "History of Lyon"
    assert gadagne.website == "https://www.gadagne.musees.lyon.fr/"
    assert gadagne.website_key == "gadagne.musees.lyon.fr"
    assert sorted(gadagne.contacts.values_list("name", "is_primary")) == [
        ("Anne Dupont", False),
        ("Xavier de La Selle", True),
    ]
    change = gadagne.history.first()
    assert (change.history_type, change.history_change_reason, change.history_user) == (
        "~",
        "Imported from partners.csv",
        admin,
    )


def test_fill_only_writes_into_blanks(org, gadagne):
    job = run(
        job_for(org, HEADER + "Musée Gadagne,Villeurbanne,,Q3329723,History of Lyon,,\n", mode=ImportJob.Mode.FILL)
    )
    assert job.updated_count == 1
    gadagne.refresh_from_db()
    assert (gadagne.city, gadagne.thematic_focus) == ("Lyon", "History of Lyon")


def test_unchanged_partners_count_as_skipped(org, gadagne):
    job = run(
        job_for(
            org,
            HEADER + "Musée Gadagne,Lyon,https://www.gadagne-lyon.fr/,Q3329723,,Xavier de La Selle,"
            "xavier@gadagne.example\n",
            mode=ImportJob.Mode.UPDATE,
        )
    )
    assert (job.created_count, job.updated_count, job.skipped_count) == (0, 0, 1)
    assert not job.updates.exists()


def test_repeated_rows_of_a_new_partner_add_contacts(org):
    job = run(job_for(org, data_file("partners-with-contacts.csv")), skip_invalid=True)
    assert (job.created_count, job.skipped_count, job.rejected_count, job.contacts_count) == (3, 1, 1, 3)
    confluences = org.partners.get(name="Musée des Confluences")
    assert list(confluences.contacts.values_list("name", "is_primary", "role")) == [
        ("Hélène Martin", True, "Curator"),
        ("Paul Durand", False, "Archivist"),
    ]
    assert org.partners.get(name="Bibliothèque municipale de Lyon").country.code == "FR"
    assert org.partners.get(name="Université Lumière Lyon 2").website == "https://www.univ-lyon2.fr"


def test_importing_the_same_file_twice_creates_no_duplicates(org):
    for mode in [ImportJob.Mode.SKIP, ImportJob.Mode.UPDATE, ImportJob.Mode.FILL]:
        job = run(job_for(org, data_file("world-universities-sample.csv"), name="u.csv", mode=mode), skip_invalid=True)
    assert job.created_count == 0 and job.updated_count == 0
    assert org.partners.count() == 359


def test_defaults_apply_to_new_partners_and_the_tag_to_every_imported_one(org, gadagne, staff):
    stage = org.stages.get(name="Agreed")
    TagFactory(organization=org, name="Fair 2026")
    job = run(
        job_for(
            org,
            HEADER + "Musée Gadagne,Lyon,,,,,\nMusée des Beaux-Arts,Lyon,,,,,\n",
            mode=ImportJob.Mode.UPDATE,
            default_sector="glam",
            default_stage=stage,
            default_owner=staff,
            default_tag="fair 2026",
        )
    )
    new = org.partners.get(name="Musée des Beaux-Arts")
    assert (new.sector, new.stage, new.owner) == ("glam", stage, staff)
    assert [t.name for t in new.tags.all()] == ["Fair 2026"]
    gadagne.refresh_from_db()
    assert gadagne.stage.name == "Prospect" and gadagne.owner is None
    assert [t.name for t in gadagne.tags.all()] == ["Fair 2026"]
    assert job.updated_count == 1
    assert org.tags.count() == 1


def test_undo_removes_what_the_import_created_and_restores_what_it_changed(org, gadagne, admin):
    kept_contacts = set(Contact.objects.values_list("pk", flat=True))
    job = run(
        job_for(
            org,
            HEADER + "Musée Gadagne,Lyon,,,History of Lyon,Anne Dupont,anne@gadagne.example\n"
            "Musée des Beaux-Arts,Lyon,,,,Sylvie Ramond,sylvie@mba.example\n",
            mode=ImportJob.Mode.UPDATE,
            default_tag="fair",
        )
    )
    assert org.partners.count() == 2
    assert tasks.start_undo(job, by=admin)
    assert list(org.partners.all()) == [gadagne]
    gadagne.refresh_from_db()
    assert gadagne.thematic_focus == "" and not gadagne.tags.exists()
    assert set(Contact.objects.values_list("pk", flat=True)) == kept_contacts
    job.refresh_from_db()
    assert (job.status, job.undone_by) == (ImportJob.Status.UNDONE, admin)
    assert not tasks.start_undo(job, by=admin), "an import is undone once"


def test_undo_only_touches_the_imports_own_organization(org, other_org, admin):
    job = run(job_for(org, "Name\nMusée Gadagne\n"))
    stranger = PartnerFactory(organization=other_org)
    job.created_partner_ids = [*job.created_partner_ids, stranger.pk]
    job.save()
    tasks.start_undo(job, by=admin)
    assert Partner.objects.filter(pk=stranger.pk).exists()
    assert not org.partners.exists()


def test_undo_is_refused_while_a_created_partner_holds_what_a_merge_moved_into_it(client_for, org, admin, staff):
    job = run(job_for(org, HEADER + "Musée Lumière,Lyon,,,,,\n"), user=admin)
    created = org.partners.get(name="Musée Lumière")
    older = PartnerFactory(organization=org, name="Institut Lumière", city="Lyon", website="")
    ContactFactory(partner=older, name="Maëlle Arnaud", email="maelle@lumiere.example")
    merge_partners(created, older, fields=[], by=staff)

    response = client_for(admin).post(reverse("partner_import_undo", args=[org.slug, job.pk]), follow=True)

    assert "1 partner this import created has had another partner merged into it since" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert created.contacts.filter(name="Maëlle Arnaud").exists()
