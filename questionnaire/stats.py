"""Statistics of questionnaire scores, as pure functions of plain values.

A score is an int from 1 to 5, or ``None`` for "don't know". "Don't know" is
counted apart and left out of every figure computed from scores.

The rules, as the report states them to its readers:

* **High or low.** The score bands are those of the original questionnaire:
  4–5 is high, 1–3 is low. A set of scores is *high* when its mean is 3.5 or
  more (it rounds into the high band), *low* otherwise.
* **Spread.** The standard deviation is the *sample* standard deviation
  (divided by n − 1): the respondents are usually a few of the members who could
  have answered, and with three to seven people the population formula makes
  disagreements look smaller than they are. With a single score it is undefined.
  The range is the highest score minus the lowest.
* **Consensus or variance.** With two scores or more, the group shows
  *variance* when the range is 3 or more, or the standard deviation is 1.2 or
  more; otherwise it shows *consensus* (everyone within about a point of each
  other). With fewer than two scores there is nothing to agree on, and no label.
"""

import statistics
from dataclasses import dataclass, field

SCORES = (1, 2, 3, 4, 5)
HIGH_SCORES = (4, 5)
HIGH_MEAN = 3.5
VARIANCE_RANGE = 3
VARIANCE_STD = 1.2

HIGH = "high"
LOW = "low"
CONSENSUS = "consensus"
VARIANCE = "variance"


class Labelled:
    """The range and the two labels of a set of figures (the rules above); ``scored`` is how many there are."""

    @property
    def range(self):
        return None if self.scored == 0 else self.maximum - self.minimum

    @property
    def level(self):
        """``"high"``, ``"low"``, or ``None`` without scores."""
        if self.mean is None:
            return None
        return HIGH if self.mean >= HIGH_MEAN else LOW

    @property
    def agreement(self):
        """``"consensus"``, ``"variance"``, or ``None`` with fewer than two scores."""
        if self.scored < 2:
            return None
        if self.range >= VARIANCE_RANGE or self.std >= VARIANCE_STD:
            return VARIANCE
        return CONSENSUS


@dataclass(frozen=True)
class Summary(Labelled):
    n: int  # scores given, "don't know" excluded
    dont_know: int
    distribution: dict = field(default_factory=dict)  # {score: count} for 1..5
    mean: float | None = None
    std: float | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def scored(self):
        return self.n

    @property
    def high_count(self):
        return sum(self.distribution[s] for s in HIGH_SCORES)

    @property
    def low_count(self):
        return self.n - self.high_count


def sample_std(values):
    """Sample standard deviation (n − 1), or ``None`` for fewer than two values."""
    return statistics.stdev(values) if len(values) >= 2 else None


def summarize(scores):
    """Summarize the answers to one statement: ints 1–5 and ``None`` for "don't know"."""
    values = [s for s in scores if s is not None]
    distribution = {s: 0 for s in SCORES}
    for value in values:
        if value not in distribution:
            raise ValueError(f"{value!r} is not a score from 1 to 5")
        distribution[value] += 1
    n = len(values)
    return Summary(
        n=n,
        dont_know=len(scores) - n,
        distribution=distribution,
        mean=sum(values) / n if n else None,
        std=sample_std(values),
        minimum=min(values) if n else None,
        maximum=max(values) if n else None,
    )


@dataclass(frozen=True)
class Overall(Labelled):
    """All statements together.

    The distribution and "don't know" count pool every answer. The mean, spread
    and label are those of each respondent's own average score, so that they say
    whether *people* agree on the whole, whatever the statements.
    """

    answers: Summary  # every answer pooled: distribution, don't know, and the pooled mean
    respondents: int  # respondents with at least one score
    mean: float | None
    std: float | None
    minimum: float | None
    maximum: float | None

    @property
    def scored(self):
        return self.respondents


def summarize_overall(scores_by_respondent):
    """``scores_by_respondent``: one list of scores (ints and ``None``) per respondent."""
    pooled = summarize([s for scores in scores_by_respondent for s in scores])
    averages = []
    for scores in scores_by_respondent:
        values = [s for s in scores if s is not None]
        if values:
            averages.append(sum(values) / len(values))
    n = len(averages)
    return Overall(
        answers=pooled,
        respondents=n,
        mean=sum(averages) / n if n else None,
        std=sample_std(averages),
        minimum=min(averages) if n else None,
        maximum=max(averages) if n else None,
    )


def change(mean, previous_mean):
    """How far a mean moved since the previous round, or ``None`` when either is missing."""
    if mean is None or previous_mean is None:
        return None
    return mean - previous_mean
