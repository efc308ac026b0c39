"""The app speaks English, French, German and Spanish: the member's profile choice, else the footer's switcher,
else the browser's language. E-mails and the calendar feed follow the member; new organizations get their
statements and recommendations in their creator's language."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from oeplanner.models import User
from oeplanner.services import create_organization
from questionnaire.defaults import DEFAULT_RECOMMENDATIONS, DEFAULT_STATEMENTS
from reminders.models import ReminderPreference
from reminders.services import sweep
from tests.factories import FollowUpFactory, PartnerFactory, UserFactory

TRANSLATED_LANGUAGES = ["fr", "de", "es"]

# The main pages, and the English heading each shows.
MAIN_PAGES = [
    ("partner_list", "Partners"),
    ("follow_up_list", "Follow-ups"),
    ("partnership_list", "Partnerships"),
    ("round_list", "Self-assessment on partnerships"),
    ("statement_list", "Statements"),
    ("recommendation_list", "Recommendations self-check"),
    ("plan_list", "Capacity-building plans"),
]


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    # The test client serves requests in the test's own thread: without this, the language of a French request
    # would stay active for the tests that follow, and their organizations would start in French.
    yield
    translation.deactivate()


def heading(page):
    """The text of the page's first-level heading, tags and spacing removed."""
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode(), re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", h1).split())


