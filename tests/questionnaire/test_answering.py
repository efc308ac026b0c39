"""Members answer a round: save and finish later, change until it closes, only their own answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questionnaire import services
from questionnaire.models import Answer, Response
from tests.factories import RoundFactory


def url(round):
    return reverse("round_answer", kwargs={"org_slug": round.organization.slug, "round_pk": round.pk})


def post_data(round, scores, **extra):
    data = {}
    for round_statement, score in zip(round.round_statements.all(), scores, strict=False):
        data[f"score_{round_statement.statement_id}"] = score
    data.update(extra)
    return data


def all_scores(round, score):
    return [score] * round.round_statements.count()


def test_a_member_saves_part_of_the_answers_and_finishes_later(client_for, volunteer, round):
    client = client_for(volunteer)
    first = round.round_statements.first()

    response = client.post(
        url(round), {f"score_{first.statement_id}": "4", f"comment_{first.statement_id}": "We do", "save": ""}
    )

    assert response.status_code == 302
    saved = Response.objects.get(round=round, respondent=volunteer)
    assert saved.submitted_at is None
    assert list(saved.answers.values_list("statement_id", "score", "comment")) == [(first.statement_id, 4, "We do")]

    page = client.get(url(round))
    assert 'value="4" checked' in page.content.decode()
    assert "We do" in page.content.decode()

    response = client.post(url(round), post_data(round, all_scores(round, "dk"), submit=""))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.submitted_at is not None
    assert saved.answers.count() == round.round_statements.count()
    assert not saved.answers.exclude(score=None).exists()


def test_submitting_needs_every_statement_and_keeps_what_was_ticked(client_for, volunteer, round):
    scores = all_scores(round, "3")
    scores[-1] = ""

    response = client_for(volunteer).post(url(round), post_data(round, scores, submit=""))

    assert response.status_code == 200
    assert f"Still unanswered: {round.round_statements.count()}." in response.content.decode()
    assert 'value="3" checked' in response.content.decode()
    assert not Response.objects.exists()


def test_a_member_changes_the_answers_while_the_round_is_open(client_for, volunteer, round):
    client = client_for(volunteer)
    client.post(url(round), post_data(round, all_scores(round, "2"), submit=""))
    client.post(url(round), post_data(round, all_scores(round, "5"), submit=""))

    assert Response.objects.filter(round=round).count() == 1
    assert set(Answer.objects.values_list("score", flat=True)) == {5}


@pytest.mark.parametrize("bad", ["0", "6", "7", "-1", "three", "4.5"])
def test_a_score_outside_1_to_5_is_refused_and_nothing_is_stored(client_for, volunteer, round, bad):
    scores = all_scores(round, "4")
    scores[1] = bad

    response = client_for(volunteer).post(url(round), post_data(round, scores, submit=""))

    assert response.status_code == 200
    assert "Choose a score from 1 to 5, or “Don&#x27;t know”." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_comment_without_a_score_is_refused(client_for, volunteer, round):
    first = round.round_statements.first()

    response = client_for(volunteer).post(url(round), {f"comment_{first.statement_id}": "Hmm", "save": ""})

    assert "to go with your comment" in response.content.decode()
    assert "Hmm" in response.content.decode()
    assert not Response.objects.exists()


def test_no_answer_is_accepted_after_the_round_closed(client_for, volunteer, round):
    services.close_round(round)

    response = client_for(volunteer).post(url(round), post_data(round, all_scores(round, "4"), submit=""), follow=True)

    assert "is not open for answers; nothing was saved" in response.content.decode()
    assert not Response.objects.exists()


def test_no_answer_is_accepted_after_the_closing_date(client_for, org, volunteer):
    today = timezone.localdate()
    past = RoundFactory(
        organization=org, opens_on=today - timedelta(days=10), closes_on=today - timedelta(days=1), invited=[volunteer]
    )

    client_for(volunteer).post(url(past), post_data(past, all_scores(past, "4"), submit=""))
    with pytest.raises(services.QuestionnaireError):
        services.save_response(past, volunteer, {}, submit=False)

    assert not Response.objects.exists()


def test_a_closed_round_shows_the_members_answers_read_only(client_for, volunteer, round, answer):
    answer(round, volunteer, [4] * round.round_statements.count())
    services.close_round(round)

    page = client_for(volunteer).get(url(round)).content.decode()

    assert "This round is not open for answers" in page
    assert 'value="4" checked disabled' in page
    assert "Submit answers" not in page


def test_a_member_cannot_answer_for_another(client_for, volunteer, staff, round):
    client_for(volunteer).post(url(round), post_data(round, all_scores(round, "1"), submit="", respondent=staff.pk))

    assert list(Response.objects.values_list("respondent", flat=True)) == [volunteer.pk]
    with pytest.raises(services.QuestionnaireError):
        services.save_response(round, staff, {1_000_000: (3, "")}, submit=False)


def test_a_member_who_was_not_invited_cannot_answer(client_for, org, volunteer, admin):
    round = RoundFactory(organization=org, invited=[admin])

    response = client_for(volunteer).post(url(round), post_data(round, all_scores(round, "4"), submit=""), follow=True)

    assert "You are not invited to answer" in response.content.decode()
    assert not Response.objects.exists()


def test_a_non_member_cannot_open_the_round(client_for, outsider, round):
    client = client_for(outsider)

    assert client.get(url(round)).status_code == 404
    assert client.post(url(round), post_data(round, all_scores(round, "4"), submit="")).status_code == 404
    assert not Response.objects.exists()


def test_the_database_refuses_a_score_outside_1_to_5(round, volunteer):
    from django.db import IntegrityError

    response = Response.objects.create(round=round, respondent=volunteer)
    with pytest.raises(IntegrityError):
        Answer.objects.create(response=response, statement=round.statements.first(), score=7)


def test_one_response_per_member_and_round(round, volunteer):
    from django.db import IntegrityError

    Response.objects.create(round=round, respondent=volunteer)
    with pytest.raises(IntegrityError):
        Response.objects.create(round=round, respondent=volunteer)
