"""The partner list's rows and filter bar and my dashboard's rows and follow-ups are drawn once and kept
(oeplanner.fragments): a second visit draws none of them, and any value they show, changed, shows at once."""

import re
import uuid
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactFactory, FollowUpFactory, InteractionFactory, PartnerFactory, TagFactory


def list_url(org, query=""):
    return reverse("partner_list", kwargs={"org_slug": org.slug}) + query


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), {template.name for template in response.templates}


def without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def row(html, name):
    """The table row of the partner named ``name``."""
    return re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(name)}</a>.*?</tr>", html, re.S).group(0)


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_second_visit_of_the_list_draws_neither_its_rows_nor_its_filter_bar(client_for, staff, org):
    # Names no earlier test gave: the first visit cannot find these fragments kept already.
    PartnerFactory(organization=org, owner=staff, name=uuid.uuid4().hex)
    TagFactory(organization=org, name=uuid.uuid4().hex)
    client = client_for(staff)
    first, drawn_first = visit(client, list_url(org))
    second, drawn_second = visit(client, list_url(org))
    assert {"partners/_cadence_badge.html", "oeplanner/_filter_card.html"} <= drawn_first
    assert "partners/_cadence_badge.html" not in drawn_second
    assert "oeplanner/_filter_card.html" not in drawn_second
    assert without_csrf(second) == without_csrf(first)


def test_a_row_shows_each_changed_value_at_once(client_for, staff, org):
    tag = TagFactory(organization=org, name="paintings")
    partner = PartnerFactory(organization=org, owner=staff, name="Musée des Confluences", city="Lyon")
    partner.tags.add(tag)
    client = client_for(staff)
    before = row(visit(client, list_url(org))[0], partner.name)
    assert "Lyon" in before and "paintings" in before and "On track" in before

    partner.city = "Villeurbanne"
    partner.save()
    assert "Villeurbanne" in row(visit(client, list_url(org))[0], partner.name)

    partner.stage.name = "Courting"
    partner.stage.save()
    assert "Courting" in row(visit(client, list_url(org))[0], partner.name)

    staff.first_name, staff.last_name = "Roberta", "Lafleur"
    staff.save()
    assert "Roberta Lafleur" in row(visit(client, list_url(org))[0], partner.name)

    tag.name = "sculpture"
    tag.save()
    assert "sculpture" in row(visit(client, list_url(org))[0], partner.name)

    long_ago = timezone.localdate() - timedelta(days=400)
    type(partner).objects.filter(pk=partner.pk).update(contact_due_on=long_ago, stale_on=long_ago)
    assert "Stale" in row(visit(client, list_url(org))[0], partner.name)


def test_the_filter_bar_shows_new_choices_and_what_was_asked(client_for, staff, volunteer, org):
    client = client_for(staff)
    before = visit(client, list_url(org))[0]
    assert "Carol" in " ".join(options(before, "owner"))

    TagFactory(organization=org, name="maps")
    volunteer.first_name, volunteer.last_name = "Caroline", "Dupont"
    volunteer.save()
    stage = org.stages.first()
    stage.name = "Dreaming"
    stage.save()
    after = visit(client, list_url(org))[0]
    assert "maps" in options(after, "tag")
    assert "Caroline Dupont" in options(after, "owner")
    assert "Dreaming" in options(after, "stage")

    asked = visit(client, list_url(org, "?sector=education"))[0]
    assert re.search(r'<option value="education" selected>', asked)
    assert "Filters (1)" in asked


def test_the_kept_filter_bar_follows_the_language(client_for, staff, org):
    client = client_for(staff)
    assert "Filters" in visit(client, list_url(org))[0]
    staff.language = "fr"
    staff.save()
    french = visit(client, list_url(org))[0]
    assert 'aria-label="Filtrer les partenaires"' in french or "Filtres" in french


def dashboard(org):
    return reverse("org_home", kwargs={"org_slug": org.slug})


def test_a_second_visit_of_my_dashboard_draws_none_of_my_partners_rows(client_for, volunteer, org):
    PartnerFactory(organization=org, owner=volunteer, name=uuid.uuid4().hex)
    client = client_for(volunteer)
    first, drawn_first = visit(client, dashboard(org))
    second, drawn_second = visit(client, dashboard(org))
    assert "partners/_cadence_badge.html" in drawn_first
    assert "partners/_cadence_badge.html" not in drawn_second


def test_my_follow_ups_show_each_changed_value_and_their_forms_work(client_for, volunteer, org):
    partner = PartnerFactory(organization=org, owner=volunteer, name="Bibliothèque municipale")
    follow_up = FollowUpFactory(
        partner=partner, assignee=volunteer, title="Send the agreement", due_on=timezone.localdate() + timedelta(days=2)
    )
    client = client_for(volunteer)
    assert "Send the agreement" in visit(client, dashboard(org))[0]

    follow_up.title = "Send the signed agreement"
    follow_up.due_on = timezone.localdate() - timedelta(days=1)
    follow_up.save()
    partner.name = "Médiathèque"
    partner.save()
    html = visit(client, dashboard(org))[0]
    assert "Send the signed agreement" in html
    assert "Médiathèque" in html
    assert re.search(r"Send the signed agreement.*?Overdue", html, re.S)

    # Each item's form carries the CSRF field of this response: kept markup never holds one.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(volunteer)
    strict.get(dashboard(org))
    html = visit(strict, dashboard(org))[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    done = reverse("follow_up_done", kwargs={"org_slug": org.slug, "follow_up_pk": follow_up.pk})
    response = strict.post(done, {"csrfmiddlewaretoken": token, "done": "1", "next": dashboard(org)})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_the_partner_timeline_shows_each_changed_value_and_each_members_links(client_for, staff, volunteer, org):
    partner = PartnerFactory(organization=org, owner=staff)
    contact = ContactFactory(partner=partner, name="Ada Curator")
    interaction = InteractionFactory(partner=partner, author=staff, summary="Talked about maps.")
    interaction.their_participants.add(contact)
    edit = reverse("interaction_edit", kwargs={"org_slug": org.slug, "interaction_pk": interaction.pk})
    staff_client = client_for(staff)
    html = visit(staff_client, partner.get_absolute_url())[0]
    assert "Talked about maps." in html and "Ada Curator" in html and edit in html

    type(interaction).objects.filter(pk=interaction.pk).update(summary="Talked about old maps.")
    contact.name = "Ada Lovelace"
    contact.save()
    html = visit(staff_client, partner.get_absolute_url())[0]
    assert "Talked about old maps." in html and "Ada Lovelace" in html

    # The volunteer neither wrote it nor is staff: the same entry, without its edit link.
    html = visit(client_for(volunteer), partner.get_absolute_url())[0]
    assert "Talked about old maps." in html
    assert edit not in html


def test_the_partner_pages_follow_ups_show_each_changed_value(client_for, staff, volunteer, org):
    partner = PartnerFactory(organization=org, owner=staff)
    follow_up = FollowUpFactory(partner=partner, assignee=volunteer, title="Send the agreement")
    client = client_for(staff)
    assert "Send the agreement" in visit(client, partner.get_absolute_url())[0]
    type(follow_up).objects.filter(pk=follow_up.pk).update(title="Send the signed agreement")
    volunteer.first_name, volunteer.last_name = "Caroline", "Dupont"
    volunteer.save()
    html = visit(client, partner.get_absolute_url())[0]
    assert "Send the agreement" not in html
    assert html.count("Send the signed agreement") >= 2  # the open follow-ups and the timeline
    assert "Caroline Dupont" in html
