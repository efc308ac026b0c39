from questionnaire.demo import seed_demo
from questionnaire.models import Reflection, Response, Round
from questionnaire.report import build_report
from tests.factories import OrganizationFactory


def test_the_demo_adds_two_rounds_with_movement_and_a_reflection_once(db):
    org = OrganizationFactory(slug="demo")

    seed_demo(org)
    seed_demo(org)

    rounds = list(Round.objects.filter(organization=org).order_by("opens_on"))
    assert len(rounds) == 2
    assert [Response.objects.filter(round=r).count() for r in rounds] == [5, 5]
    later = build_report(rounds[1])
    assert later.previous_round == rounds[0]
    assert later.overall_change > 0.5
    assert any(row.summary.agreement == "variance" for row in later.rows)
    assert Reflection.objects.filter(round=rounds[1]).count() == 1
    assert org.recommendations.needs_work().exists()
