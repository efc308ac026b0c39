from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from oeplanner.models import Membership, Organization, User


def test_login_with_the_right_password_opens_the_organization(client, volunteer, org, password):
    response = client.post(reverse("login"), {"username": "carol", "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == f"/o/{org.slug}/"


def test_failed_logins_lock_the_account_for_that_address_only_for_a_while(client, volunteer, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "carol", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "carol", "password": password})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    # Another address is not locked out with this one.
    other = client.post(reverse("login"), {"username": "carol", "password": password}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302

    # The lock is a cool-off, never forever.
    assert settings.AXES_COOLOFF_TIME.total_seconds() > 0


def test_password_reset_sends_a_working_link(client, volunteer):
    client.post(reverse("password_reset"), {"email": volunteer.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    page = client.get(link.split("testserver")[-1], follow=True)
    assert "Choose a new password" in page.content.decode()


def test_profile_saves_the_time_zone(client_for, volunteer):
    client = client_for(volunteer)
    response = client.post(
        reverse("profile"),
        {"first_name": "Carol", "last_name": "K", "email": "carol@example.org", "time_zone": "Pacific/Auckland"},
        follow=True,
    )
    assert "Your profile was saved." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.time_zone == "Pacific/Auckland"


def test_profile_rejects_an_unknown_time_zone_and_keeps_the_input(client_for, volunteer):
    response = client_for(volunteer).post(
        reverse("profile"), {"first_name": "Carola", "email": "carol@example.org", "time_zone": "Mars/Olympus"}
    )
    content = response.content.decode()
    assert "Mars/Olympus is not one of the available choices" in content
    assert 'value="Carola"' in content


def test_a_person_without_organization_is_told_what_to_do(client_for, db):
    loner = User.objects.create(username="loner")
    content = client_for(loner).get(reverse("home")).content.decode()
    assert "not a member of any organization yet" in content


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo", "--password", "pw-123")
    call_command("seed_demo", "--password", "pw-123")
    out = capsys.readouterr().out
    assert "demo-admin" in out and "other-admin" in out
    assert Organization.objects.filter(slug__in=["demo", "other"]).count() == 2
    assert Membership.objects.filter(organization__slug="demo").count() >= 3
    assert User.objects.get(username="demo-staff").check_password("pw-123")
