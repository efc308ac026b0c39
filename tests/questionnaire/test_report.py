"""The report: figures per statement and overall, anonymity, CSV export, and a fixed number of queries."""

import csv
import html
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from oeplanner.models import Membership, Role
from questionnaire import services
from questionnaire.report import build_report
from tests.factories import RoundFactory, UserFactory


def report_url(round, name="round_report"):
    return reverse(name, kwargs={"org_slug": round.organization.slug, "round_pk": round.pk})


@pytest.fixture
def answered(round, admin, staff, volunteer, answer):
    """Three members: they agree on Q1 (4, 4, 5) and disagree on Q2 (1, 5, don't know… and 2)."""
    answer(round, admin, [4, 1], comments={2: "We never do this"})
    answer(round, staff, [4, 5])
    answer(round, volunteer, [5, None])
    return round


def test_the_figures_of_each_statement(answered):
    report = build_report(answered)
    q1, q2 = report.rows[0].summary, report.rows[1].summary

    assert report.respondents == 3
    assert (q1.n, q1.mean, q1.range, q1.agreement, q1.level) == (3, 13 / 3, 1, "consensus", "high")
    assert (q2.n, q2.dont_know, q2.mean, q2.range, q2.agreement, q2.level) == (2, 1, 3.0, 4, "variance", "low")
    assert report.rows[2].summary.n == 0
    assert report.rows[1].comments == ["We never do this"]
    assert [row.code for row in report.most_disagreement()] == ["Q2", "Q1"]
    assert [row.code for row in report.lowest()] == ["Q2", "Q1"]
    assert [row.code for row in report.statements_needing_attention()] == ["Q2"]


def test_the_report_page_shows_chart_table_and_labels(client_for, staff, answered):
    page = client_for(staff).get(report_url(answered)).content.decode()

    assert '<svg role="img"' in page
    assert "Distribution of scores per statement" in page
    assert "low 1 · high 1 · don't know 1" in page  # Q2 in the chart, in words
    assert "≠ variance" in page and "= consensus" in page
    assert "▲ high" in page and "▼ low" in page
    assert "4.33" in page
    assert "We never do this" in page
    assert "Each respondent's answers" not in page  # anonymous


def test_change_since_the_previous_round(org, admin, staff, answer):
    today = timezone.localdate()
    earlier = RoundFactory(
        organization=org,
        opens_on=today - timedelta(days=100),
        closes_on=today - timedelta(days=90),
        invited=[admin],
        anonymous=False,  # one respondent: an anonymous round would withhold its figures
    )
    # The earlier round is closed by date; answer it as it was then.
    earlier.closes_on = today
    earlier.save()
    answer(earlier, admin, [2, 3])
    later = RoundFactory(organization=org, invited=[admin, staff], anonymous=False)
    answer(later, admin, [4, 3])
    answer(later, staff, [4, 2])

    report = build_report(later)

    assert report.previous_round == earlier
    assert report.rows[0].change == 2.0
    assert report.rows[1].change == -0.5
    assert report.rows[2].change is None
    assert report.overall_change == pytest.approx(3.25 - 2.5)


def test_individual_answers_only_for_admins_of_rounds_that_are_not_anonymous(client_for, org, admin, staff, answer):
    round = RoundFactory(organization=org, anonymous=False, invited=[admin, staff])
    answer(round, staff, [4, None])

    admin_page = client_for(admin).get(report_url(round)).content.decode()
    staff_page = client_for(staff).get(report_url(round)).content.decode()

    assert "Each respondent's answers" in admin_page and str(staff) in admin_page
    assert "Each respondent's answers" not in staff_page


def test_admins_do_not_see_individual_answers_of_an_anonymous_round(client_for, admin, answered):
    page = client_for(admin).get(report_url(answered)).content.decode()

    assert "Each respondent's answers" not in page


def test_volunteers_read_the_report_once_the_round_closed(client_for, volunteer, answered):
    client = client_for(volunteer)
    assert "The report opens to every member when the round closes" in client.get(report_url(answered)).content.decode()

    services.close_round(answered)

    assert "Scores per statement" in client.get(report_url(answered)).content.decode()


def test_the_csv_export_has_every_figure_and_neutralizes_formulas(client_for, org, staff, answered):
    statement = answered.round_statements.first()
    statement.text = '=HYPERLINK("http://evil")'
    statement.save()

    response = client_for(staff).get(report_url(answered, "round_report_csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Code", "Area", "Statement", "Answers", "Don't know"]
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3:11] == ["3", "0", "0", "0", "0", "2", "1", "4.33"]
    assert rows[2][16] == "variance"
    assert rows[-1][0] == "All"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralize_prefixes_formula_starts(value):
    from oeplanner.spreadsheets import neutralize

    assert neutralize(value) == "'" + value
    assert neutralize("plain") == "plain"
    assert neutralize(-1.5) == -1.5


