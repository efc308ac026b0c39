"""The questionnaire report, the recommendations self-check and the plan page show, for their
areas, the community's learning patterns and the organizations with expertise in them."""

from capacityplans import services as plan_services
from questionnaire import services as questionnaire_services
from tests.factories import ExpertiseFactory, LearningPatternFactory, PlanFactory, RoundFactory


def _community(other_org):
    LearningPatternFactory(organization=other_org, title="Map partners before calling", area="selecting")
    LearningPatternFactory(organization=other_org, title="Evaluate with a short survey", area="evaluating")
    ExpertiseFactory(organization=other_org, areas=",selecting,glam,")


def test_the_plan_page_shows_patterns_and_expertise_of_its_areas(client_for, org, other_org, staff):
    _community(other_org)
    plan = PlanFactory(organization=org)
    recommendation = org.recommendations.filter(area="selecting").first()
    plan_services.add_step_from_recommendation(plan, recommendation)
    page = client_for(staff).get(plan.get_absolute_url()).content.decode()
    panel = page[page.index('id="community-panel"') :]
    assert "Map partners before calling" in panel and "Elsewhere Chapter" in panel
    assert "Evaluate with a short survey" not in panel


def test_a_plan_without_sourced_steps_shows_no_community_panel(client_for, org, other_org, staff):
    _community(other_org)
    plan = PlanFactory(organization=org)
    assert 'id="community-panel"' not in client_for(staff).get(plan.get_absolute_url()).content.decode()


def test_the_self_check_shows_the_areas_that_need_work(client_for, org, other_org, volunteer):
    _community(other_org)
    org.recommendations.update(status="doing_well")
    org.recommendations.filter(area="evaluating").update(status="not_yet")
    page = client_for(volunteer).get(f"/o/{org.slug}/questionnaire/recommendations/").content.decode()
    panel = page[page.index('id="community-panel"') :]
    assert "Evaluate with a short survey" in panel and "Map partners before calling" not in panel
    assert "No other organization is listed yet." in panel


def test_the_report_shows_the_areas_of_the_low_statements(client_for, org, other_org, admin, staff):
    _community(other_org)
    round = RoundFactory(organization=org, invited=[admin, staff], anonymous=False)  # two answers: figures shown
    round_statements = list(round.round_statements.all())
    for user in (admin, staff):
        answers = {ri.statement_id: (2 if ri.area == "selecting" else 5, "") for ri in round_statements}
        questionnaire_services.save_response(round, user, answers, submit=True)
    questionnaire_services.close_round(round)
    page = client_for(admin).get(f"/o/{org.slug}/questionnaire/rounds/{round.pk}/report/").content.decode()
    panel = page[page.index('id="community-panel"') :]
    assert "Map partners before calling" in panel and "Elsewhere Chapter" in panel
    assert "Evaluate with a short survey" not in panel


def test_an_organization_is_not_suggested_to_itself(client_for, org, other_org, staff):
    ExpertiseFactory(organization=org, areas=",selecting,")
    plan = PlanFactory(organization=org)
    plan_services.add_step_from_recommendation(plan, org.recommendations.filter(area="selecting").first())
    page = client_for(staff).get(plan.get_absolute_url()).content.decode()
    panel = page[page.index('id="community-panel"') :]
    assert "No other organization is listed yet." in panel
