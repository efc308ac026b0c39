"""A round's report: the statistics of ``stats.py`` applied to its answers.

A report costs the same handful of queries whatever the number of statements or
respondents: answers are read as plain values in one query per round and
summarized in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import stats
from .models import Answer, Response, Round

# Colours of the scores in the chart: warm for low (1–3), blue for high (4–5).
# Each colour keeps its text readable (white on dark, black on light).
SCORE_STYLES = {
    1: ("#9a3412", "#ffffff"),
    2: ("#c2410c", "#ffffff"),
    3: ("#fdba74", "#000000"),
    4: ("#93c5fd", "#000000"),
    5: ("#1e40af", "#ffffff"),
}
LEVEL_LABELS = {stats.HIGH: _("high"), stats.LOW: _("low")}
AGREEMENT_LABELS = {stats.CONSENSUS: _("consensus"), stats.VARIANCE: _("variance")}


@dataclass
class Segment:
    score: int
    count: int
    start: float  # percent of the bar
    width: float  # percent of the bar
    fill: str
    text_colour: str

    @property
    def is_high(self):
        return self.score in stats.HIGH_SCORES

    @property
    def middle(self):
        return self.start + self.width / 2


def segments(summary):
    """The stacked bar of a summary: one segment per score given, 1 to 5, as shares of the scores."""
    if summary.n == 0:
        return []
    result, start = [], 0.0
    for score in stats.SCORES:
        count = summary.distribution[score]
        if count:
            width = 100 * count / summary.n
            fill, text_colour = SCORE_STYLES[score]
            result.append(Segment(score, count, start, width, fill, text_colour))
            start += width
    return result


# The chart is drawn in screen pixels (no viewBox) so its text keeps its size on a phone; only the bars stretch
# with the width. Each line is a label row over a full-width bar.
CHART_TOP = 56  # room for the legend, low scores on a first row and high ones on a second
CHART_LINE = 52
LEGEND_SWATCHES = 100  # where the swatches start, after the legend's words


@dataclass
class ChartLine:
    code: str
    text: str
    summary: stats.Summary
    segments: list
    top: int

    @property
    def bar_top(self):
        return self.top + 22

    @property
    def text_top(self):
        return self.top + 16


@dataclass
class StatementRow:
    number: int
    code: str
    statement_id: int
    area: str
    text: str
    summary: stats.Summary
    previous_mean: float | None = None
    comments: list = field(default_factory=list)
    area_value: str = ""

    @property
    def change(self):
        return stats.change(self.summary.mean, self.previous_mean)

    @property
    def segments(self):
        return segments(self.summary)

    @property
    def level_label(self):
        return LEVEL_LABELS.get(self.summary.level, "")

    @property
    def agreement_label(self):
        return AGREEMENT_LABELS.get(self.summary.agreement, "")


@dataclass
class Report:
    round: Round
    rows: list
    overall: stats.Overall
    respondents: int
    previous_round: Round | None = None
    previous_overall: stats.Overall | None = None
    individuals: list | None = None  # [(respondent name, [answer or None per row])], only when allowed
    withheld: bool = False  # an anonymous round with too few respondents: every figure is left empty

    @property
    def withheld_reason(self):
        minimum = settings.QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS
        return ngettext(
            "Figures appear once at least %(n)d person has answered, so that nobody's answers can be told apart.",
            "Figures appear once at least %(n)d people have answered, so that nobody's answers can be told apart.",
            minimum,
        ) % {"n": minimum}

    @property
    def has_comments(self):
        return any(row.comments for row in self.rows)

    @property
    def overall_segments(self):
        return segments(self.overall.answers)

    @property
    def overall_change(self):
        return stats.change(self.overall.mean, self.previous_overall.mean if self.previous_overall else None)

    @property
    def overall_level_label(self):
        return LEVEL_LABELS.get(self.overall.level, "")

    @property
    def overall_agreement_label(self):
        return AGREEMENT_LABELS.get(self.overall.agreement, "")

    def lowest(self, limit=5):
        """Statements with scores, lowest mean first; ties keep the questionnaire's order."""
        scored = [row for row in self.rows if row.summary.n]
        return sorted(scored, key=lambda row: (row.summary.mean, row.number))[:limit]

    def most_disagreement(self, limit=5):
        """Statements with at least two scores, widest spread first (standard deviation, then range)."""
        spread = [row for row in self.rows if row.summary.n >= 2]
        return sorted(spread, key=lambda row: (-row.summary.std, -row.summary.range, row.number))[:limit]

    def statements_needing_attention(self):
        """Low-scoring statements and statements the group disagrees on: where a capacity-building plan may start."""
        return [row for row in self.rows if row.summary.level == stats.LOW or row.summary.agreement == stats.VARIANCE]

    def areas_needing_attention(self):
        """The areas of the statements needing attention, or of every statement when none does."""
        rows = self.statements_needing_attention() or self.rows
        return list(dict.fromkeys(row.area_value for row in rows))

    @property
    def chart(self):
        """The rows of the chart, the statements then all of them together, with their vertical place."""
        lines = [(row.code, row.text, row.summary, row.segments) for row in self.rows]
        lines.append((_("All"), _("All statements"), self.overall.answers, self.overall_segments))
        return [
            ChartLine(code, text, summary, line_segments, top=CHART_TOP + index * CHART_LINE)
            for index, (code, text, summary, line_segments) in enumerate(lines)
        ]

    @property
    def legend_low(self):
        return [(score, (LEGEND_SWATCHES + 44 * i, SCORE_STYLES[score][0])) for i, score in enumerate((1, 2, 3))]

    @property
    def legend_high(self):
        return [
            (score, (LEGEND_SWATCHES + 44 * i, SCORE_STYLES[score][0])) for i, score in enumerate(stats.HIGH_SCORES)
        ]

    @property
    def chart_height(self):
        return CHART_TOP + CHART_LINE * (len(self.rows) + 1)


