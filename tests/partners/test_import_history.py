"""What an import leaves in the history: a record for every partner and contact it creates or changes, written
with the import, and a history page that shows it (or says there is nothing to show)."""

from django.urls import reverse

from partners.importing import tasks
from partners.importing.models import ImportJob
from partners.models import Contact, Partner
from tests.factories import ContactFactory, PartnerFactory

from .importing import job_for, run

FILE = (
    "Name,City,Country,Website,QID,Short-term value,Long-term value,Capacity,Similar organization,Tags,"
    "Contact name,Contact e-mail\n"
    "Musée Gadagne,Lyon,FR,https://www.gadagne-lyon.fr/,Q3329723,4,5,3,yes,history,Xavier,xavier@gadagne.example\n"
    "Bibliothèque municipale,Lyon,FR,,,,,,,,,\n"
)


def history_url(org, partner):
    return reverse("partner_history", kwargs={"org_slug": org.slug, "partner_pk": partner.pk})


def tracked_values(record, model):
    return {f.attname: getattr(record, f.attname) for f in model.history.model.tracked_fields}


def test_every_partner_and_contact_an_import_creates_has_its_creation_record(org, admin):
    job = run(job_for(org, FILE, name="musees.csv"), user=admin)
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    for partner in Partner.objects.filter(organization=org):
        [record] = partner.history.all()
        assert (record.history_type, record.history_change_reason, record.history_user) == (
            "+",
            "Imported from musees.csv",
            admin,
        )
        # The record holds what was written, so that the next change is compared with the right values.
        assert tracked_values(record, Partner) == tracked_values(partner, Partner)
    [contact] = Contact.objects.filter(partner__organization=org)
    [record] = contact.history.all()
    assert (record.history_type, record.history_change_reason) == ("+", "Imported from musees.csv")
    assert tracked_values(record, Contact) == tracked_values(contact, Contact)


def test_a_contact_added_to_an_existing_partner_has_its_creation_record(org, admin):
    gadagne = PartnerFactory(organization=org, name="Musée Gadagne", city="Lyon", wikidata_qid="Q3329723")
    ContactFactory(partner=gadagne, name="Anne", email="anne@gadagne.example", is_primary=True)
    run(job_for(org, FILE, name="musees.csv", mode=ImportJob.Mode.UPDATE), user=admin)
    xavier = gadagne.contacts.get(name="Xavier")
    assert xavier.history.get().history_change_reason == "Imported from musees.csv"
    assert gadagne.history.first().history_type == "~"


def test_the_history_page_of_an_imported_partner_says_where_it_came_from(client_for, org, admin, staff):
    run(job_for(org, FILE, name="musees.csv"), user=admin)
    gadagne = Partner.objects.get(organization=org, name="Musée Gadagne")
    client = client_for(staff)
    response = client.get(history_url(org, gadagne))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Imported from musees.csv" in content and "Created" in content and str(admin) in content

    # A later edit is compared with the values the import wrote.
    gadagne.city = "Villeurbanne"
    gadagne.save()
    content = client.get(history_url(org, gadagne)).content.decode()
    assert "Lyon → Villeurbanne" in content
    assert "Saved without changes" not in content


def test_the_history_page_answers_without_any_record(client_for, org, staff):
    partner = PartnerFactory(organization=org)
    partner.history.all().delete()
    response = client_for(staff).get(history_url(org, partner))
    assert response.status_code == 200
    assert "No change has been recorded for this partner yet." in response.content.decode()


def test_undoing_an_import_leaves_the_history_page_of_what_it_had_changed_working(client_for, org, admin):
    gadagne = PartnerFactory(organization=org, name="Musée Gadagne", city="Lyon", wikidata_qid="Q3329723")
    job = run(job_for(org, FILE, name="musees.csv", mode=ImportJob.Mode.UPDATE), user=admin)
    assert tasks.start_undo(job, by=admin)
    assert client_for(admin).get(history_url(org, gadagne)).status_code == 200
