"""Signing in with a Wikimedia account, against a fake Meta-Wiki (the only thing not real)."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from social_django.models import UserSocialAuth

from oeplanner.models import Role, User
from oeplanner.services import invite
from oeplanner.settings.base import content_security_policy
from oeplanner.wikimedia import WikimediaBackend
from tests.accounts_oauth.fake_wiki import TAMPERING
from tests.factories import UserFactory


def _text(response):
    return html.unescape(response.content.decode())


def test_the_login_page_offers_wikimedia_only_when_configured(client, settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_KEY = ""
    assert "Sign in with Wikimedia" not in _text(client.get(reverse("login")))

    settings.SOCIAL_AUTH_MEDIAWIKI_KEY, settings.SOCIAL_AUTH_MEDIAWIKI_SECRET = "key", "secret"
    page = _text(client.get(reverse("login")))
    assert "Sign in with Wikimedia" in page
    assert 'name="password"' in page  # local accounts keep their form beside it


def test_signing_in_is_refused_while_not_configured(client, settings):
    settings.SOCIAL_AUTH_MEDIAWIKI_KEY = ""
    assert client.post(reverse("social:begin", args=["mediawiki"])).status_code == 404


def test_a_first_sign_in_creates_an_account_with_no_organization(db, wiki, sign_in_with_wikimedia):
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)

    page = sign_in_with_wikimedia(wiki)

    assert page.redirect_chain[-1][0] == reverse("home")
    assert "You are not a member of any organization yet." in _text(page)
    assert "Ask an admin of your organization to invite you" in _text(page)
    link = UserSocialAuth.objects.get(provider="mediawiki")
    assert link.uid == "4242"
    assert link.extra_data["username"] == "Jane Doe"
    user = link.user
    assert user.username == "Jane_Doe"
    assert user.email == "jane@example.org"
    assert not user.has_usable_password()
    assert page.context["user"] == user


def test_an_address_wikimedia_did_not_confirm_is_not_taken(db, wiki, sign_in_with_wikimedia):
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=False)

    sign_in_with_wikimedia(wiki)

    assert User.objects.get(social_auth__uid="4242").email == ""


def test_a_first_sign_in_never_takes_over_a_local_account_with_the_same_address_or_name(
    db, wiki, sign_in_with_wikimedia
):
    local = UserFactory(username="Jane_Doe", email="jane@example.org")
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)

    page = sign_in_with_wikimedia(wiki)

    newcomer = page.context["user"]
    assert newcomer != local
    assert newcomer.username.startswith("Jane_Doe") and newcomer.username != "Jane_Doe"
    assert not local.social_auth.exists()


def test_a_returning_sign_in_finds_the_account_by_its_central_id_after_a_rename(
    client, org, wiki, sign_in_with_wikimedia
):
    wiki.sign_in_as("4242", "Jane Doe")
    user = sign_in_with_wikimedia(wiki).context["user"]
    org.memberships.create(user=user, role=Role.STAFF)
    client.logout()

    wiki.sign_in_as("4242", "Jane Q. Doe")  # renamed on the wikis; the central id stays
    page = sign_in_with_wikimedia(wiki)

    assert page.context["user"] == user
    assert page.redirect_chain[-1][0] == f"/o/{org.slug}/"
    assert User.objects.count() == 1
    assert user.social_auth.get().extra_data["username"] == "Jane Q. Doe"


def test_a_blocked_account_is_refused_with_a_clear_message(db, wiki, sign_in_with_wikimedia):
    wiki.sign_in_as("4242", "Vandal", blocked=True)

    page = sign_in_with_wikimedia(wiki)

    assert page.redirect_chain[-1][0] == reverse("login")
    assert "This Wikimedia account is blocked, so it cannot be used to sign in here." in _text(page)
    assert not page.context["user"].is_authenticated
    assert not User.objects.exists()


@pytest.mark.parametrize("tamper", TAMPERING)
def test_a_tampered_identity_is_refused(db, wiki, sign_in_with_wikimedia, tamper):
    wiki.sign_in_as("4242", "Jane Doe")
    wiki.tamper = tamper

    page = sign_in_with_wikimedia(wiki)

    assert page.redirect_chain[-1][0] == reverse("login")
    assert "Wikimedia's answer could not be verified, so you were not signed in." in _text(page)
    assert not page.context["user"].is_authenticated
    assert not User.objects.exists()
    assert "special:oauth/identify" in wiki.calls


def test_an_invitation_to_the_address_wikimedia_confirmed_waits_on_the_home_page(
    client, org, admin, wiki, sign_in_with_wikimedia
):
    invite(org, "Jane@Example.org", Role.VOLUNTEER, invited_by=admin)
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)

    page = sign_in_with_wikimedia(wiki)

    assert "Invitations waiting for you" in _text(page)
    assert f"{org.name} invites you as Volunteer." in _text(page)
    invitation = page.context["invitations"][0]
    joined = client.post(reverse("invitation_waiting", args=[invitation.pk]), {"action": "accept"}, follow=True)
    assert joined.redirect_chain[-1][0] == f"/o/{org.slug}/"
    assert f"Welcome to {org.name}" in _text(joined)
    assert org.memberships.get(user=page.context["user"]).role == Role.VOLUNTEER


def test_an_invitation_to_an_address_wikimedia_did_not_confirm_needs_its_link(
    client, org, admin, wiki, sign_in_with_wikimedia
):
    invitation = invite(org, "jane@example.org", Role.VOLUNTEER, invited_by=admin)
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=False)

    page = sign_in_with_wikimedia(wiki)
    user = page.context["user"]
    user.email = "jane@example.org"  # typed in the profile: proves nothing without the link
    user.save()

    assert "Invitations waiting for you" not in _text(client.get(reverse("home")))
    refused = client.post(reverse("invitation_waiting", args=[invitation.pk]), {"action": "accept"})
    assert refused.status_code == 404
    assert not org.memberships.filter(user=user).exists()


def test_declining_a_waiting_invitation(client, org, admin, wiki, sign_in_with_wikimedia):
    invitation = invite(org, "jane@example.org", Role.STAFF, invited_by=admin)
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)
    sign_in_with_wikimedia(wiki)

    page = client.post(reverse("invitation_waiting", args=[invitation.pk]), {"action": "decline"}, follow=True)

    assert f"You declined to join {org.name}." in _text(page)
    assert "Invitations waiting for you" not in _text(page)
    invitation.refresh_from_db()
    assert invitation.status == invitation.Status.DECLINED


def test_a_member_links_their_wikimedia_account_from_the_profile_then_signs_in_with_it(
    client_for, volunteer, org, wiki, sign_in_with_wikimedia
):
    client = client_for(volunteer)
    assert "Link a Wikimedia account" in _text(client.get(reverse("profile")))
    wiki.sign_in_as("777", "Carol K", email="carol@example.org", confirmed_email=True)

    page = sign_in_with_wikimedia(wiki, next_url=reverse("profile"))

    assert page.redirect_chain[-1][0] == reverse("profile")
    assert "Linked to the Wikimedia account <strong>Carol K</strong>" in _text(page)
    assert volunteer.social_auth.get().uid == "777"
    client.logout()
    again = sign_in_with_wikimedia(wiki)
    assert again.context["user"] == volunteer
    assert again.redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_a_wikimedia_account_linked_to_someone_else_is_not_linked_again(
    client_for, volunteer, staff, wiki, sign_in_with_wikimedia
):
    UserSocialAuth.objects.create(
        user=staff, provider="mediawiki", uid="777", id_key=WikimediaBackend.ID_KEY, extra_data={"username": "Bob"}
    )
    client_for(volunteer)
    wiki.sign_in_as("777", "Bob")

    page = sign_in_with_wikimedia(wiki, next_url=reverse("profile"))

    assert page.redirect_chain[-1][0] == reverse("profile")
    assert "That Wikimedia account is already linked to another account here." in _text(page)
    assert not volunteer.social_auth.exists()
    assert page.context["user"] == volunteer


def test_an_account_links_one_wikimedia_account_at_most(client_for, volunteer, wiki, sign_in_with_wikimedia):
    client_for(volunteer)
    wiki.sign_in_as("777", "Carol K")
    sign_in_with_wikimedia(wiki, next_url=reverse("profile"))
    wiki.sign_in_as("888", "Carol Again")

    page = sign_in_with_wikimedia(wiki, next_url=reverse("profile"))

    assert "Your account is already linked to a Wikimedia account: unlink it first." in _text(page)
    assert list(volunteer.social_auth.values_list("uid", flat=True)) == ["777"]


def test_a_member_unlinks_their_wikimedia_account(client_for, volunteer, wiki, sign_in_with_wikimedia):
    client = client_for(volunteer)
    wiki.sign_in_as("777", "Carol K")
    sign_in_with_wikimedia(wiki, next_url=reverse("profile"))

    profile = _text(client.get(reverse("profile")))
    assert f'href="{reverse("wikimedia_unlink")}"' in profile
    confirmation = _text(client.get(reverse("wikimedia_unlink")))
    assert "Unlink the Wikimedia account Carol K?" in confirmation
    assert "You will no longer be able to sign in with Wikimedia" in confirmation
    assert volunteer.social_auth.exists()  # nothing happens before the confirmation

    page = client.post(reverse("social:disconnect", args=["mediawiki"]), {"next": reverse("profile")}, follow=True)

    assert page.redirect_chain[-1][0].endswith(reverse("profile"))
    assert "Your Wikimedia account was unlinked: sign in with your username and password." in _text(page)
    assert "Link a Wikimedia account" in _text(page)
    assert not volunteer.social_auth.exists()
    assert client.get(reverse("wikimedia_unlink")).url == reverse("profile")  # nothing left to unlink
    client.logout()
    newcomer = sign_in_with_wikimedia(wiki).context["user"]
    assert newcomer != volunteer  # the unlinked Wikimedia account no longer opens Carol's


def test_an_account_without_a_password_cannot_unlink_its_only_way_in(client, db, wiki, sign_in_with_wikimedia):
    wiki.sign_in_as("4242", "Jane Doe")
    user = sign_in_with_wikimedia(wiki).context["user"]

    page = client.post(reverse("social:disconnect", args=["mediawiki"]), {"next": reverse("profile")}, follow=True)

    assert "Your account has no password, so unlinking Wikimedia would leave you no way to sign in." in _text(page)
    assert user.social_auth.exists()


def test_an_admin_invites_a_signed_in_wikimedia_account_by_its_wikimedia_username(
    client, org, admin, wiki, sign_in_with_wikimedia
):
    wiki.sign_in_as("4242", "Jane Doe")  # no e-mail given: only the app can show the invitation
    user = sign_in_with_wikimedia(wiki).context["user"]

    invitation = invite(org, "jane_Doe", Role.STAFF, invited_by=admin)

    assert invitation.user == user
    page = client.get(reverse("home"))
    assert f"{org.name} invites you as Staff." in _text(page)
    client.post(reverse("invitation_waiting", args=[invitation.pk]), {"action": "accept"})
    assert org.memberships.get(user=user).role == Role.STAFF


def test_a_waiting_invitation_of_someone_else_answers_404(client_for, org, admin, volunteer, staff):
    invitation = invite(org, staff.username, Role.ADMIN, invited_by=admin)

    response = client_for(volunteer).post(reverse("invitation_waiting", args=[invitation.pk]), {"action": "accept"})

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == invitation.Status.PENDING


def test_the_policy_lets_the_sign_in_form_reach_the_wiki_only_when_configured():
    assert "form-action 'self';" in content_security_policy(None)
    assert "form-action 'self' https://meta.wikimedia.org;" in content_security_policy(
        "https://meta.wikimedia.org/w/index.php"
    )


def test_the_invitation_link_signs_in_with_wikimedia_and_comes_back_to_accept(
    client, org, admin, wiki, sign_in_with_wikimedia, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(org, "jane@example.org", Role.VOLUNTEER, invited_by=admin)
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[0].body).group(1)
    assert "Log in to accept" in _text(client.get(link))
    wiki.sign_in_as("4242", "Jane Doe", email="jane@example.org", confirmed_email=True)

    page = sign_in_with_wikimedia(wiki, next_url=link)

    assert page.redirect_chain[-1][0] == link
    assert f"Accept and join {org.name}" in _text(page)
    joined = client.post(link, {"action": "accept"}, follow=True)
    assert f"Welcome to {org.name}" in _text(joined)