def _fill_round(org, respondents, extra_items):
    for n in range(extra_items):
        services.add_statement(org, area="evaluating", text=f"Extra statement {n}")
    users = []
    for n in range(respondents):
        user = UserFactory(username=f"respondent{n}")
        Membership.objects.create(user=user, organization=org, role=Role.VOLUNTEER)
        users.append(user)
    previous = RoundFactory(organization=org, opens_on=timezone.localdate() - timedelta(days=2), invited=users)
    round = RoundFactory(organization=org, invited=users, anonymous=False)
    for r in (previous, round):
        statement_ids = list(r.round_statements.values_list("statement_id", flat=True))
        for i, user in enumerate(users):
            answers = {
                statement_id: ((i + j) % 5 + 1 if j % 4 else None, "note")
                for j, statement_id in enumerate(statement_ids)
            }
            services.save_response(r, user, answers, submit=True)
    services.save_reflection(services.reflection_for(round), users[0])
    return round


@pytest.mark.parametrize("respondents, extra_items", [(3, 0), (30, 20)])
def test_the_report_costs_the_same_queries_whatever_its_size(
    client_for, org, admin, django_assert_num_queries, respondents, extra_items
):
    round = _fill_round(org, respondents, extra_items)
    client = client_for(admin)
    url = report_url(round)

    # Session, user, membership, round; round statements, answers, previous round, its answers, respondents
    # (not anonymous), reflection; the navigation's memberships and notifications; then plans and
    # recommendations for the "from these results to a plan" section; the community's learning patterns
    # and organizations with expertise for the areas needing attention.
    with django_assert_num_queries(16):
        response = client.get(url)

    assert response.status_code == 200
    assert f"{respondents} respondents" in response.content.decode()


@pytest.mark.parametrize("respondents, extra_items", [(3, 0), (30, 20)])
def test_the_csv_export_costs_the_same_queries_whatever_its_size(
    client_for, org, staff, django_assert_num_queries, respondents, extra_items
):
    round = _fill_round(org, respondents, extra_items)
    client = client_for(staff)

    with django_assert_num_queries(8):
        client.get(report_url(round, "round_report_csv"))


def test_an_anonymous_round_with_too_few_respondents_shows_no_figures(client_for, staff, volunteer, round, answer):
    answer(round, volunteer, [1, 5])
    answer(round, staff, [2, 4], comments={1: "Only I would say this"})
    client = client_for(staff)

    page = html.unescape(client.get(report_url(round)).content.decode())

    assert "2 respondents" in page
    assert "Figures appear once at least 3 people have answered, so that nobody's answers can be told apart." in page
    assert "low 2 · high 0" not in page and "Mean score" not in page and "1.50" not in page
    assert "Only I would say this" not in page
    assert "Download CSV" not in page
    csv_download = client.get(report_url(round, "round_report_csv"))
    assert csv_download.status_code == 302 and csv_download.url == report_url(round)
    report = build_report(round)
    assert report.withheld and report.respondents == 2
    assert all(row.summary.n == 0 and not row.comments for row in report.rows)
    assert report.overall.mean is None


def test_an_anonymous_round_shows_its_figures_from_the_minimum_on(
    client_for, settings, staff, volunteer, round, answer
):
    settings.QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS = 2
    answer(round, volunteer, [1, 5])
    answer(round, staff, [2, 4])

    page = client_for(staff).get(report_url(round)).content.decode()

    assert "low 2 · high 0" in page and "Figures appear once" not in page


def test_a_round_that_is_not_anonymous_shows_the_figures_of_one_respondent(client_for, staff, round, answer):
    round.anonymous = False
    round.save()
    answer(round, staff, [2, 4])

    page = client_for(staff).get(report_url(round)).content.decode()

    assert "low 1 · high 0" in page and "Figures appear once" not in page


def test_a_small_anonymous_previous_round_gives_no_change(org, admin, staff, volunteer, answer):
    today = timezone.localdate()
    earlier = RoundFactory(organization=org, opens_on=today - timedelta(days=100), invited=[admin])
    answer(earlier, admin, [1, 1])  # answered while it was open
    earlier.closes_on = today - timedelta(days=90)
    earlier.save()
    current = RoundFactory(organization=org, invited=[admin, staff, volunteer])
    for member in (admin, staff, volunteer):
        answer(current, member, [4, 4])

    report = build_report(current)

    assert report.previous_round == earlier
    assert report.rows[0].previous_mean is None and report.overall_change is None
