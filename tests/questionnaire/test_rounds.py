"""Staff open a round, see who has answered, and close it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questionnaire.models import Round
from tests.factories import RoundFactory


def test_staff_open_a_round_asking_the_active_statements(client_for, org, staff, volunteer, admin):
    retired = org.statements.last()
    retired.retired_at = timezone.now()
    retired.save()
    today = timezone.localdate()

    response = client_for(staff).post(
        reverse("round_create", kwargs={"org_slug": org.slug}),
        {
            "name": "2026 self-assessment",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "anonymous": "on",
            "invited": [volunteer.pk, staff.pk],
        },
    )

    round = Round.objects.get()
    assert response.status_code == 302
    assert round.organization == org and round.anonymous
    assert set(round.invited.all()) == {volunteer, staff}
    active = list(org.statements.active().values_list("text", flat=True))
    assert list(round.round_statements.values_list("text", flat=True)) == active
    assert retired.text not in active
    assert [ri.code for ri in round.round_statements.all()][:2] == ["Q1", "Q2"]


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client_for, org, staff):
    response = client_for(staff).post(
        reverse("round_create", kwargs={"org_slug": org.slug}),
        {"name": "Spring", "opens_on": "2026-05-10", "closes_on": "2026-05-01"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The round cannot close before it opens" in page
    assert "Invite at least one member." in page
    assert 'value="Spring"' in page
    assert not Round.objects.exists()


def test_volunteers_cannot_open_a_round(client_for, org, volunteer):
    assert client_for(volunteer).get(reverse("round_create", kwargs={"org_slug": org.slug})).status_code == 403


def test_staff_see_who_has_answered(client_for, round, staff, volunteer, admin, answer):
    answer(round, volunteer, [3] * round.round_statements.count())
    answer(round, admin, [3])

    page = client_for(staff).get(reverse("round_detail", kwargs={"org_slug": "testland", "round_pk": round.pk}))
    text = page.content.decode()

    assert "1 member submitted" in text
    assert "1 started without submitting" in text
    assert text.count("not yet") == 1  # staff themselves


def test_staff_confirm_before_the_round_closes(client_for, round, staff):
    url = reverse("round_close", kwargs={"org_slug": "testland", "round_pk": round.pk})
    client = client_for(staff)
    detail = client.get(reverse("round_detail", kwargs={"org_slug": "testland", "round_pk": round.pk}))
    assert f'href="{url}"' in detail.content.decode()

    confirmation = client.get(url).content.decode()

    assert f"Close “{round.name}”?" in confirmation
    assert "Members can no longer answer or change their answers, and there is no way to open it again." in confirmation
    round.refresh_from_db()
    assert round.closed_at is None

    page = client.post(url, follow=True).content.decode()

    assert f"The round “{round.name}” is closed. Its report is ready." in page
    round.refresh_from_db()
    assert round.closed_at is not None
    assert "There is nothing to close: the round is closed already." in client.get(url, follow=True).content.decode()


def test_a_round_with_answers_stays_anonymous(client_for, round, staff, volunteer, answer):
    answer(round, volunteer, [3])

    response = client_for(staff).post(
        reverse("round_edit", kwargs={"org_slug": "testland", "round_pk": round.pk}),
        {
            "name": round.name,
            "opens_on": round.opens_on.isoformat(),
            "closes_on": round.closes_on.isoformat(),
            "invited": [volunteer.pk],
        },
    )

    assert "this round must stay anonymous" in response.content.decode()
    round.refresh_from_db()
    assert round.anonymous


def test_the_list_shows_each_members_own_state(client_for, org, round, volunteer, staff, admin, answer):
    RoundFactory(organization=org, name="Not for Carol", opens_on=round.opens_on - timedelta(days=30))
    answer(round, volunteer, [3])
    answer(round, staff, [3] * round.round_statements.count())
    answer(round, admin, [3] * round.round_statements.count())

    page = client_for(volunteer).get(reverse("round_list", kwargs={"org_slug": org.slug})).content.decode()

    assert page.index("2026 self-assessment") < page.index("Not for Carol")  # latest first
    assert "<td>2 / 3</td>" in page
    assert "started, not submitted" in page
    assert "not invited" in page
    assert "Change your answers" in page


def _members(org, count):
    from oeplanner.models import Membership, Role
    from tests.factories import UserFactory

    users = [UserFactory(username=f"member{n}") for n in range(count)]
    for user in users:
        Membership.objects.create(user=user, organization=org, role=Role.VOLUNTEER)
    return users


@pytest.mark.parametrize("size", [2, 20])
def test_the_round_list_costs_the_same_queries_whatever_its_size(
    client_for, org, staff, answer, size, django_assert_num_queries
):
    users = _members(org, size)
    for n in range(size):
        round = RoundFactory(organization=org, invited=users + [staff])
        answer(round, users[n], [4])
        answer(round, staff, [4])
    client = client_for(staff)

    with django_assert_num_queries(8):
        client.get(reverse("round_list", kwargs={"org_slug": org.slug}))


@pytest.mark.parametrize("size", [2, 20])
def test_who_answered_costs_the_same_queries_whatever_its_size(
    client_for, org, staff, answer, size, django_assert_num_queries
):
    users = _members(org, size)
    round = RoundFactory(organization=org, invited=users)
    for user in users:
        answer(round, user, [4])
    client = client_for(staff)

    with django_assert_num_queries(9):
        client.get(reverse("round_detail", kwargs={"org_slug": org.slug, "round_pk": round.pk}))
