"""Questionnaire work that touches several models. Views, admin, import and the demo call these."""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from . import imports
from .defaults import DEFAULT_RECOMMENDATIONS, DEFAULT_STATEMENTS
from .models import (
    Answer,
    Recommendation,
    Reflection,
    Response,
    ResponseImport,
    Round,
    RoundStatement,
    Statement,
    local_today,
)
from .report import build_report


class QuestionnaireError(Exception):
    """Something the person asked for that the questionnaire's rules do not allow."""


@transaction.atomic
def create_default_statements(organization, language):
    """Give a new organization the built-in statements and recommendations (only those it lacks), written in
    ``language`` (English when the app has none in it)."""
    if language not in DEFAULT_STATEMENTS:
        language = "en"
    if not organization.statements.exists():
        bulk_create_with_history(
            [
                Statement(organization=organization, area=area, text=text, position=position)
                for position, (area, text) in enumerate(DEFAULT_STATEMENTS[language], start=1)
            ],
            Statement,
        )
    existing = set(organization.recommendations.values_list("key", flat=True))
    bulk_create_with_history(
        [
            Recommendation(organization=organization, key=key, area=area, text=text, position=position)
            for position, (key, area, text) in enumerate(DEFAULT_RECOMMENDATIONS[language], start=1)
            if key not in existing
        ],
        Recommendation,
    )


# Statements


def add_statement(organization, *, area, text):
    last = organization.statements.aggregate(last=Max("position"))["last"] or 0
    return Statement.objects.create(organization=organization, area=area, text=text, position=last + 1)


@transaction.atomic
def move_statement(statement, direction):
    """Swap the statement with its neighbour above (``direction=-1``) or below (``+1``) among active statements."""
    siblings = list(
        Statement.objects.select_for_update()
        .filter(organization_id=statement.organization_id)
        .active()
        .order_by("position", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == statement.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


def set_statement_retired(statement, retired):
    statement.retired_at = timezone.now() if retired else None
    statement.save(update_fields=["retired_at"])


# Rounds


@transaction.atomic
def open_round(organization, *, name, opens_on, closes_on, anonymous, invited, created_by):
    """Create a round asking the organization's active statements, worded as they are today."""
    statements = list(organization.statements.active().order_by("position", "pk"))
    if not statements:
        raise QuestionnaireError(_("There are no active statements to ask. Add or restore one first."))
    round = Round.objects.create(
        organization=organization,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        created_by=created_by,
    )
    RoundStatement.objects.bulk_create(
        RoundStatement(round=round, statement=statement, area=statement.area, text=statement.text, number=number)
        for number, statement in enumerate(statements, start=1)
    )
    round.invited.set(invited)
    return round


@transaction.atomic
def close_round(round):
    """Close the round now; members can no longer change their answers."""
    updated = Round.objects.filter(pk=round.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    round.refresh_from_db(fields=["closed_at"])
    return bool(updated)


# Answers


@transaction.atomic
def save_response(round, user, answers, *, submit):
    """Store the member's own answers: ``answers`` maps statement ids to ``(score or None, comment)``.

    Statements missing from ``answers`` were left blank and lose any earlier answer.
    With ``submit`` every statement of the round must be answered.
    """
    round = Round.objects.select_for_update().select_related("organization").get(pk=round.pk)
    if not round.accepts_answers(local_today(round.organization)):
        raise QuestionnaireError(_("This round is not open for answers, so nothing was saved."))
    if not round.invited.filter(pk=user.pk).exists():
        raise QuestionnaireError(_("You are not invited to answer this round."))
    statement_ids = set(round.round_statements.values_list("statement_id", flat=True))
    unknown = set(answers) - statement_ids
    if unknown:
        raise QuestionnaireError(_("Some answers are for statements this round does not ask."))
    if submit and set(answers) != statement_ids:
        raise QuestionnaireError(_("Answer every statement (a score or “don't know”) before submitting."))

    response, _created = Response.objects.get_or_create(round=round, respondent=user)
    response.answers.exclude(statement_id__in=answers).delete()
    existing = {answer.statement_id: answer for answer in response.answers.all()}
    for statement_id, (score, comment) in answers.items():
        answer = existing.get(statement_id)
        if answer is None:
            Answer.objects.create(response=response, statement_id=statement_id, score=score, comment=comment)
        elif (answer.score, answer.comment) != (score, comment):
            answer.score, answer.comment = score, comment
            answer.save(update_fields=["score", "comment"])
    if submit and response.submitted_at is None:
        response.submitted_at = timezone.now()
    response.save()
    return response


@transaction.atomic
def import_responses(round, data, *, filename, user):
    """Store every row of a CSV file as a response of the round, or nothing at all.

    Raises ``imports.CSVImportError`` with every problem found.
    """
    parsed = imports.read_rows(round, data)
    digest = hashlib.sha256(data).hexdigest()
    already = imports.CSVImportError([_("This file was already imported into this round.")])
    if ResponseImport.objects.filter(round=round, sha256=digest).exists():
        raise already
    try:
        with transaction.atomic():
            batch = ResponseImport.objects.create(
                round=round, filename=filename[:255], sha256=digest, rows=len(parsed), imported_by=user
            )
    except IntegrityError:
        raise already from None
    now = timezone.now()
    for label, answers in parsed:
        response = Response.objects.create(round=round, label=label, imported_from=batch, submitted_at=now)
        Answer.objects.bulk_create(
            Answer(response=response, statement_id=statement_id, score=score, comment=comment)
            for statement_id, (score, comment) in answers.items()
        )
    return batch


def can_read_report(round, membership):
    """Staff read a round's report any time; every member once the round is closed."""
    closed = round.status(local_today(membership.organization)) == Round.Status.CLOSED
    return closed or membership.is_staff_or_admin


# Reflection and recommendations


@transaction.atomic
def save_reflection(reflection, user):
    reflection.updated_by = user
    reflection.save()
    return reflection


def reflection_for(round):
    """The round's reflection, or an unsaved blank one."""
    return Reflection.objects.select_related("updated_by").filter(round=round).first() or Reflection(round=round)


@transaction.atomic
def update_recommendation_statuses(recommendations, user):
    """Save the changed statuses and notes of a formset's recommendations, with who and when."""
    now = timezone.now()
    for recommendation in recommendations:
        recommendation.status_updated_by = user
        recommendation.status_updated_at = now
        recommendation.save(update_fields=["status", "note", "status_updated_by", "status_updated_at"])


def latest_report(organization, today=None):
    """The report of the organization's latest round that has opened and has answers, or None.

    For the organization dashboard (overview/); a fixed number of queries.
    """
    today = today or local_today(organization)
    latest = (
        organization.rounds.filter(opens_on__lte=today, responses__answers__isnull=False)
        .order_by("-opens_on", "-pk")
        .first()
    )
    return build_report(latest) if latest is not None else None
