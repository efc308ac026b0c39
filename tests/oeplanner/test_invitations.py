"""Members join by invitation only: the admin's form tells nothing about accounts, and only the invited
person, by accepting, becomes a member."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from oeplanner.models import Invitation, Membership, Role, User
from oeplanner.services import invite
from tests.factories import UserFactory

# The e-mail goes out once the invitation is committed, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def invite_url(org):
    return reverse("member_invite", kwargs={"org_slug": org.slug})


def members_url(org):
    return reverse("member_list", kwargs={"org_slug": org.slug})


def link_in(message):
    """The path of the invitation link in an e-mail."""
    path = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body).group(1)
    assert path in message.alternatives[0][0]
    return path


def send_invitation(client, org, identifier, role=Role.VOLUNTEER):
    return client.post(invite_url(org), {"identifier": identifier, "role": role}, follow=True)


def test_an_admin_cannot_attach_a_member_of_another_organization_without_consent(client_for, admin, org, outsider):
    client = client_for(admin)
    page = send_invitation(client, org, "mallory", Role.STAFF).content.decode()

    assert not Membership.objects.filter(user=outsider, organization=org).exists()
    assert outsider.email not in page
    assert outsider.email not in client.get(members_url(org)).content.decode()
    [message] = mail.outbox
    assert message.to == [outsider.email]
    assert "Wikimedia Testland" in message.subject
    assert "Alice invites you to join Wikimedia Testland on OE Planner, its partnership planner, as Staff." in (
        " ".join(message.body.split())
    )


def _answer_page(client, org, identifier):
    """The page the admin sees after inviting, with what they typed and per-request tokens blanked."""
    Invitation.objects.all().delete()
    content = send_invitation(client, org, identifier).content.decode()
    # Where the page repeats what the admin typed: the message and the invitation's row.
    for shown in (f"“{identifier}”", f'<td class="text-break">{identifier}', f"> {identifier}</span>"):
        content = content.replace(shown, "IDENTIFIER")
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)
    return re.sub(r"/invitations/\d+/", "/invitations/N/", content)


def test_the_answer_is_the_same_for_existing_unknown_and_member_accounts(client_for, admin, staff, org, outsider):
    client = client_for(admin)
    pages = {
        identifier: _answer_page(client, org, identifier)
        for identifier in [
            "mallory",  # an account of another organization
            "nobody-here",  # no such username
            "mallory@example.org",  # an account's address
            "nobody@nowhere.example",  # no account
            "bob",  # already a member here
        ]
    }
    assert "is invited as Volunteer" in pages["mallory"]
    assert len(set(pages.values())) == 1, "the page differs between identifiers"
    assert Membership.objects.filter(user=outsider).count() == 1
    assert Membership.objects.get(user=staff, organization=org).role == Role.STAFF


def test_a_new_person_sees_who_invites_them_signs_up_and_joins(client, client_for, admin, org):
    send_invitation(client_for(admin), org, "dana@museum.example", Role.STAFF)
    client.logout()
    [message] = mail.outbox
    assert message.to == ["dana@museum.example"]
    assert not User.objects.filter(email="dana@museum.example").exists()
    link = link_in(message)

    page = client.get(link).content.decode()
    assert "Join Wikimedia Testland?" in page
    assert "Alice invites you to join Wikimedia Testland as Staff." in page
    assert "Your account will use dana@museum.example" in page

    response = client.post(
        link,
        {
            "action": "sign_up",
            "username": "dana",
            "first_name": "Dana",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
        follow=True,
    )
    assert "Welcome to Wikimedia Testland: you are Staff here." in response.content.decode()
    dana = User.objects.get(username="dana")
    assert dana.email == "dana@museum.example" and dana.check_password("a long enough passphrase")
    assert Membership.objects.get(user=dana, organization=org).role == Role.STAFF
    assert response.wsgi_request.user == dana
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED


def test_a_sign_up_with_errors_keeps_what_was_typed_and_creates_nothing(client, admin, org):
    invite(org, "dana@museum.example", Role.VOLUNTEER, invited_by=admin)
    link = link_in(mail.outbox[0])
    response = client.post(
        link, {"action": "sign_up", "username": "dana", "password1": "a long passphrase", "password2": "other"}
    )
    content = response.content.decode()
    assert "The two password fields didn’t match." in content
    assert 'value="dana"' in content
    assert not User.objects.filter(username="dana").exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_an_invitation_to_an_address_is_accepted_by_the_account_with_that_address(client_for, admin, org, outsider):
    invite(org, "Mallory@Example.org", Role.VOLUNTEER, invited_by=admin)
    link = link_in(mail.outbox[0])
    client = client_for(outsider)
    page = client.get(link).content.decode()
    assert "Accept and join Wikimedia Testland" in page

    client.post(link, {"action": "accept"})
    assert Membership.objects.get(user=outsider, organization=org).role == Role.VOLUNTEER


def test_nobody_signs_up_again_with_an_address_that_has_an_account(client, admin, org, outsider):
    invite(org, outsider.email, Role.ADMIN, invited_by=admin)
    link = link_in(mail.outbox[0])
    page = client.get(link).content.decode()
    assert "Log in to accept" in page and "Create your account" not in page

    data = {
        "action": "sign_up",
        "username": "mallory2",
        "password1": "a long passphrase",
        "password2": "a long passphrase",
    }
    client.post(link, data)
    assert not User.objects.filter(username="mallory2").exists()
    assert not Membership.objects.filter(organization=org, role=Role.ADMIN).exclude(user=admin).exists()


def test_an_invitation_by_username_is_only_for_that_account(client_for, admin, org, outsider):
    same_address = UserFactory(username="mallory-twin", email=outsider.email)
    invite(org, "mallory", Role.STAFF, invited_by=admin)
    link = link_in(mail.outbox[0])

    client = client_for(same_address)
    assert client.post(link, {"action": "accept"}).status_code == 403
    assert not Membership.objects.filter(user=same_address, organization=org).exists()

    client_for(outsider).post(link, {"action": "accept"})
    assert Membership.objects.get(user=outsider, organization=org).role == Role.STAFF


def test_someone_else_signed_in_can_neither_accept_nor_decline(client_for, admin, org, volunteer, outsider):
    invite(org, "dana@museum.example", Role.ADMIN, invited_by=admin)
    link = link_in(mail.outbox[0])
    client = client_for(outsider)

    page = client.get(link)
    assert page.status_code == 403
    assert "This invitation was sent to someone else" in page.content.decode()
    for action in ("accept", "decline"):
        assert client.post(link, {"action": action}).status_code == 403
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    assert not Membership.objects.filter(user=outsider, organization=org).exists()


def test_declining_makes_no_member_and_the_admin_sees_it(client, client_for, admin, org):
    invite(org, "dana@museum.example", Role.STAFF, invited_by=admin)
    link = link_in(mail.outbox[0])

    response = client.post(link, {"action": "decline"}, follow=True)
    assert "You declined to join Wikimedia Testland." in response.content.decode()
    assert response.status_code == 410
    assert Invitation.objects.get().status == Invitation.Status.DECLINED
    assert Membership.objects.filter(organization=org).count() == 1

    members_page = client_for(admin).get(members_url(org)).content.decode()
    assert "dana@museum.example" in members_page and "Declined" in members_page


@pytest.mark.parametrize(
    "close, words",
    [
        (lambda i: Invitation.objects.filter(pk=i.pk).update(expires_at=timezone.now()), "has expired"),
        (lambda i: Invitation.objects.filter(pk=i.pk).update(status="revoked"), "withdrawn by the organization"),
        (lambda i: Invitation.objects.filter(pk=i.pk).update(status="declined"), "was declined"),
        (lambda i: Invitation.objects.filter(pk=i.pk).update(status="accepted"), "already accepted"),
    ],
)
def test_a_closed_invitation_says_why_and_cannot_be_accepted(client_for, admin, org, outsider, close, words):
    invitation = invite(org, outsider.email, Role.ADMIN, invited_by=admin)
    link = link_in(mail.outbox[0])
    close(invitation)
    client = client_for(outsider)

    page = client.get(link)
    assert page.status_code == 410
    assert words in page.content.decode()
    client.post(link, {"action": "accept"})
    assert not Membership.objects.filter(user=outsider, organization=org).exists()


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("invitation", args=["not-a-real-token"])).status_code == 404


def test_admins_revoke_after_confirming_and_the_link_stops_working(client, client_for, admin, org):
    invitation = invite(org, "dana@museum.example", Role.VOLUNTEER, invited_by=admin)
    link = link_in(mail.outbox[0])
    url = reverse("invitation_revoke", kwargs={"org_slug": org.slug, "invitation_pk": invitation.pk})
    admin_client = client_for(admin)

    assert url in admin_client.get(members_url(org)).content.decode()
    assert "Revoke the invitation of “dana@museum.example”?" in admin_client.get(url).content.decode()
    invitation.refresh_from_db()
    assert invitation.is_open

    admin_client.post(url)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    client.logout()
    assert client.get(link).status_code == 410


def test_a_new_invitation_replaces_the_open_one_for_the_same_person(client_for, admin, org):
    client = client_for(admin)
    send_invitation(client, org, "dana@museum.example", Role.VOLUNTEER)
    send_invitation(client, org, "DANA@museum.example", Role.STAFF)
    first, second = (link_in(message) for message in mail.outbox)
    client.logout()
    assert client.get(first).status_code == 410
    assert "as Staff" in client.get(second).content.decode()


def test_one_organization_cannot_revoke_or_see_another_s_invitations(client_for, admin, org, other_org, outsider):
    theirs = invite(other_org, "dana@museum.example", Role.VOLUNTEER, invited_by=outsider)
    client = client_for(admin)
    url = reverse("invitation_revoke", kwargs={"org_slug": org.slug, "invitation_pk": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open
    assert "dana@museum.example" not in client.get(members_url(org)).content.decode()


def test_accepting_when_already_a_member_keeps_the_role(client_for, admin, staff, org):
    invite(org, "bob", Role.ADMIN, invited_by=admin)
    client_for(staff).post(link_in(mail.outbox[0]), {"action": "accept"})
    assert Membership.objects.get(user=staff, organization=org).role == Role.STAFF


def test_an_invitation_lasts_the_configured_number_of_days(admin, org, settings):
    settings.INVITATION_DAYS = 3
    invitation = invite(org, "dana@museum.example", Role.VOLUNTEER, invited_by=admin)
    assert invitation.expires_at - invitation.created_at == pytest.approx(timedelta(days=3), abs=timedelta(seconds=5))
    assert "3 days" in mail.outbox[0].body


def test_the_token_is_not_stored(admin, org):
    invite(org, "dana@museum.example", Role.VOLUNTEER, invited_by=admin)
    token = link_in(mail.outbox[0]).split("/")[2]
    assert not Invitation.objects.filter(token_hash__contains=token).exists()


def test_the_members_page_reads_the_same_number_of_queries_for_5_and_50_invitations(
    client_for, admin, org, django_assert_num_queries
):
    client = client_for(admin)
    client.get(members_url(org))  # warm the session
    for n in range(5):
        invite(org, f"person{n}@example.org", Role.VOLUNTEER, invited_by=admin)
    with django_assert_num_queries(7) as few:  # the invitations, after the members and the navigation
        client.get(members_url(org))
    for n in range(5, 50):
        invite(org, f"person{n}@example.org", Role.VOLUNTEER, invited_by=admin)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(members_url(org)).content.decode()
    assert "person49@example.org" in page
