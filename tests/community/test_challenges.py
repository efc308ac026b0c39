"""Challenges: posted by one organization, offers of help from the others, notified to its admins."""

from django.core import mail

from community.models import Challenge, HelpOffer
from oeplanner.models import Role
from reminders import services as reminder_services
from reminders.models import Notification, Reminder
from tests.factories import ChallengeFactory, LearningPatternFactory, MembershipFactory, ResourceFactory


def test_a_member_posts_a_challenge_with_the_patterns_and_resources_that_help(client_for, volunteer, org):
    pattern = LearningPatternFactory(organization=org, title="Summaries after meetings")
    resource = ResourceFactory(organization=org, title="Checklist")
    client = client_for(volunteer)
    response = client.post(
        "/community/challenges/new/",
        {
            "organization": org.pk,
            "title": "Museums go quiet",
            "description": "After the first edit-a-thon, nobody answers.",
            "area": "building",
            "helpful_patterns": [pattern.pk],
            "helpful_resources": [resource.pk],
        },
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == challenge.get_absolute_url()
    assert challenge.status == Challenge.Status.OPEN and challenge.posted_by == volunteer
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Summaries after meetings" in page and "Checklist" in page


def test_open_challenges_come_first_with_their_number_of_offers(client_for, org, outsider):
    ChallengeFactory(organization=org, title="Solved one", status=Challenge.Status.SOLVED)
    ChallengeFactory(organization=org, title="Open one", offer_count=2)
    ChallengeFactory(organization=org, title="Being addressed one", status=Challenge.Status.ADDRESSING)
    page = client_for(outsider).get("/community/challenges/").content.decode()
    assert page.index("Open one") < page.index("Being addressed one") < page.index("Solved one")
    assert "2 offers of help" in page


def test_an_offer_of_help_notifies_the_posting_organizations_admins_in_the_app_and_by_email(
    client_for, org, admin, staff, outsider, other_org
):
    challenge = ChallengeFactory(organization=org, title="Museums go quiet")
    response = client_for(outsider).post(
        f"/community/challenges/{challenge.pk}/offer/",
        {"organization": other_org.pk, "message": "We had the same; a monthly call fixed it."},
    )
    assert response.status_code == 302
    offer = HelpOffer.objects.get()
    assert (offer.organization, offer.author) == (other_org, outsider)
    challenge.refresh_from_db()
    assert challenge.offer_count == 1

    # In the app at once, for the admins only.
    notification = Notification.objects.get()
    assert notification.recipient == admin and notification.organization == org
    assert notification.link == f"{challenge.get_absolute_url()}#offer-{offer.pk}"
    page = client_for(admin).get("/notifications/").content.decode()
    assert "Another organization offers to help with your challenge “Museums go quiet”." in page
    assert notification.link in page

    # By e-mail with the next sweep of the reminder machinery, exactly once.
    result = reminder_services.sweep()
    assert result.sent == 1
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert mail.outbox[0].subject == "An offer of help: Museums go quiet"
    assert "http://testserver" not in mail.outbox[0].body
    assert notification.link in mail.outbox[0].body
    assert Reminder.objects.get().status == Reminder.Status.SENT
    reminder_services.sweep()
    assert len(mail.outbox) == 1


def test_a_member_who_left_the_organization_before_the_sweep_gets_no_email(client_for, org, admin, outsider, other_org):
    challenge = ChallengeFactory(organization=org)
    client_for(outsider).post(
        f"/community/challenges/{challenge.pk}/offer/", {"organization": other_org.pk, "message": "Happy to help."}
    )
    admin.memberships.all().delete()
    reminder_services.sweep()
    assert mail.outbox == []
    assert Reminder.objects.get().skip_reason == Reminder.SkipReason.NOT_MEMBER


def test_an_organization_cannot_offer_help_on_its_own_challenge(client_for, org, admin, staff):
    challenge = ChallengeFactory(organization=org)
    MembershipFactory(user=staff, organization=ChallengeFactory().organization, role=Role.VOLUNTEER)
    response = client_for(staff).post(
        f"/community/challenges/{challenge.pk}/offer/", {"organization": org.pk, "message": "We could help ourselves."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a challenge of Wikimedia Testland: offer help on other organizations" in page
    assert "We could help ourselves." in page
    assert not HelpOffer.objects.exists() and not Notification.objects.exists()
    challenge.refresh_from_db()
    assert challenge.offer_count == 0


def test_a_member_can_only_offer_help_for_their_own_organizations(client_for, org, other_org, volunteer):
    challenge = ChallengeFactory(organization=org)
    third = ChallengeFactory().organization
    response = client_for(volunteer).post(
        f"/community/challenges/{challenge.pk}/offer/", {"organization": third.pk, "message": "Pretending."}
    )
    assert "Choose one of your own organizations." in response.content.decode()
    assert not HelpOffer.objects.exists()


def test_offers_are_read_only_by_the_two_organizations(client_for, org, admin, outsider, other_org):
    challenge = ChallengeFactory(organization=org)
    client_for(outsider).post(
        f"/community/challenges/{challenge.pk}/offer/", {"organization": other_org.pk, "message": "Private idea."}
    )
    third = ChallengeFactory().organization
    bystander = MembershipFactory(organization=third).user
    assert "Private idea." in client_for(admin).get(challenge.get_absolute_url()).content.decode()
    assert "Private idea." in client_for(outsider).get(challenge.get_absolute_url()).content.decode()
    page = client_for(bystander).get(challenge.get_absolute_url()).content.decode()
    assert "Private idea." not in page and "1 offer of help" in page


def test_another_organization_cannot_edit_or_close_a_challenge(client_for, org, outsider):
    challenge = ChallengeFactory(organization=org)
    response = client_for(outsider).post(
        f"/community/challenges/{challenge.pk}/edit/",
        {"title": "x", "description": "x", "area": "glam", "status": "solved"},
    )
    assert response.status_code == 404
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN


def test_the_poster_marks_the_challenge_solved(client_for, org, volunteer):
    challenge = ChallengeFactory(organization=org, posted_by=volunteer)
    response = client_for(volunteer).post(
        f"/community/challenges/{challenge.pk}/edit/",
        {"title": challenge.title, "description": challenge.description, "area": "building", "status": "solved"},
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SOLVED
    assert challenge.history.count() == 2
