"""Admins edit, add, reorder and retire statements without losing past answers."""

from django.urls import reverse

from questionnaire.defaults import DEFAULT_RECOMMENDATIONS, DEFAULT_STATEMENTS
from questionnaire.models import Area, Statement
from questionnaire.report import build_report
from questionnaire.services import create_default_statements
from tests.factories import RoundFactory


def url(name, **kwargs):
    return reverse(name, kwargs={"org_slug": "testland", **kwargs})


def test_each_new_organization_gets_the_default_statements_and_recommendations(org):
    assert org.statements.count() == len(DEFAULT_STATEMENTS["en"])
    assert set(org.statements.values_list("area", flat=True)) == set(Area.values)
    assert org.recommendations.count() == len(DEFAULT_RECOMMENDATIONS["en"])
    assert set(org.recommendations.values_list("area", flat=True)) == set(Area.values)

    create_default_statements(org, "en")

    assert org.statements.count() == len(DEFAULT_STATEMENTS["en"])
    assert org.recommendations.count() == len(DEFAULT_RECOMMENDATIONS["en"])


def test_admins_add_a_statement_at_the_end(client_for, org, admin):
    client_for(admin).post(url("statement_create"), {"area": "deepening", "text": "We thank partners publicly."})

    assert org.statements.order_by("position").last().text == "We thank partners publicly."


def test_a_blank_statement_is_refused(client_for, org, admin):
    response = client_for(admin).post(url("statement_create"), {"area": "deepening", "text": ""})

    assert "This field is required." in response.content.decode()
    assert org.statements.count() == len(DEFAULT_STATEMENTS["en"])


def test_editing_a_statement_keeps_the_wording_past_rounds_asked(client_for, org, admin, volunteer, answer):
    round = RoundFactory(organization=org, invited=[volunteer])
    answer(round, volunteer, [2])
    statement = round.round_statements.first().statement
    old_text = statement.text

    client_for(admin).post(
        url("statement_edit", statement_pk=statement.pk), {"area": statement.area, "text": "Reworded."}
    )

    statement.refresh_from_db()
    assert statement.text == "Reworded."
    assert statement.history.count() == 2
    assert build_report(round).rows[0].text == old_text


def test_retiring_a_statement_keeps_past_answers_and_leaves_it_out_of_new_rounds(
    client_for, org, admin, volunteer, answer
):
    round = RoundFactory(organization=org, invited=[volunteer], anonymous=False)
    answer(round, volunteer, [2])
    statement = round.round_statements.first().statement

    client_for(admin).post(url("statement_retire", statement_pk=statement.pk))

    statement.refresh_from_db()
    assert statement.is_retired
    assert build_report(round).rows[0].summary.mean == 2.0
    assert statement not in RoundFactory(organization=org).statements.all()

    client_for(admin).post(url("statement_retire", statement_pk=statement.pk))
    statement.refresh_from_db()
    assert not statement.is_retired


def test_admins_reorder_statements(client_for, org, admin):
    first, second = org.statements.order_by("position")[:2]

    client_for(admin).post(url("statement_move", statement_pk=second.pk), {"direction": "up"})

    assert list(org.statements.order_by("position")[:2]) == [second, first]
    client_for(admin).post(url("statement_move", statement_pk=second.pk), {"direction": "up"})  # already first
    assert list(org.statements.order_by("position")[:2]) == [second, first]


def test_staff_cannot_change_statements(client_for, org, staff):
    statement = org.statements.first()

    response = client_for(staff).post(
        url("statement_edit", statement_pk=statement.pk), {"area": "building", "text": "x"}
    )

    assert response.status_code == 403
    assert Statement.objects.get(pk=statement.pk).text == statement.text
