"""An active demo plan with steps in every status, answering the latest demo questionnaire round."""

from datetime import timedelta

from django.utils import timezone

from questionnaire.models import Recommendation
from questionnaire.report import build_report

from . import services
from .models import Plan, Step


def seed_demo(organization):
    if organization.plans.exists():
        return
    members = {m.user.username: m.user for m in organization.memberships.select_related("user")}
    latest_round = organization.rounds.order_by("-opens_on", "-pk").first()
    today = timezone.localdate()
    plan = Plan.objects.create(
        organization=organization,
        title="Partnerships capacity plan",
        status=Plan.Status.ACTIVE,
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=240),
        round=latest_round,
        owner=members.get("demo-staff"),
    )
    if latest_round is not None:
        for row in build_report(latest_round).lowest(limit=2):
            services.add_step_from_statement(plan, organization.statements.get(pk=row.statement_id))
    recommendation = Recommendation.objects.filter(organization=organization).needs_work().first()
    if recommendation is not None:
        services.add_step_from_recommendation(plan, recommendation)
    written = [
        ("Agree a one-page partnership checklist", Step.Status.DONE, -90, -30, "demo-admin"),
        ("Hold a quarterly review of all active partnerships", Step.Status.IN_PROGRESS, -60, -5, "demo-volunteer"),
        ("Record outcomes of every edit-a-thon against its targets", Step.Status.NOT_STARTED, 10, 120, "demo-staff"),
        ("Join the regional museum association's newsletter", Step.Status.DROPPED, -100, -70, ""),
    ]
    statuses = [Step.Status.IN_PROGRESS, Step.Status.NOT_STARTED, Step.Status.NOT_STARTED]
    for step, status in zip(plan.steps.order_by("position"), statuses, strict=False):
        step.status = status
        step.responsible = members.get("demo-staff")
        step.ends_on = today + timedelta(days=60)
        step.save()
    position = plan.steps.count()
    for offset, (goal, status, start, end, username) in enumerate(written):
        Step.objects.create(
            plan=plan,
            position=position + offset,
            goal=goal,
            action="Discuss at the next members' meeting, then write it down on the wiki.",
            responsible=members.get(username),
            responsible_name="" if username else "Board",
            resources="2 volunteer hours a month",
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            indicator="Checklist used for new partners",
            target="All new partners",
            status=status,
        )