def _scores_by_statement_and_respondent(answers):
    by_statement, by_respondent = defaultdict(list), defaultdict(list)
    for statement_id, response_id, score in answers:
        by_statement[statement_id].append(score)
        by_respondent[response_id].append(score)
    return by_statement, by_respondent


def too_few_to_show(round, respondents):
    """Whether an anonymous round has too few respondents for its figures to hide who answered what."""
    return round.anonymous and respondents < settings.QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS


def _answers(round):
    """The round's answers as (statement, response, score, comment), none when its figures must be withheld."""
    answers = list(
        Answer.objects.filter(response__round=round)
        .order_by("response_id", "statement_id")
        .values_list("statement_id", "response_id", "score", "comment")
    )
    respondents = len({response_id for _item_id, response_id, _score, _comment in answers})
    return respondents, ([] if too_few_to_show(round, respondents) else answers)


def build_report(round, *, with_individuals=False):
    """The round's figures. Below the anonymity threshold the report counts respondents and nothing else,
    so no page, export or API can show one person's answers."""
    round_statements = list(round.round_statements.all())
    respondents, answers = _answers(round)
    by_statement, by_respondent = _scores_by_statement_and_respondent((a[0], a[1], a[2]) for a in answers)
    comments = defaultdict(list)
    for statement_id, _response_id, _score, comment in answers:
        if comment.strip():
            comments[statement_id].append(comment)

    previous_round = round.previous()
    previous_by_statement, previous_by_respondent = {}, {}
    if previous_round is not None:
        _previous_respondents, previous_answers = _answers(previous_round)
        previous_by_statement, previous_by_respondent = _scores_by_statement_and_respondent(
            a[:3] for a in previous_answers
        )

    rows = []
    for round_statement in round_statements:
        previous = previous_by_statement.get(round_statement.statement_id)
        rows.append(
            StatementRow(
                number=round_statement.number,
                code=round_statement.code,
                statement_id=round_statement.statement_id,
                area=round_statement.get_area_display(),
                text=round_statement.text,
                summary=stats.summarize(by_statement.get(round_statement.statement_id, [])),
                previous_mean=stats.summarize(previous).mean if previous else None,
                comments=comments.get(round_statement.statement_id, []),
                area_value=round_statement.area,
            )
        )
    report = Report(
        round=round,
        rows=rows,
        overall=stats.summarize_overall(list(by_respondent.values())),
        respondents=respondents,
        previous_round=previous_round,
        previous_overall=stats.summarize_overall(list(previous_by_respondent.values())) if previous_round else None,
        withheld=bool(respondents) and not answers,
    )
    if with_individuals:
        report.individuals = _individual_answers(round, rows, answers)
    return report


def _individual_answers(round, rows, answers):
    """Each respondent's answers in questionnaire order; for admins of rounds that are not anonymous."""
    by_response = defaultdict(dict)
    for statement_id, response_id, score, _comment in answers:
        by_response[response_id][statement_id] = "dk" if score is None else score
    responses = Response.objects.filter(round=round, pk__in=by_response).select_related("respondent").order_by("pk")
    return [
        (str(response), [by_response[response.pk].get(row.statement_id, "") for row in rows]) for response in responses
    ]
