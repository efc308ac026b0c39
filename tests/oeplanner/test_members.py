from django.urls import reverse

from oeplanner.models import Membership, Role, User


def members_url(org):
    return reverse("member_list", kwargs={"org_slug": org.slug})


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
        assert "Invite a member" not in page and "Invitations" not in page
        response = client.post(reverse("member_invite", kwargs={"org_slug": org.slug}), {"identifier": "x"})
        assert response.status_code == 403


def test_member_list_runs_a_fixed_number_of_queries(client_for, admin, org, django_assert_num_queries):
    from tests.factories import MembershipFactory

    client = client_for(admin)
    client.get(members_url(org))  # warm the session
    MembershipFactory.create_batch(3, organization=org)
    with django_assert_num_queries(7) as few:  # unread notifications in the navbar, then the invitations
        client.get(members_url(org))
    MembershipFactory.create_batch(30, organization=org)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(members_url(org))
