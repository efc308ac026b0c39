"""Work on partnerships that touches several models, and the figures of their evaluation.

Views, admin, the Dashboard import, ``seed_demo`` and the organization dashboard all call these.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Partner

from . import dashboard_csv, evaluation
from .models import DashboardImport, EffortEntry, Metric, Milestone, Outcome, Partnership, Target


class ImportRefused(Exception):
    """The import cannot be written; ``messages`` says why, each one specific."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(str(m) for m in self.messages))


@transaction.atomic
def create_partnership(partner, partnership):
    """Save a new partnership of ``partner``; it belongs to the partner's organization."""
    partnership.partner = partner
    partnership.organization_id = partner.organization_id
    partnership.save()
    return partnership


def record_outcome(partnership, outcome, *, by):
    outcome.partnership = partnership
    outcome.organization_id = partnership.organization_id
    outcome.source = Outcome.Source.MANUAL
    outcome.recorded_by = by
    outcome.save()
    return outcome


def log_effort(partnership, entry):
    entry.partnership = partnership
    entry.organization_id = partnership.organization_id
    entry.save()
    return entry


def refresh_effort_totals(partnerships):
    """Recompute the effort totals kept on each partnership of the queryset from its entries, in one UPDATE
    (see Partnership.hours_logged)."""

    def total(column):
        entries = EffortEntry.objects.filter(partnership=OuterRef("pk")).order_by().values("partnership")
        return Coalesce(Subquery(entries.annotate(total=Sum(column)).values("total")), Value(Decimal(0)))

    partnerships.update(hours_logged=total("hours"), money_spent=total("money"))


def _effort_changed(sender, instance, **kwargs):
    refresh_effort_totals(Partnership.objects.filter(pk=instance.partnership_id))


def connect_signals():
    post_save.connect(_effort_changed, sender=EffortEntry, dispatch_uid="partnerships.effort_totals.save")
    post_delete.connect(_effort_changed, sender=EffortEntry, dispatch_uid="partnerships.effort_totals.delete")


def add_milestone(partnership, milestone):
    milestone.partnership = partnership
    milestone.organization_id = partnership.organization_id
    milestone.save()
    return milestone


def set_milestone_done(milestone, done, today=None):
    milestone.done_on = (today or timezone.localdate()) if done else None
    milestone.save(update_fields=["done_on"])


# --- Evaluation -------------------------------------------------------------------------------------


@dataclass
class TargetProgress:
    target: Target
    achieved: int
    pace: evaluation.Pace
    per_hours: Decimal | None
    org_median: Decimal | None


@dataclass
class MilestoneCounts:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def total(self):
        return self.on_time + self.late + self.overdue + self.open


@dataclass
class Evaluation:
    partnership: Partnership
    targets: list = field(default_factory=list)
    hours: Decimal = Decimal(0)
    money: Decimal = Decimal(0)
    milestones: MilestoneCounts = field(default_factory=MilestoneCounts)
    other_outcomes: list = field(default_factory=list)  # [(label, total, per hours, org median)] without a target

    @property
    def reached(self):
        return sum(row.pace.state == evaluation.PaceState.REACHED for row in self.targets)


def metric_key(metric, custom_metric=""):
    return (metric, custom_metric if metric == Metric.CUSTOM else "")


