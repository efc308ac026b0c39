"""The demo users sign in with Wikimedia too, against the fake wiki."""

from django.core.management import call_command
from django.urls import reverse
from social_django.models import UserSocialAuth


def test_the_demo_users_sign_in_with_wikimedia(client, db, wiki, sign_in_with_wikimedia):
    call_command("seed_demo", "--password", "demo-pw")

    for username, lands_on in [("demo-admin", "/o/demo/"), ("demo-staff", "/o/demo/"), ("other-admin", "/o/other/")]:
        wiki.sign_in_as(f"demo:{username}", username.title())
        page = sign_in_with_wikimedia(wiki)
        assert page.context["user"].username == username
        assert page.redirect_chain[-1][0] == lands_on
        client.logout()

    wiki.sign_in_as("demo:demo-volunteer", "Demo-Volunteer")
    page = sign_in_with_wikimedia(wiki)
    assert page.redirect_chain[-1][0] == reverse("home")  # a member of two organizations chooses one
    assert "Other Wikimedia Chapter" in page.content.decode()


def test_seeding_the_demo_again_keeps_one_link_per_user(db):
    call_command("seed_demo", "--password", "demo-pw")
    call_command("seed_demo", "--password", "demo-pw")

    assert UserSocialAuth.objects.filter(uid__startswith="demo:").count() == 4
