import pytest

from questionnaire import services
from tests.factories import RoundFactory


@pytest.fixture
def round(org, admin, staff, volunteer):
    """An open, anonymous round of the organization's default statements, inviting the three members."""
    return RoundFactory(organization=org, name="2026 self-assessment", invited=[admin, staff, volunteer])


@pytest.fixture
def answer():
    """``answer(round, user, [scores…])``: the member submits one score (or None) per statement, in order."""

    def answer(round, user, scores, comments=None):
        statement_ids = list(round.round_statements.values_list("statement_id", flat=True))
        comments = comments or {}
        answers = {
            statement_id: (score, comments.get(number, ""))
            for number, (statement_id, score) in enumerate(zip(statement_ids, scores, strict=False), start=1)
        }
        return services.save_response(round, user, answers, submit=len(answers) == len(statement_ids))

    return answer
