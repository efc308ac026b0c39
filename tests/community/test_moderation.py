"""Moderation: the installation's moderators hide entries; hidden entries vanish for everyone else."""

import pytest

from community.models import Challenge, Expertise, LearningPattern, Resource
from tests.factories import ChallengeFactory, ExpertiseFactory, LearningPatternFactory, ResourceFactory

SPACES = [
    ("expertise", ExpertiseFactory, "expertise"),
    ("challenges", ChallengeFactory, "challenge"),
    ("resources", ResourceFactory, "resource"),
    ("patterns", LearningPatternFactory, "pattern"),
]


@pytest.mark.parametrize(("plural", "factory", "space"), SPACES)
def test_a_hidden_entry_vanishes_for_everyone_but_moderators_and_stays_in_the_history(
    client_for, org, admin, outsider, moderator, plural, factory, space
):
    entry = factory(organization=org)
    client = client_for(moderator)
    response = client.post(f"/community/{plural}/{entry.pk}/moderate/", {"reason": "Advertising"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_hidden and entry.hidden_reason == "Advertising"

    for user in (admin, outsider):
        client = client_for(user)
        assert client.get(entry.get_absolute_url()).status_code == 404
        assert client.get(f"/community/{plural}/{entry.pk}/history/").status_code == 404
        assert client.get(f"/community/{plural}/{entry.pk}/edit/").status_code == 404
        assert entry.get_absolute_url() not in client.get(f"/community/{plural}/").content.decode()

    client = client_for(moderator)
    assert "Hidden by a moderator" in client.get(entry.get_absolute_url()).content.decode()
    assert str(entry) in client.get("/community/moderation/").content.decode()
    assert [record.hidden_at is not None for record in entry.history.all()] == [True, False]

    client.post(f"/community/{plural}/{entry.pk}/moderate/", {})
    entry.refresh_from_db()
    assert not entry.is_hidden
    assert client_for(outsider).get(entry.get_absolute_url()).status_code == 200


def test_a_reason_is_required_to_hide(client_for, org, moderator):
    challenge = ChallengeFactory(organization=org)
    response = client_for(moderator).post(f"/community/challenges/{challenge.pk}/moderate/", {"reason": ""})
    assert "This field is required." in response.content.decode()
    challenge.refresh_from_db()
    assert not challenge.is_hidden


def test_organization_admins_are_not_moderators(client_for, org, admin):
    challenge = ChallengeFactory(organization=org)
    client = client_for(admin)
    assert client.get("/community/moderation/").status_code == 404
    assert client.post(f"/community/challenges/{challenge.pk}/moderate/", {"reason": "Mine"}).status_code == 404
    challenge.refresh_from_db()
    assert not challenge.is_hidden


def test_hidden_entries_cannot_be_offered_help_endorsed_or_flagged(client_for, org, outsider, other_org):
    challenge = ChallengeFactory(organization=org, hidden_at="2026-01-01T00:00Z")
    pattern = LearningPatternFactory(organization=org, hidden_at="2026-01-01T00:00Z")
    resource = ResourceFactory(organization=org, hidden_at="2026-01-01T00:00Z")
    client = client_for(outsider)
    assert (
        client.post(
            f"/community/challenges/{challenge.pk}/offer/", {"organization": other_org.pk, "message": "x"}
        ).status_code
        == 404
    )
    assert client.post(f"/community/patterns/{pattern.pk}/endorse/", {}).status_code == 404
    assert client.post(f"/community/resources/{resource.pk}/flag/", {"reason": "broken"}).status_code == 404
    assert not challenge.offers.exists() and not pattern.endorsements.exists() and not resource.flags.exists()


def test_visitors_who_are_not_signed_in_read_only_when_the_installation_allows_it(client, org, settings):
    pattern = LearningPatternFactory(organization=org, title="Open to all")
    assert client.get("/community/patterns/")["Location"].startswith("/accounts/login/")
    settings.COMMUNITY_PUBLIC_READ = True
    assert "Open to all" in client.get("/community/patterns/").content.decode()
    assert client.get(pattern.get_absolute_url()).status_code == 200
    assert client.get("/community/patterns/new/")["Location"].startswith("/accounts/login/")
    assert client.post(f"/community/patterns/{pattern.pk}/endorse/", {})["Location"].startswith("/accounts/login/")
    assert not pattern.endorsements.exists()


def test_every_space_is_counted_on_the_community_page(client_for, org, outsider):
    ExpertiseFactory(organization=org)
    ChallengeFactory(organization=org)
    ChallengeFactory(organization=org, status=Challenge.Status.SOLVED)
    page = client_for(outsider).get("/community/").content.decode()
    assert "1 organization listed" in page and "1 open challenge" in page
    assert "0 resources" in page and "0 learning patterns" in page
    assert Expertise.objects.count() == 1 and not Resource.objects.exists() and not LearningPattern.objects.exists()
