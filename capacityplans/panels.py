"""The plans' section on the questionnaire report: turn its results into steps of a chosen plan
(see :mod:`oeplanner.panels`; the report does not know this app)."""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from .services import plan_actions


def report_panel(request, round, report):
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_staff_or_admin:
        return ""
    context = {
        "current_org": request.org,
        "round": round,
        "plan_actions": plan_actions(request.org, report, request.GET.get("plan")),
        "csrf_token": get_token(request),
    }
    # Rendered without the request: the page's context processors have already run once, so current_org is given.
    return render_to_string("capacityplans/_report_actions.html", context)
