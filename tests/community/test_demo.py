import io

from django.core.management import call_command

from community.models import Challenge, Endorsement, Expertise, HelpOffer, LearningPattern, Resource
from oeplanner.models import Organization
from reminders.models import Notification


def test_the_demo_fills_every_space_from_both_organizations_once(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    demo, other = Organization.objects.get(slug="demo"), Organization.objects.get(slug="other")
    for model in (Expertise, Challenge, Resource, LearningPattern):
        assert set(model.objects.values_list("organization__slug", flat=True)) == {"demo", "other"}, model
        assert model.objects.count() == 2, model
    assert Endorsement.objects.count() == 3
    offer = HelpOffer.objects.get()
    assert offer.organization == other and offer.challenge.organization == demo
    assert Notification.objects.get().recipient.username == "demo-admin"
