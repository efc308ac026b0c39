"""After logging in: the dashboard of the organization used last, or the organization's dashboard
for staff and admins who chose it in their profile."""

from django.urls import reverse

from oeplanner.models import Membership, Role


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_a_member_of_two_organizations_lands_on_the_one_used_last(client, volunteer, org, other_org, password):
    Membership.objects.create(user=volunteer, organization=other_org, role=Role.VOLUNTEER)
    volunteer.last_organization = None
    volunteer.save()

    first = log_in(client, "carol", password)
    assert first.redirect_chain[-1][0] == "/"  # never used one yet: the list of both
    assert "Wikimedia Testland" in first.text and "Elsewhere Chapter" in first.text

    client.get(reverse("partner_list", kwargs={"org_slug": other_org.slug}))
    client.post(reverse("logout"))
    again = log_in(client, "carol", password)
    assert again.redirect_chain[-1][0] == f"/o/{other_org.slug}/"
    assert "My dashboard" in again.text

    client.get(reverse("org_home", kwargs={"org_slug": org.slug}))
    client.post(reverse("logout"))
    assert log_in(client, "carol", password).redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_a_member_of_one_organization_goes_straight_to_it(client, volunteer, org, password):
    assert log_in(client, "carol", password).redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_the_organization_left_since_is_not_a_landing_place(client, volunteer, org, other_org, password):
    membership = Membership.objects.create(user=volunteer, organization=other_org, role=Role.VOLUNTEER)
    volunteer.last_organization = other_org
    volunteer.save()
    membership.delete()
    assert log_in(client, "carol", password).redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_staff_can_choose_the_organizations_dashboard_as_their_landing_page(client, client_for, staff, org, password):
    profile = client_for(staff).get(reverse("profile")).text
    assert "Page shown after logging in" in profile
    saved = client.post(
        reverse("profile"),
        {"email": "bob@example.org", "time_zone": "UTC", "landing_page": "overview"},
        follow=True,
    )
    assert "Your profile was saved." in saved.text
    client.post(reverse("logout"))

    landed = log_in(client, "bob", password)
    assert landed.redirect_chain[-1][0] == f"/o/{org.slug}/overview/"


def test_volunteers_are_not_offered_the_organizations_dashboard(client_for, volunteer, org):
    assert "Page shown after logging in" not in client_for(volunteer).get(reverse("profile")).text


def test_a_volunteer_who_chose_the_overview_as_staff_lands_on_their_dashboard(client, volunteer, org, password):
    volunteer.landing_page = "overview"
    volunteer.save()
    assert log_in(client, "carol", password).redirect_chain[-1][0] == f"/o/{org.slug}/"