def translated(language, message):
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_main_pages_speak_the_browsers_language(client_for, admin, org, language):
    client = client_for(admin)
    for name, english in MAIN_PAGES:
        expected = translated(language, english)
        assert expected != english, f"{english!r} has no {language} translation"
        page = client.get(reverse(name, kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE=language)
        assert page["Content-Language"] == language
        assert heading(page).startswith(expected)
    community = client.get(reverse("community_home"), HTTP_ACCEPT_LANGUAGE=language)
    # German keeps the loanword "Community": the page's language and its heading's catalogue entry say it all.
    assert community["Content-Language"] == language
    assert heading(community) == translated(language, "Community")
    overview = client.get(reverse("overview", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        assert heading(overview) == gettext("%(name)s at a glance") % {"name": org.name}
    client.logout()
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language)
    assert heading(login) == translated(language, "Log in") != "Log in"


def test_a_french_browser_gets_french_words_and_dates(client_for, admin, org):
    partner = PartnerFactory(organization=org, name="Musée Gadagne")
    FollowUpFactory(partner=partner, assignee=admin, due_on=date(2026, 2, 20), title="Envoyer le guide")
    FollowUpFactory(partner=partner, assignee=admin, due_on=date(2027, 4, 1), title="Relancer le musée")
    page = client_for(admin).get(reverse("follow_up_list", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    assert '<html lang="fr">' in text
    assert heading(page).startswith("Suivis")
    # Month names as French writes them, not an English-style capitalised abbreviation ("1 Avr 2027").
    assert "échéance le 20 février 2026" in text
    assert "échéance le 1 avril 2027" in text
    assert "Changer de langue" in text


def test_an_english_browser_keeps_short_dates(client_for, admin, org):
    partner = PartnerFactory(organization=org, name="Museum of London")
    FollowUpFactory(partner=partner, assignee=admin, due_on=date(2027, 4, 1), title="Call back")
    page = client_for(admin).get(reverse("follow_up_list", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE="en")
    assert "due 1 Apr 2027" in page.content.decode()


def test_a_heading_made_of_a_model_name_starts_with_a_capital(client_for, admin, org):
    page = client_for(admin).get(reverse("api_token_list", args=[org.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    assert heading(page) == "Jetons d'API"


def test_the_switcher_works_signed_out_and_keeps_the_choice(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")

    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert heading(page) == "Se connecter"
    assert re.search(r'<option value="fr" lang="fr" selected>Français</option>', page.content.decode())


def test_the_switcher_refuses_an_address_of_another_site(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_profile_language_wins_over_the_browser_and_the_switcher(client_for, admin, org):
    admin.language = "fr"
    admin.save()
    client = client_for(admin)
    client.cookies["django_language"] = "de"
    page = client.get(reverse("partner_list", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE="es")
    assert heading(page).startswith("Partenaires")


def test_without_a_profile_language_the_browser_decides(client_for, admin, org):
    page = client_for(admin).get(reverse("partner_list", kwargs={"org_slug": org.slug}), HTTP_ACCEPT_LANGUAGE="fr")
    assert heading(page).startswith("Partenaires")
    admin.refresh_from_db()
    assert admin.language == ""


def test_a_member_chooses_a_language_in_the_profile_or_with_the_switcher(client_for, admin):
    client = client_for(admin)
    data = {
        "first_name": "Alice",
        "last_name": "",
        "email": admin.email,
        "language": "fr",
        "time_zone": "UTC",
        "landing_page": User.LandingPage.MY_DASHBOARD,
    }
    response = client.post(reverse("profile"), data, follow=True)
    assert "Votre profil a été enregistré." in response.content.decode()
    admin.refresh_from_db()
    assert admin.language == "fr"

    client.post(reverse("set_language"), {"language": "es", "next": reverse("profile")})
    admin.refresh_from_db()
    assert admin.language == "es"


def test_a_reminder_e_mail_goes_out_in_the_members_french(org, volunteer, staff):
    volunteer.language = "fr"
    volunteer.save()
    ReminderPreference.objects.create(user=volunteer, send_hour=0)
    partner = PartnerFactory(organization=org, owner=staff, name="Musée Gadagne")
    due = timezone.localdate()
    FollowUpFactory(partner=partner, assignee=volunteer, due_on=due, title="Envoyer le guide")

    sweep(clock=timezone.now)

    [message] = mail.outbox
    assert message.subject == "À faire aujourd'hui : Envoyer le guide"
    assert "« Envoyer le guide » (Musée Gadagne) est à faire aujourd'hui." in message.body
    assert "Bonjour" in message.body


def test_a_french_members_calendar_feed_is_named_in_french(client, volunteer):
    volunteer.language = "fr"
    volunteer.save()
    preference = ReminderPreference.for_user(volunteer)
    feed = client.get(reverse("calendar_feed", args=[preference.calendar_token]), HTTP_ACCEPT_LANGUAGE="en")
    assert "X-WR-CALNAME:OE Planner : mes suivis" in feed.content.decode()


def test_an_invitation_to_a_new_person_goes_out_in_the_inviting_admins_language(
    client_for, admin, org, django_capture_on_commit_callbacks
):
    admin.language = "fr"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(
            reverse("member_invite", kwargs={"org_slug": org.slug}),
            {"identifier": "dana@museum.example", "role": "volunteer"},
        )
    [message] = mail.outbox
    assert message.subject == "Invitation à rejoindre Wikimedia Testland sur OE Planner"


@pytest.mark.parametrize("language", ["en", *TRANSLATED_LANGUAGES])
def test_a_new_organization_starts_in_its_first_admins_language(db, language):
    founder = UserFactory(username="founder", language=language)
    org = create_organization(name="Wikimedia Newland", slug="newland", admin=founder)

    items = list(org.statements.order_by("position").values_list("area", "text"))
    assert items == [tuple(item) for item in DEFAULT_STATEMENTS[language]]
    recommendations = org.recommendations.order_by("position").values_list("key", "area", "text")
    assert list(recommendations) == [tuple(r) for r in DEFAULT_RECOMMENDATIONS[language]]
    first_stage = org.stages.order_by("position").first()
    assert first_stage.name == translated(language, "Prospect")


def test_without_a_founder_the_language_in_use_picks_the_defaults(db):
    with translation.override("fr"):
        org = create_organization(name="Wikimedia Newland", slug="newland")
    assert org.statements.order_by("position").first().text.startswith("Nous savons quelles institutions")
    assert [stage.name for stage in org.stages.order_by("position")][:2] == ["Prospect", "Premier contact"]


def test_every_language_has_the_same_statements_and_recommendations_in_the_same_order():
    assert set(DEFAULT_STATEMENTS) == set(DEFAULT_RECOMMENDATIONS) == {"en", *TRANSLATED_LANGUAGES}
    for language in TRANSLATED_LANGUAGES:
        assert [area for area, _text in DEFAULT_STATEMENTS[language]] == [
            area for area, _text in DEFAULT_STATEMENTS["en"]
        ]
        assert [(key, area) for key, area, _text in DEFAULT_RECOMMENDATIONS[language]] == [
            (key, area) for key, area, _text in DEFAULT_RECOMMENDATIONS["en"]
        ]
        assert not {text for _area, text in DEFAULT_STATEMENTS[language]} & {
            text for _a, text in DEFAULT_STATEMENTS["en"]
        }
