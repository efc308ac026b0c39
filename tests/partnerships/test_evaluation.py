"""Pace, outcome per hour and medians, with values worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from partnerships import services
from partnerships.evaluation import PaceState, pace, per_hours
from tests.factories import EffortFactory, MilestoneFactory, OutcomeFactory, PartnershipFactory, TargetFactory

START, DUE = date(2026, 1, 1), date(2026, 1, 31)  # 30 days


def test_half_way_through_half_the_target_is_expected():
    result = pace(target=100, achieved=50, starts_on=START, due_on=DUE, today=date(2026, 1, 16))
    assert (result.state, result.expected, result.percent) == (PaceState.ON_TRACK, Decimal("50.00"), 50)


def test_one_under_the_line_is_behind():
    result = pace(target=100, achieved=49, starts_on=START, due_on=DUE, today=date(2026, 1, 16))
    assert (result.state, result.expected, result.percent) == (PaceState.BEHIND, Decimal("50.00"), 49)


def test_expected_is_rounded_to_two_places():
    # 7 targets over 30 days, 10 days in: 7 × 10 / 30 = 2.333…
    result = pace(target=7, achieved=2, starts_on=START, due_on=DUE, today=date(2026, 1, 11))
    assert (result.state, result.expected, result.percent) == (PaceState.BEHIND, Decimal("2.33"), 28)


def test_nothing_is_expected_before_the_start():
    result = pace(target=100, achieved=0, starts_on=START, due_on=DUE, today=date(2025, 12, 20))
    assert (result.state, result.expected) == (PaceState.ON_TRACK, Decimal("0.00"))


def test_a_met_target_is_reached_even_early_and_shows_more_than_100_percent():
    result = pace(target=40, achieved=50, starts_on=START, due_on=DUE, today=date(2026, 1, 2))
    assert (result.state, result.percent, result.bar_percent) == (PaceState.REACHED, 125, 100)


def test_a_target_not_met_by_its_date_is_missed():
    result = pace(target=100, achieved=99, starts_on=START, due_on=DUE, today=DUE)
    assert (result.state, result.expected, result.percent) == (PaceState.MISSED, Decimal("100.00"), 99)


def test_a_target_due_on_the_start_day_expects_nothing_before_it():
    result = pace(target=10, achieved=0, starts_on=DUE, due_on=DUE, today=DUE - timedelta(days=1))
    assert result.state == PaceState.ON_TRACK


def test_outcome_per_10_hours():
    assert per_hours(30, Decimal("12")) == Decimal("25.00")
    assert per_hours(1, Decimal("3")) == Decimal("3.33")
    assert per_hours(2, Decimal("3")) == Decimal("6.67")


def test_no_hours_gives_no_rate_rather_than_infinity():
    assert per_hours(30, 0) is None
    assert per_hours(30, None) is None


@pytest.mark.django_db
def test_the_organization_median_of_an_even_count_is_the_mean_of_the_two_middle_rates(org, staff):
    # Articles per 10 hours: 5, 10, 12.5 and 40; the middle two average to 11.25.
    for articles, hours in [(5, 10), (10, 10), (25, 20), (20, 5)]:
        partnership = PartnershipFactory(partner__organization=org)
        OutcomeFactory(partnership=partnership, metric="articles_created", value=articles)
        EffortFactory(partnership=partnership, member=staff, hours=hours)
    # Another metric and a custom metric keep their own medians.
    custom = PartnershipFactory(partner__organization=org)
    OutcomeFactory(partnership=custom, metric="custom", custom_metric="Wikidata items", value=7)
    EffortFactory(partnership=custom, member=staff, hours=Decimal("3"))

    medians = services.organization_medians(
        org, {("articles_created", ""), ("custom", "Wikidata items"), ("participants", "")}
    )

    assert medians == {("articles_created", ""): Decimal("11.25"), ("custom", "Wikidata items"): Decimal("23.33")}


@pytest.mark.django_db
def test_evaluation_puts_each_target_beside_hours_and_the_organization_median(org, staff):
    today = date(2026, 1, 16)
    ours = PartnershipFactory(partner__organization=org, starts_on=START)
    TargetFactory(partnership=ours, metric="articles_created", value=100, due_on=DUE)
    OutcomeFactory(partnership=ours, metric="articles_created", value=30)
    OutcomeFactory(partnership=ours, metric="articles_created", value=20)
    OutcomeFactory(partnership=ours, metric="files_uploaded", value=8)  # no target: shown apart
    EffortFactory(partnership=ours, member=staff, hours=Decimal("12.5"), money=Decimal("40"))
    EffortFactory(partnership=ours, member=staff, hours=Decimal("7.5"), money=Decimal("0"))
    # Two other partnerships: 10 articles in 10 h (10 per 10 h) and 90 in 30 h (30 per 10 h).
    for articles, hours in [(10, 10), (90, 30)]:
        other = PartnershipFactory(partner__organization=org)
        OutcomeFactory(partnership=other, metric="articles_created", value=articles)
        EffortFactory(partnership=other, member=staff, hours=hours)
    # Outcomes without hours, and another organization's partnership, do not count in the median.
    OutcomeFactory(partnership=PartnershipFactory(partner__organization=org), value=1000)
    EffortFactory(partnership=OutcomeFactory(value=1).partnership, hours=1)
    MilestoneFactory(partnership=ours, due_on=date(2026, 1, 10), done_on=date(2026, 1, 9))
    MilestoneFactory(partnership=ours, due_on=date(2026, 1, 10), done_on=date(2026, 1, 12))
    MilestoneFactory(partnership=ours, due_on=date(2026, 1, 15))
    MilestoneFactory(partnership=ours, due_on=date(2026, 1, 20))

    ours.refresh_from_db()  # as the views read it, with the effort totals the entries keep up to date
    (result,) = services.evaluate([ours], org, today=today)

    (row,) = result.targets
    assert row.achieved == 50
    assert (row.pace.state, row.pace.expected) == (PaceState.ON_TRACK, Decimal("50.00"))
    assert row.per_hours == Decimal("25.00")  # 50 articles in 20 hours
    assert row.org_median == Decimal("25.00")  # median of 10, 25 and 30
    assert (result.hours, result.money) == (Decimal("20.0"), Decimal("40.00"))
    counts = result.milestones
    assert (counts.on_time, counts.late, counts.overdue, counts.open) == (1, 1, 1, 1)
    assert result.other_outcomes == [("Files uploaded", 8, Decimal("4.00"), Decimal("4.00"))]


@pytest.mark.django_db
def test_the_effort_totals_follow_every_entry_saved_or_deleted(org, staff):
    partnership = PartnershipFactory(partner__organization=org)
    first = EffortFactory(partnership=partnership, member=staff, hours=Decimal("2.5"), money=Decimal("10"))
    second = EffortFactory(partnership=partnership, member=staff, hours=Decimal("4"))
    partnership.refresh_from_db()
    assert (partnership.hours_logged, partnership.money_spent) == (Decimal("6.5"), Decimal("10"))
    second.hours = Decimal("1")
    second.save()
    first.delete()
    partnership.refresh_from_db()
    assert (partnership.hours_logged, partnership.money_spent) == (Decimal("1"), Decimal("0"))
