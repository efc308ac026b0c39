"""The statistics, with exact expected values."""

import math

import pytest

from questionnaire import stats


def test_mean_std_and_range_of_several_scores():
    summary = stats.summarize([1, 3])

    assert summary.n == 2
    assert summary.mean == 2.0
    assert summary.std == math.sqrt(2)  # sample standard deviation: sqrt(((1-2)² + (3-2)²) / (2 - 1))
    assert (summary.minimum, summary.maximum, summary.range) == (1, 3, 2)
    assert summary.distribution == {1: 1, 2: 0, 3: 1, 4: 0, 5: 0}


def test_the_standard_deviation_is_the_sample_one():
    summary = stats.summarize([2, 4, 4, 4, 5, 5, 5])

    # values 2,4,4,4,5,5,5: mean 29/7; squared deviations sum to 48/7; divided by n - 1 = 6.
    assert summary.mean == pytest.approx(29 / 7, abs=1e-12)
    assert summary.std == pytest.approx(math.sqrt(48 / 7 / 6), abs=1e-12)


def test_high_and_low_follow_the_rounded_mean():
    assert stats.summarize([4, 3]).level == stats.HIGH  # mean 3.5 rounds to 4
    assert stats.summarize([3, 4, 3]).level == stats.LOW  # mean 3.33
    assert stats.summarize([5]).level == stats.HIGH
    summary = stats.summarize([1, 2, 3, 4, 5, 5])
    assert (summary.low_count, summary.high_count) == (3, 3)


def test_a_range_of_one_is_consensus():
    summary = stats.summarize([4, 4, 5])

    assert summary.range == 1
    assert summary.std == pytest.approx(math.sqrt(1 / 3), abs=1e-12)
    assert summary.agreement == stats.CONSENSUS


def test_a_range_of_three_is_variance():
    summary = stats.summarize([2, 2, 2, 2, 5])

    assert summary.range == 3
    assert summary.std == pytest.approx(math.sqrt(1.8), abs=1e-12)  # 7.2 / 4
    assert summary.agreement == stats.VARIANCE


def test_a_standard_deviation_of_1_2_or_more_is_variance_even_with_a_range_of_two():
    assert stats.summarize([3, 5]).agreement == stats.VARIANCE  # std sqrt(2) ≈ 1.414
    assert stats.summarize([3, 4, 5]).agreement == stats.CONSENSUS  # std 1.0
    assert stats.summarize([3, 3, 5]).std == pytest.approx(math.sqrt(4 / 3), abs=1e-12)
    assert stats.summarize([3, 3, 5]).agreement == stats.CONSENSUS  # std ≈ 1.155 < 1.2


def test_dont_know_is_counted_apart_and_left_out_of_every_figure():
    summary = stats.summarize([None, 5, None, 3])

    assert summary.dont_know == 2
    assert summary.n == 2
    assert summary.mean == 4.0
    assert summary.std == math.sqrt(2)
    assert sum(summary.distribution.values()) == 2


def test_one_respondent_has_a_mean_but_no_spread_and_no_agreement_label():
    summary = stats.summarize([4])

    assert summary.mean == 4.0
    assert summary.std is None
    assert summary.range == 0
    assert summary.agreement is None
    assert summary.level == stats.HIGH


def test_no_respondent_gives_empty_figures():
    summary = stats.summarize([])

    assert (summary.n, summary.dont_know) == (0, 0)
    assert summary.mean is None and summary.std is None and summary.range is None
    assert summary.level is None and summary.agreement is None
    assert summary.high_count == summary.low_count == 0


def test_only_dont_know_is_like_no_score():
    summary = stats.summarize([None, None])

    assert summary.dont_know == 2
    assert summary.mean is None and summary.agreement is None


def test_a_score_outside_1_to_5_is_refused():
    with pytest.raises(ValueError):
        stats.summarize([3, 7])


def test_overall_figures_are_those_of_each_respondents_average():
    overall = stats.summarize_overall([[5, 5, None], [1, 3], [4, 4, 4, 4]])

    assert overall.respondents == 3
    assert overall.answers.n == 8 and overall.answers.dont_know == 1
    assert overall.answers.mean == 30 / 8
    assert overall.mean == pytest.approx((5 + 2 + 4) / 3, abs=1e-12)
    assert overall.std == pytest.approx(math.sqrt(((5 - 11 / 3) ** 2 + (2 - 11 / 3) ** 2 + (4 - 11 / 3) ** 2) / 2))
    assert overall.range == 3.0
    assert overall.agreement == stats.VARIANCE


def test_overall_without_respondents():
    overall = stats.summarize_overall([])

    assert overall.respondents == 0
    assert overall.mean is None and overall.range is None and overall.agreement is None and overall.level is None


def test_change_since_the_previous_round():
    assert stats.change(3.5, 2.75) == 0.75
    assert stats.change(2.0, 3.0) == -1.0
    assert stats.change(None, 3.0) is None
    assert stats.change(3.0, None) is None
