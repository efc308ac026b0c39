"""Work on plans that touches several rows: saving the step table, steps from insights."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from questionnaire.models import Recommendation
from questionnaire.report import build_report

from .models import Plan, Step


class StaleTable(Exception):
    """Someone else saved the plan's table after this person opened it."""


class BadMove(Exception):
    """A reorder request naming a row that is not in this plan."""


def parse_move(value, formset):
    """``"<step id>:up"`` or ``"<step id>:down"`` → (step id, -1 | +1); the step must be in the table."""
    if not value:
        return None
    step_id, _sep, direction = value.partition(":")
    known = {str(form.instance.pk) for form in formset.initial_forms}
    if step_id not in known or direction not in ("up", "down"):
        raise BadMove(_("That row is not in this plan: nothing was saved. Reload the page and try again."))
    return int(step_id), -1 if direction == "up" else 1


@transaction.atomic
def save_steps(plan, formset, *, version, move=None):
    """Save the whole table at once, in the order shown, then apply a one-row move.

    Refuses (nothing written) when the plan was saved by someone else since ``version``.
    """
    claimed = Plan.objects.filter(pk=plan.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise StaleTable
    deleted_forms = set(formset.deleted_forms)
    formset.save(commit=False)
    for step in formset.deleted_objects:
        step.delete()
    ordered = [
        form.instance
        for form in formset.forms
        if form not in deleted_forms and (form.instance.pk is not None or form.has_changed())
    ]
    if move is not None:
        _swap(ordered, *move)
    for position, step in enumerate(ordered):
        step.plan = plan
        step.position = position
        step.save()
    plan.refresh_from_db(fields=["version"])
    return ordered


def _swap(ordered, step_id, offset):
    """Swap the step with its neighbour (``offset`` -1 above, +1 below); False at either end of the table."""
    index = next((i for i, step in enumerate(ordered) if step.pk == step_id), None)
    if index is None or not 0 <= index + offset < len(ordered):
        return False
    ordered[index], ordered[index + offset] = ordered[index + offset], ordered[index]
    return True


def _changed(plan):
    """A step changed outside the table: a table opened before is refused when saved (``StaleTable``)."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def add_step(plan, step):
    """One step at the end of the plan's table (the API; the page saves its whole table with ``save_steps``)."""
    _changed(plan)
    step.plan = plan
    step.position = _next_position(plan)
    step.save()
    return step


@transaction.atomic
def update_step(step):
    _changed(step.plan)
    step.save()
    return step


@transaction.atomic
def move_step(step, offset, *, reason=None):
    """Move one step up (``offset=-1``) or down (``+1``) in its plan's table, as the table's arrows do.

    ``reason`` goes into the history records of the steps renumbered."""
    ordered = list(Step.objects.select_for_update().filter(plan_id=step.plan_id).order_by("position", "pk"))
    if not _swap(ordered, step.pk, offset):
        return step
    _changed(step.plan)
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            row._change_reason = reason
            row.save(update_fields=["position"])
        if row.pk == step.pk:
            step.position = position
    return step


def _next_position(plan):
    last = plan.steps.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def add_step_from_statement(plan, statement):
    """A step to work on a questionnaire statement that scored low or split the group.

    Returns (step, created): a plan that already works on the statement keeps its one step."""
    notes = ""
    if plan.round_id:
        notes = _("From the questionnaire round “%(round)s”.") % {"round": plan.round}
    return _add_step_from(
        plan,
        source_statement=statement,
        goal=_("Get better at: %(statement)s") % {"statement": statement.text},
        indicator=_("Score of this statement in the next round"),
        target=_("Mean of 4 or more, with consensus"),
        notes=notes,
    )


def add_step_from_recommendation(plan, recommendation):
    """Returns (step, created), like :func:`add_step_from_statement`."""
    notes = _("Marked “%(status)s”.") % {"status": recommendation.get_status_display()}
    if recommendation.note:
        notes += " " + recommendation.note
    return _add_step_from(plan, source_recommendation=recommendation, goal=recommendation.text, notes=notes)


def _add_step_from(plan, **fields):
    source = {name: value for name, value in fields.items() if name.startswith("source_")}
    with transaction.atomic():
        existing = plan.steps.filter(**source).first()
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                return Step.objects.create(plan=plan, position=_next_position(plan), **fields), True
        except IntegrityError:  # the same click, twice at once: the other request added it
            return plan.steps.get(**source), False


@dataclass
class Gaps:
    """What the plan does not address yet: statements needing attention and open recommendations."""

    statements: list
    recommendations: list


def gaps(plan, steps):
    covered_statements = {step.source_statement_id for step in steps if step.source_statement_id}
    covered_recommendations = {step.source_recommendation_id for step in steps if step.source_recommendation_id}
    statements = []
    if plan.round_id:
        report = build_report(plan.round)
        statements = [
            row for row in report.statements_needing_attention() if row.statement_id not in covered_statements
        ]
    recommendations = [
        r
        for r in Recommendation.objects.filter(organization_id=plan.organization_id).needs_work()
        if r.pk not in covered_recommendations
    ]
    return Gaps(statements=statements, recommendations=recommendations)


def areas(plan):
    """The practice areas the plan works on: those of the questionnaire statements and recommendations
    its steps come from."""
    rows = plan.steps.values_list("source_statement__area", "source_recommendation__area")
    return list(dict.fromkeys(area for row in rows for area in row if area))


@dataclass
class PlanActions:
    """What the questionnaire report offers to turn into plan steps, for the plan the member chose.

    ``statements`` and ``recommendations`` are (row, step) pairs: ``step`` is the chosen plan's step
    already made from that row, or None."""

    plans: list
    plan: Plan | None
    statements: list
    recommendations: list


def plan_actions(organization, report, chosen_pk=None):
    """Open plans, newest first; the chosen one (else the newest) and what it already addresses."""
    plans = list(organization.plans.exclude(status=Plan.Status.DONE).order_by("-created_at", "-pk"))
    plan = next((p for p in plans if str(p.pk) == str(chosen_pk)), plans[0] if plans else None)
    steps = list(plan.steps.exclude(source_statement=None, source_recommendation=None)) if plan else []
    by_statement = {step.source_statement_id: step for step in steps if step.source_statement_id}
    by_recommendation = {step.source_recommendation_id: step for step in steps if step.source_recommendation_id}
    recommendations = Recommendation.objects.filter(organization=organization).needs_work()
    return PlanActions(
        plans=plans,
        plan=plan,
        statements=[(row, by_statement.get(row.statement_id)) for row in report.statements_needing_attention()],
        recommendations=[(rec, by_recommendation.get(rec.pk)) for rec in recommendations],
    )


def with_step_counts(plans, today=None):
    """The plans with ``step_count`` (dropped steps left out), ``done_count`` and ``overdue_count``."""
    today = today or timezone.localdate()
    open_steps = ~Q(steps__status__in=[Step.Status.DONE, Step.Status.DROPPED])
    return plans.annotate(
        step_count=Count("steps", filter=~Q(steps__status=Step.Status.DROPPED)),
        done_count=Count("steps", filter=Q(steps__status=Step.Status.DONE)),
        overdue_count=Count("steps", filter=open_steps & Q(steps__ends_on__lt=today)),
    )


def overdue_steps_of(organization, member, today, limit=20):
    """The member's overdue plan steps, for their dashboard."""
    steps = Step.objects.filter(plan__organization=organization, responsible=member).overdue(today)
    return list(steps.select_related("plan")[:limit])


@dataclass
class Progress:
    total: int
    done: int
    overdue: int

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def progress(steps, today=None):
    counted = [step for step in steps if step.status != Step.Status.DROPPED]
    today = today or timezone.localdate()
    return Progress(
        total=len(counted),
        done=sum(step.status == Step.Status.DONE for step in counted),
        overdue=sum(step.is_overdue(today) for step in counted),
    )


def plan_progress(organization, today=None):
    """[(plan, Progress)] of the organization's active plans, newest first; two queries."""
    plans = (
        organization.plans.filter(status=Plan.Status.ACTIVE).prefetch_related("steps").order_by("-created_at", "-pk")
    )
    return [(plan, progress(plan.steps.all(), today)) for plan in plans]
