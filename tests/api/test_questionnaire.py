"""Questionnaire rounds and their report figures, through the questionnaire's own form and services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiToken
from questionnaire.services import close_round, save_response
from tests.api.conftest import base
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_a_round_is_opened_with_the_statements_as_worded_today(api, org, staff, volunteer):
    today = timezone.localdate()
    url = f"{base(org)}/rounds/"

    bad = api.post(
        url,
        {
            "name": "2026 self-check",
            "opens_on": today.isoformat(),
            "closes_on": (today - timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["closes_on"] == [f"The round cannot close before it opens ({today})."]
    assert bad.json()["invited"] == ["Invite at least one member."]
    assert not org.rounds.exists()

    created = api.post(
        url,
        {
            "name": "2026 self-check",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(),
            "invited": [staff.pk, volunteer.pk],
        },
        format="json",
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["anonymous"], body["answered"]) == ("open", True, 0)
    assert sorted(body["invited"]) == sorted([staff.pk, volunteer.pk])
    first = org.statements.active().order_by("position", "pk").first()
    assert body["statements"][0] == {
        "item": first.pk,
        "number": 1,
        "code": "Q1",
        "area": first.area,
        "text": first.text,
    }
    assert len(body["statements"]) == org.statements.active().count()


def test_a_round_with_no_statement_to_ask_is_refused(api, org, staff):
    org.statements.update(retired_at=timezone.now())
    today = timezone.localdate().isoformat()

    response = api.post(
        f"{base(org)}/rounds/",
        {"name": "Empty", "opens_on": today, "closes_on": today, "invited": [staff.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["There are no active statements to ask. Add or restore one first."]}


def test_a_round_answered_in_confidence_stays_anonymous(api, org, staff):
    round = RoundFactory(organization=org, invited=[staff])
    url = f"{base(org)}/rounds/{round.pk}/"
    assert api.patch(url, {"name": "Spring check"}, format="json").json()["name"] == "Spring check"
    save_response(round, staff, {}, submit=False)

    response = api.patch(url, {"anonymous": False}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "anonymous": ["Members have already answered in confidence; this round must stay anonymous."]
    }
    round.refresh_from_db()
    assert (round.name, round.anonymous) == ("Spring check", True)


def test_closing_a_round_and_the_status_filter(api, org):
    open_round = RoundFactory(organization=org)
    later = RoundFactory(
        organization=org,
        opens_on=timezone.localdate() + timedelta(days=3),
        closes_on=timezone.localdate() + timedelta(days=9),
    )
    url = f"{base(org)}/rounds/"
    assert api.get(url, {"status": "scheduled"}).json()["results"][0]["id"] == later.pk

    closed = api.post(f"{url}{open_round.pk}/close/")

    assert closed.status_code == 200
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    assert [r["id"] for r in api.get(url, {"status": "closed"}).json()["results"]] == [open_round.pk]
    assert api.get(url, {"status": "open"}).json()["count"] == 0
    assert api.get(url, {"status": "soon"}).status_code == 400


def test_the_report_gives_each_statements_figures(make_token, api_for, org, staff, volunteer):
    round = RoundFactory(organization=org, invited=[staff, volunteer], anonymous=False)
    q1, q2 = [ri.statement_id for ri in round.round_statements.all()[:2]]
    others = {ri.statement_id: (4, "") for ri in round.round_statements.all()[2:]}
    save_response(round, staff, {q1: (2, "Too few contacts"), q2: (4, ""), **others}, submit=True)
    save_response(round, volunteer, {q1: (5, ""), q2: (None, ""), **others}, submit=True)
    _token, secret = make_token(access=ApiToken.Access.READ)
    reader = api_for(secret)
    url = f"{base(org)}/rounds/{round.pk}/report/"

    not_yet = reader.get(url)
    assert not_yet.status_code == 403
    assert not_yet.json()["detail"] == "Members read the report once the round is closed; staff can read it now."

    close_round(round)
    report = reader.get(url).json()

    assert report["round"] == round.pk and report["respondents"] == 2
    first, second = report["statements"][:2]
    assert first["code"] == "Q1" and first["item"] == q1
    assert first["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    assert (first["n"], first["dont_know"], first["mean"], first["range"]) == (2, 0, 3.5, 3)
    assert first["std"] == pytest.approx(2.1213, abs=1e-4)
    assert (first["level"], first["agreement"]) == ("high", "variance")
    assert first["comments"] == ["Too few contacts"]
    assert (second["n"], second["dont_know"], second["mean"], second["std"]) == (1, 1, 4.0, None)
    assert second["agreement"] is None
    assert report["overall"]["respondents"] == 2 and report["overall"]["level"] == "high"
    assert report["previous_round"] is None and first["previous_mean"] is None


def test_the_report_compares_with_the_previous_round(api, org, staff):
    earlier = RoundFactory(organization=org, invited=[staff], anonymous=False)
    item = earlier.round_statements.first().statement_id
    save_response(earlier, staff, {item: (2, "")}, submit=False)
    long_ago = timezone.localdate() - timedelta(days=60)
    org.rounds.filter(pk=earlier.pk).update(opens_on=long_ago, closes_on=long_ago + timedelta(days=10))
    current = RoundFactory(organization=org, invited=[staff], anonymous=False)
    save_response(current, staff, {item: (4, "")}, submit=False)

    report = api.get(f"{base(org)}/rounds/{current.pk}/report/").json()

    assert report["previous_round"] == earlier.pk
    assert (report["statements"][0]["previous_mean"], report["statements"][0]["change"]) == (2.0, 2.0)


def test_the_report_of_a_small_anonymous_round_has_no_figures(api, org, staff, volunteer):
    round = RoundFactory(organization=org, invited=[staff, volunteer])
    scores = {ri.statement_id: (2, "only mine") for ri in round.round_statements.all()}
    save_response(round, staff, scores, submit=True)

    report = api.get(f"{base(org)}/rounds/{round.pk}/report/").json()

    assert report["withheld"] is True and report["respondents"] == 1
    first = report["statements"][0]
    assert (first["n"], first["mean"], first["comments"]) == (0, None, [])
    assert first["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    assert report["overall"]["mean"] is None