def evaluate(partnerships, organization, today=None):
    """The evaluation of each partnership, in a fixed number of queries whatever their number or size."""
    today = today or timezone.localdate()
    partnerships = list(partnerships)
    by_pk = {p.pk: Evaluation(p, hours=p.hours_logged, money=p.money_spent) for p in partnerships}
    if not by_pk:
        return []
    targets = list(Target.objects.filter(partnership__in=by_pk).order_by("due_on", "pk"))
    achieved = defaultdict(int)
    outcome_totals = (
        Outcome.objects.filter(partnership__in=by_pk)
        .values_list("partnership", "metric", "custom_metric")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for partnership_pk, metric, custom, total in outcome_totals:
        achieved[(partnership_pk, metric_key(metric, custom))] += total
    for milestone in Milestone.objects.filter(partnership__in=by_pk).only("partnership", "due_on", "done_on"):
        counts = by_pk[milestone.partnership_id].milestones
        state = milestone.state(today)
        setattr(counts, state, getattr(counts, state) + 1)
    medians = organization_medians(organization, {key for _pk, key in achieved})
    targeted = set()
    for target in targets:
        result = by_pk[target.partnership_id]
        key = metric_key(target.metric, target.custom_metric)
        targeted.add((target.partnership_id, key))
        value = achieved[(target.partnership_id, key)]
        result.targets.append(
            TargetProgress(
                target=target,
                achieved=value,
                pace=evaluation.pace(
                    target=target.value,
                    achieved=value,
                    starts_on=result.partnership.starts_on,
                    due_on=target.due_on,
                    today=today,
                ),
                per_hours=evaluation.per_hours(value, result.hours),
                org_median=medians.get(key),
            )
        )
    labels = dict(Metric.choices)
    for (partnership_pk, key), value in sorted(achieved.items(), key=lambda item: (item[0][0], item[0][1])):
        if (partnership_pk, key) in targeted:
            continue
        result = by_pk[partnership_pk]
        label = key[1] if key[0] == Metric.CUSTOM else labels[key[0]]
        result.other_outcomes.append((label, value, evaluation.per_hours(value, result.hours), medians.get(key)))
    return [by_pk[p.pk] for p in partnerships]


def organization_medians(organization, keys):
    """For each metric key, the median over the organization's partnerships of outcome per 10 hours.

    Counted: the partnerships with hours logged and at least one outcome of that metric. One query: the
    database ranks the rates of each metric and averages the middle one or two.
    """
    if not keys:
        return {}
    outcome, partnership = _tables(Outcome, Partnership)
    metrics = sorted({metric for metric, _custom in keys})
    placeholders = ", ".join(["%s"] * len(metrics))
    sql = f"""
        WITH rates AS (
            SELECT o.metric, o.custom_metric, SUM(o.value) * {evaluation.PER_HOURS}.0 / p.hours_logged AS rate
            FROM {outcome} o JOIN {partnership} p ON p.id = o.partnership_id
            WHERE p.organization_id = %s AND p.hours_logged > 0 AND o.metric IN ({placeholders})
            GROUP BY o.partnership_id, o.metric, o.custom_metric, p.hours_logged
        ), ranked AS (
            SELECT metric, custom_metric, rate,
                   ROW_NUMBER() OVER (PARTITION BY metric, custom_metric ORDER BY rate) AS position,
                   COUNT(*) OVER (PARTITION BY metric, custom_metric) AS counted
            FROM rates
        )
        SELECT metric, custom_metric, AVG(rate) FROM ranked
        WHERE position IN ((counted + 1) / 2, (counted + 2) / 2)
        GROUP BY metric, custom_metric
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, *metrics])
        rows = cursor.fetchall()
    medians = {}
    for metric, custom, middle in rows:
        key = metric_key(metric, custom)
        if key in keys:
            medians[key] = evaluation.two_places(Decimal(str(middle)))
    return medians


# --- Programs & Events Dashboard import -----------------------------------------------------------------


@dataclass
class RowPreview:
    row: dashboard_csv.ProgramRow
    partnership: Partnership | None
    changes: list  # [(metric label, old value or None, new value)]

    @property
    def changed(self):
        return [change for change in self.changes if change[1] != change[2]]


def known_programs(organization, slugs):
    """Slug → partnership pk, for programs imported before: the next export of a program goes to the same place."""
    rows = (
        Outcome.objects.filter(organization=organization, source=Outcome.Source.IMPORTED, program_slug__in=slugs)
        .order_by("program_slug", "-updated_at")
        .values_list("program_slug", "partnership")
    )
    known = {}
    for slug, partnership_pk in rows:
        known.setdefault(slug, partnership_pk)
    return known


def preview_import(organization, rows, chosen):
    """What importing ``rows`` into the ``chosen`` partnerships (slug → Partnership or None) would change."""
    existing = _imported_outcomes(organization, rows, chosen)
    labels = dict(Metric.choices)
    previews = []
    for row in rows:
        partnership = chosen.get(row.slug)
        changes = []
        for metric, value in row.values.items():
            old = existing.get((partnership.pk, row.slug, metric)) if partnership else None
            changes.append((labels[metric], old.value if old else None, value))
        previews.append(RowPreview(row, partnership, changes))
    return previews


def _imported_outcomes(organization, rows, chosen):
    pks = {p.pk for p in chosen.values() if p is not None}
    outcomes = Outcome.objects.filter(
        organization=organization,
        source=Outcome.Source.IMPORTED,
        partnership__in=pks,
        program_slug__in=[row.slug for row in rows],
    )
    return {(o.partnership_id, o.program_slug, o.metric): o for o in outcomes}


@dataclass
class ImportResult:
    created: int = 0
    replaced: int = 0
    unchanged: int = 0


@transaction.atomic
def apply_import(dashboard_import, rows, chosen, *, by, today=None):
    """Write the program rows' figures as imported outcomes: all of them or, when one row is wrong, none.

    Figures are running totals: a program's outcome for a metric is replaced, never added to.
    """
    today = today or timezone.localdate()
    organization = dashboard_import.organization
    unmatched = [row for row in rows if chosen.get(row.slug) is None]
    if unmatched:
        raise ImportRefused(
            _("Line %(line)s (program “%(slug)s”): choose the partnership this program belongs to.")
            % {"line": row.line, "slug": row.slug}
            for row in unmatched
        )
    foreign = [p for p in chosen.values() if p.organization_id != organization.pk]
    if foreign:
        raise ImportRefused([_("A chosen partnership is not one of this organization's.")])
    DashboardImport.objects.select_for_update().filter(pk=dashboard_import.pk).first()
    existing = _imported_outcomes(organization, rows, chosen)
    result, new, changed = ImportResult(), [], []
    for row in rows:
        partnership = chosen[row.slug]
        occurred_on = min(row.ends_on, today) if row.ends_on else today
        note = _("Programs & Events Dashboard: %(title)s") % {"title": row.title or row.slug}
        for metric, value in row.values.items():
            outcome = existing.get((partnership.pk, row.slug, metric))
            if outcome is None:
                new.append(
                    Outcome(
                        organization=organization,
                        partnership=partnership,
                        metric=metric,
                        value=value,
                        occurred_on=occurred_on,
                        source=Outcome.Source.IMPORTED,
                        program_slug=row.slug,
                        note=note,
                        recorded_by=by,
                    )
                )
            elif outcome.value != value:
                outcome.value, outcome.occurred_on, outcome.recorded_by = value, occurred_on, by
                outcome.updated_at = timezone.now()
                changed.append(outcome)
            else:
                result.unchanged += 1
    Outcome.objects.bulk_create(new)
    Outcome.objects.bulk_update(changed, ["value", "occurred_on", "recorded_by", "updated_at"])
    result.created, result.replaced = len(new), len(changed)
    dashboard_import.applied_at = timezone.now()
    dashboard_import.save(update_fields=["applied_at"])
    return result


# --- Figures for the organization dashboard ------------------------------------------------------------


def _tables(*models):
    return [connection.ops.quote_name(model._meta.db_table) for model in models]


def targets_progress(organization):
    """Per metric, over the targets of active partnerships: how many, their total, what was achieved, how many met.

    One query: the outcomes of active partnerships are summed per partnership and metric first, then joined to
    the targets (a subquery per target would run 40,000 times on a large organization).
    """
    target, outcome, partnership = _tables(Target, Outcome, Partnership)
    sql = f"""
        WITH achieved AS (
            SELECT o.partnership_id, o.metric, o.custom_metric, SUM(o.value) AS total
            FROM {outcome} o JOIN {partnership} p ON p.id = o.partnership_id
            WHERE p.organization_id = %s AND p.status = %s
            GROUP BY o.partnership_id, o.metric, o.custom_metric
        )
        SELECT t.metric, COUNT(*), SUM(t.value), SUM(COALESCE(a.total, 0)),
               SUM(CASE WHEN COALESCE(a.total, 0) >= t.value THEN 1 ELSE 0 END)
        FROM {target} t
        JOIN {partnership} p ON p.id = t.partnership_id
        LEFT JOIN achieved a
          ON a.partnership_id = t.partnership_id AND a.metric = t.metric AND a.custom_metric = t.custom_metric
        WHERE p.organization_id = %s AND p.status = %s
        GROUP BY t.metric
        ORDER BY t.metric
    """
    active = Partnership.Status.ACTIVE.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, active, organization.pk, active])
        rows = cursor.fetchall()
    labels = dict(Metric.choices)
    return [
        {
            "metric": metric,
            "label": labels[metric],
            "targets": count,
            "target_total": int(target_total),
            "achieved_total": int(achieved_total),
            "reached": int(reached),
        }
        for metric, count, target_total, achieved_total, reached in rows
    ]


SECTOR_METRICS = [Metric.ARTICLES_CREATED, Metric.ARTICLES_IMPROVED, Metric.FILES_UPLOADED, Metric.PARTICIPANTS]


def effort_by_sector(organization):
    """Per partner sector: hours and money logged, and outcomes of the main metrics. One query.

    Hours and money come from the totals kept on each partnership; outcomes are summed per partnership first
    (one column per metric), so the join to the large partner table is made once, one row per partnership.
    """
    outcome, partnership, partner = _tables(Outcome, Partnership, Partner)
    per_metric = ", ".join(
        f"SUM(CASE WHEN metric = %s THEN value ELSE 0 END) AS m{index}" for index in range(len(SECTOR_METRICS))
    )
    totals = ", ".join(f"SUM(COALESCE(x.m{index}, 0))" for index in range(len(SECTOR_METRICS)))
    sql = f"""
        SELECT r.sector, SUM(p.hours_logged), SUM(p.money_spent), {totals}
        FROM {partnership} p
        JOIN {partner} r ON r.id = p.partner_id
        LEFT JOIN (SELECT partnership_id, {per_metric} FROM {outcome}
                   WHERE organization_id = %s GROUP BY partnership_id) x ON x.partnership_id = p.id
        WHERE p.organization_id = %s AND (p.hours_logged > 0 OR p.money_spent > 0 OR x.partnership_id IS NOT NULL)
        GROUP BY r.sector
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*SECTOR_METRICS, organization.pk, organization.pk])
        rows = {sector: values for sector, *values in cursor.fetchall()}
    result = []
    for sector, label in Partner.Sector.choices:
        if sector not in rows:
            continue
        hours, money, *outcomes = rows[sector]
        hours = Decimal(hours or 0).quantize(Decimal("0.1"))
        totals = [int(total) for total in outcomes]
        result.append(
            {
                "sector": sector,
                "label": label,
                "hours": hours,
                "money": Decimal(money or 0).quantize(Decimal("0.01")),
                "outcomes": totals,
                "articles_per_hours": evaluation.per_hours(totals[0], hours),
            }
        )
    return result


def overdue_milestones(organization, owner, today=None, limit=20):
    """Open milestones past their due date in the partnerships ``owner`` owns."""
    return (
        Milestone.objects.filter(organization=organization, partnership__owner=owner)
        .overdue(today)
        .select_related("partnership")
        .order_by("due_on", "pk")[:limit]
    )


def calendar_milestones(user, since):
    """Open milestones due from ``since`` of the partnerships ``user`` owns, in organizations they belong to."""
    return (
        Milestone.objects.open()
        .filter(partnership__owner=user, organization__memberships__user=user, due_on__gte=since)
        .select_related("partnership__organization")
        .order_by("due_on", "pk")
    )
