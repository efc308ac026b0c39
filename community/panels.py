"""The community's section on pages about a practice area: the questionnaire report, the
recommendations self-check and the plan page (see :mod:`oeplanner.panels`)."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.template.loader import render_to_string

from .models import AREA_LABELS, Expertise, LearningPattern

SHOWN = 5


def practice_area_panel(request, areas):
    areas = [area for area in dict.fromkeys(areas) if area in AREA_LABELS]
    if not areas:
        return ""
    user = request.user
    patterns = (
        LearningPattern.objects.visible_to(user)
        .filter(area__in=areas)
        .select_related("organization")
        .order_by("-endorsement_count", "-created_at", "-pk")[:SHOWN]
    )
    expertise = (
        Expertise.objects.visible_to(user)
        .filter(reduce(or_, (Q(areas__contains=f",{area},") for area in areas)))
        .select_related("organization")
        .order_by("organization__name")
    )
    org = getattr(request, "org", None)
    if org is not None:
        expertise = expertise.exclude(organization=org)
    context = {
        "areas": [(area, AREA_LABELS[area]) for area in areas],
        "patterns": patterns,
        "expertise": expertise[:SHOWN],
    }
    return render_to_string("community/_practice_area_panel.html", context, request=request)
