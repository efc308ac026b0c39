"""Demo data: two past rounds of five respondents each, with movement between them, and a reflection."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from oeplanner.models import Membership, Role, User

from . import services
from .models import Answer, Recommendation, Reflection, Response, Round, local_today

EXTRA_RESPONDENTS = ["demo-respondent-1", "demo-respondent-2"]
RESPONDENTS = ["demo-admin", "demo-staff", "demo-volunteer", *EXTRA_RESPONDENTS]
# Scores per respondent, one per default statement (None: don't know). The later round moves:
# selection and follow-up improve, evaluation stays weak, and the group splits on networks.
EARLIER = [
    [3, 2, 2, 3, 4, 2, 3, 2, 1, 3, 2, 2, 1, 2],
    [3, 2, 3, 2, 4, 1, 3, 2, 2, 3, 2, 1, 2, 2],
    [2, 3, 2, 2, 3, 2, 2, 3, 1, 2, 3, 2, 1, None],
    [3, 2, 2, 3, 5, 2, 3, 2, 2, 3, 2, 2, 2, 1],
    [None, 2, 3, 2, 4, 2, 2, 1, 1, 3, 2, 2, 1, 2],
]
LATER = [
    [4, 3, 4, 4, 4, 4, 4, 4, 3, 4, 5, 3, 2, 2],
    [4, 3, 4, 3, 5, 4, 3, 4, 3, 4, 1, 3, 2, 2],
    [4, 3, 3, 4, 4, 3, 4, 5, 2, 4, 4, 2, 1, None],
    [5, 4, 4, 4, 5, 4, 4, 4, 3, 5, 2, 3, 2, 2],
    [4, None, 4, 3, 4, 4, 3, 4, 2, 4, 5, 3, 2, 1],
]
ROUNDS = [("Self-assessment, spring", 400, EARLIER), ("Self-assessment, autumn", 190, LATER)]


def _respondents(org):
    users = []
    for username in RESPONDENTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": username.split("-")[1].title()},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if username in EXTRA_RESPONDENTS:
            Membership.objects.get_or_create(user=user, organization=org, defaults={"role": Role.VOLUNTEER})
        users.append(user)
    return users


@transaction.atomic
def seed_demo(org):
    """Add the demo rounds to ``org`` once; running it again changes nothing."""
    services.create_default_statements(org, "en")
    users = _respondents(org)
    today = local_today(org)
    statements = list(org.statements.active().order_by("position", "pk"))
    for name, days_ago, table in ROUNDS:
        if Round.objects.filter(organization=org, name=name).exists():
            continue
        opens_on = today - timedelta(days=days_ago)
        round = services.open_round(
            org,
            name=name,
            opens_on=opens_on,
            closes_on=opens_on + timedelta(days=21),
            anonymous=True,
            invited=users,
            created_by=users[1],
        )
        round.closed_at = timezone.now() - timedelta(days=days_ago - 21)
        round.save(update_fields=["closed_at"])
        for user, scores in zip(users, table, strict=True):
            response = Response.objects.create(round=round, respondent=user, submitted_at=round.closed_at)
            # An organization whose statements differ gets scores for as many as the table has.
            Answer.objects.bulk_create(
                Answer(response=response, statement=statement, score=score)
                for statement, score in zip(statements, scores, strict=False)
            )
    latest = Round.objects.filter(organization=org, name=ROUNDS[-1][0]).first()
    if latest is not None and not Reflection.objects.filter(round=latest).exists():
        Reflection.objects.create(
            round=latest,
            verdict=Reflection.Verdict.MIXED,
            does_well="Choosing partners and following up after meetings have clearly improved since spring.",
            does_less_well="We still rarely set targets with partners or weigh what a partnership costs us.",
            agreement=Reflection.Agreement.SOME,
            agreement_notes="We split on networks: two of us never worked through an association.",
            surprises="Owners per partnership scored lower than we expected.",
            strengths_and_challenges="Strong volunteer contacts; weak measurement.",
            importance=Reflection.Importance.KEY,
            priority=Reflection.Priority.YES,
            updated_by=users[1],
        )
    marks = {
        "ask-volunteers": Recommendation.Status.DOING_WELL,
        "one-owner": Recommendation.Status.PARTLY,
        "agree-targets": Recommendation.Status.NOT_YET,
        "weigh-effort": Recommendation.Status.NOT_YET,
    }
    for key, status in marks.items():
        Recommendation.objects.filter(organization=org, key=key, status="").update(status=status)
