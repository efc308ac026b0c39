"""The figures of the organization dashboard. Each reads its app through that app's services.

A figure is a titled table whose rows may carry a bar (drawn as an SVG chart beside the table),
a link to the filtered list behind the row, and the same numbers as CSV. Every figure runs a fixed
number of aggregate queries; nothing is cached, so the page always shows the current state.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacityplans import services as plans
from partners import services as partners
from partnerships import services as partnerships
from questionnaire import services as questionnaire

BAR_LEFT = 170  # SVG units left of the bars, for the row names
BAR_WIDTH = 240  # SVG units of the longest bar
ROW_HEIGHT = 28


@dataclass
class Row:
    cells: list  # the first cell names the row
    bar: float = 0  # the number the bar shows
    link: str = ""


@dataclass
class Figure:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    link: str = ""  # the list behind the whole figure
    empty: str = ""  # what to do when there is nothing to show
    bar_max: float | None = None  # a fixed scale (percentages, scores); else the largest bar
    csv_url: str = ""

    @property
    def bars(self):
        """Where the SVG chart draws each row: [(row, label y, bar y, bar length, value x)]."""
        top = float(self.bar_max or max((row.bar for row in self.rows), default=0) or 1)
        bars = []
        for index, row in enumerate(self.rows):
            y = index * ROW_HEIGHT
            length = round(BAR_WIDTH * min(float(row.bar), top) / top, 1)
            bars.append((row, y + 18, y + 6, length, BAR_LEFT + length + 6))
        return bars

    @property
    def chart_width(self):
        return BAR_LEFT + BAR_WIDTH + 60

    @property
    def chart_height(self):
        return max(len(self.rows), 1) * ROW_HEIGHT


def _url(name, org, query=None, **kwargs):
    address = reverse(name, kwargs={"org_slug": org.slug, **kwargs})
    return f"{address}?{urlencode(query)}" if query else address


def _person(first, last, username):
    return f"{first} {last}".strip() or username


def pipeline(org, today):
    rows = [
        Row([stage.name, n], n, _url("partner_list", org, {"stage": stage.pk}))
        for stage, n in partners.pipeline_by_stage(org)
    ]
    return Figure(
        "pipeline",
        _("Pipeline by stage"),
        [_("Stage"), _("Partners")],
        rows,
        _url("partner_list", org),
        _("No stage yet."),
    )


def sectors(org, today):
    rows = [
        Row([label, n], n, _url("partner_list", org, {"sector": value}))
        for value, label, n in partners.partners_by_sector(org)
    ]
    return Figure(
        "sectors",
        _("Partners by sector"),
        [_("Sector"), _("Partners")],
        rows,
        _url("partner_list", org),
        _("No partner yet: add partners to see them by sector."),
    )


def overdue_follow_ups(org, today):
    rows = [
        Row([_person(first, last, username), n], n, _url("follow_up_list", org, {"state": "overdue", "assignee": pk}))
        for pk, first, last, username, n in partners.overdue_follow_ups_by_assignee(org, today)
    ]
    return Figure(
        "overdue-follow-ups",
        _("Overdue follow-ups by assignee"),
        [_("Assignee"), _("Overdue")],
        rows,
        _url("follow_up_list", org, {"state": "overdue"}),
        _("No follow-up is overdue."),
    )


def stale_partners(org, today):
    rows = [
        Row(
            [_person(first, last, username) if pk else _("Nobody"), n],
            n,
            _url("partner_list", org, {"cadence": "stale", **({"owner": pk} if pk else {})}),
        )
        for pk, first, last, username, n in partners.stale_partners_by_owner(org, today)
    ]
    return Figure(
        "stale-partners",
        _("Stale partners by owner"),
        [_("Owner"), _("Stale partners")],
        rows,
        _url("partner_list", org, {"cadence": "stale"}),
        _("No partner is stale: every one was contacted within twice its stage's cadence."),
    )


def targets(org, today):
    rows = []
    for row in partnerships.targets_progress(org):
        achieved, target = row["achieved_total"] or 0, row["target_total"] or 0
        percent = achieved * 100 // target if target else 0
        rows.append(
            Row(
                [row["label"], row["targets"], target, achieved, f"{percent}%", row["reached"]],
                percent,
                _url("partnership_list", org, {"status": "active"}),
            )
        )
    return Figure(
        "targets",
        _("Targets progress across active partnerships"),
        [_("Metric"), _("Targets"), _("Target total"), _("Achieved"), _("Progress"), _("Targets reached")],
        rows,
        _url("partnership_list", org, {"status": "active"}),
        _("No active partnership has targets yet."),
        bar_max=100,
    )


def effort(org, today):
    rows = [
        Row(
            [row["label"], row["hours"], row["money"], *row["outcomes"], row["articles_per_hours"] or "—"],
            row["hours"],
            _url("partnership_list", org, {"sector": row["sector"]}),
        )
        for row in partnerships.effort_by_sector(org)
    ]
    return Figure(
        "effort",
        _("Effort against outcomes by sector"),
        [
            _("Sector"),
            _("Hours"),
            _("Money"),
            _("Articles created"),
            _("Articles improved"),
            _("Files uploaded"),
            _("Participants"),
            _("Articles per 10 hours"),
        ],
        rows,
        _url("partnership_list", org),
        _("No effort logged yet: log hours on a partnership's page."),
    )


def questionnaire_score(org, today):
    report = questionnaire.latest_report(org)
    if report is None:
        return Figure(
            "questionnaire",
            _("Latest questionnaire score"),
            [_("Statement"), _("Mean score")],
            link=_url("round_list", org),
            empty=_("No questionnaire round has answers yet."),
        )
    link = _url("round_report", org, round_pk=report.round.pk)
    if report.withheld:
        return Figure(
            "questionnaire",
            _("Latest questionnaire score: %(round)s") % {"round": report.round.name},
            [_("Statement"), _("Mean score")],
            link=link,
            empty=report.withheld_reason,
        )
    rows = [
        Row([f"{row.code} {row.text}", _mean(row.summary.mean)], row.summary.mean or 0, link) for row in report.rows
    ]
    rows.append(Row([_("All statements"), _mean(report.overall.mean)], report.overall.mean or 0, link))
    return Figure(
        "questionnaire",
        _("Latest questionnaire score: %(round)s") % {"round": report.round.name},
        [_("Statement"), _("Mean score")],
        rows,
        link,
        bar_max=5,
    )


def _mean(value):
    return f"{value:.1f}" if value is not None else "—"


def plan_progress(org, today):
    rows = [
        Row(
            [plan.title, progress.done, progress.total, progress.overdue, f"{progress.percent}%"],
            progress.percent,
            _url("plan_detail", org, plan_pk=plan.pk),
        )
        for plan, progress in plans.plan_progress(org, today)
    ]
    return Figure(
        "plans",
        _("Plan progress"),
        [_("Plan"), _("Steps done"), _("Steps"), _("Overdue"), _("Progress")],
        rows,
        _url("plan_list", org),
        _("No active capacity-building plan."),
        bar_max=100,
    )


FIGURES = {
    "pipeline": pipeline,
    "sectors": sectors,
    "overdue-follow-ups": overdue_follow_ups,
    "stale-partners": stale_partners,
    "targets": targets,
    "effort": effort,
    "questionnaire": questionnaire_score,
    "plans": plan_progress,
}


def build(org, keys=None, today=None):
    today = today or timezone.localdate()
    built = [FIGURES[key](org, today) for key in keys or FIGURES]
    for figure in built:
        figure.csv_url = _url(f"overview_csv_{figure.key}", org)
    return built
