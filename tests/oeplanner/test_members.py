from django.core import mail
from django.urls import reverse

from oeplanner.models import Membership, Role, User


def members_url(org):
    return reverse("member_list", kwargs={"org_slug": org.slug})


def test_admin_adds_an_existing_user_by_username(client_for, admin, org, outsider):
    client = client_for(admin)
    response = client.post(
        reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "mallory", "role": Role.STAFF}, follow=True
    )
    assert Membership.objects.get(user=outsider, organization=org).role == Role.STAFF
    assert "was added as Staff" in response.content.decode()


def test_admin_adds_an_existing_user_by_email(client_for, admin, org, outsider):
    client_for(admin).post(
        reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "MALLORY@example.org", "role": "volunteer"}
    )
    assert Membership.objects.filter(user=outsider, organization=org, role=Role.VOLUNTEER).exists()


def test_a_new_email_gets_an_account_and_an_invitation(client_for, admin, org):
    client_for(admin).post(
        reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "dana@museum.example", "role": "volunteer"}
    )
    user = User.objects.get(email="dana@museum.example")
    assert not user.has_usable_password()
    assert org.memberships.filter(user=user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@museum.example"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_an_unknown_username_is_refused_with_a_clear_message(client_for, admin, org):
    response = client_for(admin).post(
        reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "nobody-here", "role": "volunteer"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "No account has the username “nobody-here”" in content
    assert 'value="nobody-here"' in content
    assert org.memberships.count() == 1


def test_adding_someone_twice_is_refused(client_for, admin, staff, org):
    response = client_for(admin).post(
        reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "bob", "role": "volunteer"}
    )
    assert "is already a member" in response.content.decode()
    assert Membership.objects.get(user=staff, organization=org).role == Role.STAFF


def test_admin_changes_a_role(client_for, admin, volunteer, org):
    membership = Membership.objects.get(user=volunteer, organization=org)
    client_for(admin).post(
        reverse("member_role", kwargs={"org_slug": org.slug, "membership_pk": membership.pk}), {"role": "staff"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_the_last_admin_cannot_step_down_or_leave(client_for, admin, org):
    membership = Membership.objects.get(user=admin, organization=org)
    client = client_for(admin)
    response = client.post(
        reverse("member_role", kwargs={"org_slug": org.slug, "membership_pk": membership.pk}),
        {"role": "volunteer"},
        follow=True,
    )
    assert "needs at least one admin" in response.content.decode()
    client.post(reverse("member_remove", kwargs={"org_slug": org.slug, "membership_pk": membership.pk}))
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_removing_a_member_asks_for_confirmation_first(client_for, admin, volunteer, org):
    membership = Membership.objects.get(user=volunteer, organization=org)
    url = reverse("member_remove", kwargs={"org_slug": org.slug, "membership_pk": membership.pk})
    client = client_for(admin)

    page = client.get(url)
    assert "Remove carol" in page.content.decode() or f"Remove {volunteer}" in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=volunteer.pk).exists()


def test_staff_and_volunteers_see_members_but_cannot_manage_them(client_for, staff, volunteer, org):
    for user in (staff, volunteer):
        client = client_for(user)
        page = client.get(members_url(org)).content.decode()
        assert "Add a member" not in page
        assert client.post(reverse("member_add", kwargs={"org_slug": org.slug}), {"identifier": "x"}).status_code == 403


def test_member_list_runs_a_fixed_number_of_queries(client_for, admin, org, django_assert_num_queries):
    from tests.factories import MembershipFactory

    client = client_for(admin)
    client.get(members_url(org))  # warm the session
    MembershipFactory.create_batch(3, organization=org)
    with django_assert_num_queries(6) as few:  # the sixth: unread notifications in the navbar
        client.get(members_url(org))
    MembershipFactory.create_batch(30, organization=org)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(members_url(org))
