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
    # Hidden entries are left out for moderators too: this is a pointer to the community, not moderation.
    patterns = (
        LearningPattern.objects.filter(hidden_at__isnull=True, area__in=areas)
        .select_related("organization")
        .order_by("-endorsement_count", "-created_at", "-pk")[:SHOWN]
    )
    expertise = (
        Expertise.objects.filter(hidden_at__isnull=True)
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
    # Rendered without the request: the page's context processors have already run once.
    return render_to_string("community/_practice_area_panel.html", context)
