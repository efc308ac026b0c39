"""The organization dashboard: every figure as a chart and a table, with its list and its CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from capacityplans.models import Step
from overview import figures
from questionnaire import services as questionnaire
from tests.factories import (
    EffortFactory,
    FollowUpFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    PlanFactory,
    RoundFactory,
    StepFactory,
    TargetFactory,
)
from tests.queries import count_queries


def url(org):
    return reverse("overview", kwargs={"org_slug": org.slug})


def table(figure):
    return [[str(cell) for cell in row.cells] for row in figure.rows]


@pytest.fixture
def shaped(org, staff, volunteer, admin):
    """A small organization whose figures are worked out by hand."""
    today = timezone.localdate()
    prospect, first_contact = org.stages.order_by("position")[:2]
    museum = PartnerFactory(organization=org, stage=prospect, owner=volunteer, sector="glam")
    PartnerFactory(organization=org, stage=prospect, owner=volunteer, sector="glam")
    school = PartnerFactory(organization=org, stage=first_contact, owner=staff, sector="education")
    PartnerFactory(organization=org, stage=first_contact, sector="education", archived_at=timezone.now())
    # Stale: created long ago without an interaction (prospect cadence 90 days → stale after 180).
    old = PartnerFactory(organization=org, stage=prospect, owner=None, sector="stem")
    old.created_at = timezone.now() - timedelta(days=400)
    old.save()
    FollowUpFactory(partner=museum, assignee=volunteer, due_on=today - timedelta(days=1))
    FollowUpFactory(partner=museum, assignee=volunteer, due_on=today - timedelta(days=3))
    FollowUpFactory(partner=school, assignee=staff, due_on=today - timedelta(days=1))
    FollowUpFactory(partner=school, assignee=staff, due_on=today + timedelta(days=1))

    active = PartnershipFactory(partner=museum, status="active")
    TargetFactory(partnership=active, metric="articles_created", value=40)
    TargetFactory(partnership=active, metric="files_uploaded", value=100)
    OutcomeFactory(partnership=active, metric="articles_created", value=30)
    OutcomeFactory(partnership=active, metric="articles_created", value=15)
    OutcomeFactory(partnership=active, metric="files_uploaded", value=25)
    EffortFactory(partnership=active, member=volunteer, hours=Decimal("15"), money=Decimal("120"))
    finished = PartnershipFactory(partner=school, status="finished")
    TargetFactory(partnership=finished, metric="articles_created", value=1000)  # not active: not counted
    OutcomeFactory(partnership=finished, metric="articles_created", value=6)
    EffortFactory(partnership=finished, member=staff, hours=Decimal("12"))

    round = RoundFactory(organization=org, invited=[admin, staff], anonymous=False)  # two respondents
    statement_ids = list(round.round_statements.values_list("statement_id", flat=True))
    for user, score in [(admin, 4), (staff, 2)]:
        questionnaire.save_response(round, user, {item: (score, "") for item in statement_ids}, submit=True)

    plan = PlanFactory(organization=org, title="Better partnerships")
    StepFactory(plan=plan, status=Step.Status.DONE)
    StepFactory(plan=plan, status=Step.Status.NOT_STARTED)
    StepFactory(plan=plan, status=Step.Status.NOT_STARTED, ends_on=today - timedelta(days=2))
    StepFactory(plan=plan, status=Step.Status.DROPPED)
    return org


def test_every_figure_counts_what_it_says(shaped, staff, volunteer):
    built = {figure.key: figure for figure in figures.build(shaped)}

    assert table(built["pipeline"])[:3] == [["Prospect", "3"], ["First contact", "1"], ["In discussion", "0"]]
    assert table(built["sectors"]) == [
        ["GLAM (gallery, library, archive, museum)", "2"],
        ["Education", "1"],
        ["Science and technology (STEM)", "1"],
    ]
    assert table(built["overdue-follow-ups"]) == [[str(volunteer), "2"], [str(staff), "1"]]
    assert table(built["stale-partners"]) == [["Nobody", "1"]]
    assert table(built["targets"]) == [
        ["Articles created", "1", "40", "45", "112%", "1"],
        ["Files uploaded", "1", "100", "25", "25%", "0"],
    ]
    assert table(built["effort"]) == [
        ["GLAM (gallery, library, archive, museum)", "15.0", "120.00", "45", "0", "25", "0", "30.00"],
        ["Education", "12.0", "0.00", "6", "0", "0", "0", "5.00"],
    ]
    assert table(built["questionnaire"])[-1] == ["All statements", "3.0"]
    assert table(built["plans"]) == [["Better partnerships", "1", "3", "1", "33%"]]


def test_each_figure_links_to_the_list_behind_it(shaped, client_for, staff):
    page = client_for(staff).get(url(shaped)).content.decode()
    assert f"/o/{shaped.slug}/partners/?sector=glam" in page
    assert f"/o/{shaped.slug}/follow-ups/?state=overdue&amp;assignee=" in page
    assert f"/o/{shaped.slug}/partners/?cadence=stale" in page
    assert f"/o/{shaped.slug}/partnerships/?status=active" in page
    assert f"/o/{shaped.slug}/partnerships/?sector=education" in page
    assert page.count("<svg") == 8
    assert 'style="' not in page and "<script>" not in page


def test_each_figure_downloads_as_csv(shaped, client_for, staff):
    response = client_for(staff).get(reverse("overview_csv_targets", kwargs={"org_slug": shaped.slug}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Metric", "Targets", "Target total", "Achieved", "Progress", "Targets reached"],
        ["Articles created", "1", "40", "45", "112%", "1"],
        ["Files uploaded", "1", "100", "25", "25%", "0"],
    ]


def test_an_empty_organization_says_what_to_do(client_for, staff, org):
    page = client_for(staff).get(url(org)).content.decode()
    assert "No partner yet: add partners to see them by sector." in page
    assert "No effort logged yet" in page


def test_volunteers_get_403_and_do_not_see_the_link(client_for, volunteer, staff, org):
    client = client_for(volunteer)
    assert client.get(url(org)).status_code == 403
    assert url(org) not in client.get(reverse("org_home", kwargs={"org_slug": org.slug})).content.decode()
    assert url(org) in client_for(staff).get(reverse("org_home", kwargs={"org_slug": org.slug})).content.decode()


def grow(org, owner, n):
    today = timezone.localdate()
    stages = list(org.stages.all())
    for i in range(n):
        partner = PartnerFactory(organization=org, owner=owner, stage=stages[i % len(stages)], sector="education")
        FollowUpFactory(partner=partner, assignee=owner, due_on=today - timedelta(days=1))
        partnership = PartnershipFactory(partner=partner, owner=owner)
        TargetFactory(partnership=partnership, metric="participants")
        OutcomeFactory(partnership=partnership, metric="participants", value=i)
        EffortFactory(partnership=partnership, member=owner)
        StepFactory(plan=PlanFactory(organization=org, owner=owner))


def test_a_small_anonymous_round_gives_the_dashboard_no_scores(org, admin):
    round = RoundFactory(organization=org, invited=[admin])
    statement_ids = list(round.round_statements.values_list("statement_id", flat=True))
    questionnaire.save_response(round, admin, {item: (2, "") for item in statement_ids}, submit=True)

    built = {figure.key: figure for figure in figures.build(org)}

    assert table(built["questionnaire"]) == []
    assert built["questionnaire"].empty == (
        "Figures appear once at least 3 people have answered, so that nobody's answers can be told apart."
    )


def test_the_dashboard_runs_the_same_queries_for_5_and_50_of_everything(
    client_for, staff, org, admin, django_assert_num_queries
):
    round = RoundFactory(organization=org, invited=[admin])
    statement_ids = list(round.round_statements.values_list("statement_id", flat=True))
    questionnaire.save_response(round, admin, {item: (3, "") for item in statement_ids}, submit=True)
    client = client_for(staff)
    grow(org, staff, 5)
    few = count_queries(client, url(org))
    grow(org, staff, 45)
    with django_assert_num_queries(few):
        client.get(url(org))
