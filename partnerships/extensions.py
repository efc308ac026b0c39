"""What partnerships add to the partner page, its timeline and "My dashboard" (see partners/extensions.py)."""

from partners import extensions

from . import services
from .models import Milestone

PARTNER_PAGE_LIMIT = 10


def partner_section(request, partner):
    partnerships = list(partner.partnerships.select_related("owner").order_by("-starts_on", "-pk")[:PARTNER_PAGE_LIMIT])
    return "partnerships/_partner_section.html", {
        "partnerships": partnerships,
        "can_add": partner.can_edit(request.membership) and not partner.is_archived,
    }


def timeline_entries(partner, fetch):
    started = partner.partnerships.order_by("-starts_on", "-pk")[:fetch]
    milestones = (
        Milestone.objects.filter(partnership__partner=partner).select_related("partnership").order_by("-due_on", "-pk")
    )[:fetch]
    return [("partnerships/_timeline_partnership.html", p.starts_on, p) for p in started] + [
        ("partnerships/_timeline_milestone.html", m.due_on, m) for m in milestones
    ]


def dashboard_section(request, today):
    milestones = list(services.overdue_milestones(request.org, request.user, today))
    return "partnerships/_dashboard_milestones.html", {"milestones": milestones}


def register():
    extensions.partner_sections.append(partner_section)
    extensions.timeline_sources.append(timeline_entries)
    extensions.dashboard_sections.append(dashboard_section)
