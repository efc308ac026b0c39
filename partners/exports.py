"""The list exports: partners, contacts, interactions and follow-ups as CSV or XLSX, filtered as on screen."""

import itertools

from django.utils import timezone

from oeplanner.spreadsheets import csv_response, xlsx_response
from oeplanner.tenancy import org_view

from .filters import FollowUpFilter, PartnerFilter
from .models import Contact, FollowUp, Interaction, Partner
from .resources import ContactResource, FollowUpResource, InteractionResource, PartnerResource


def _export(request, resource_class, queryset, name, file_format):
    """Stream the rows through the resource, which neutralizes formulas, as CSV or XLSX."""
    resource = resource_class()
    rows = (resource.export_resource(obj) for obj in resource.iter_queryset(resource.prepare(queryset)))
    table = itertools.chain([resource.get_export_headers()], rows)
    filename = f"{request.org.slug}-{name}-{timezone.localdate().isoformat()}"
    if file_format == "csv":
        return csv_response(table, filename, streaming=True)
    return xlsx_response(table, filename, sheet_title=name, streaming=True)


def _filtered_partners(request):
    partners = Partner.objects.for_org(request.org).order_by("name", "pk")
    return PartnerFilter(request.GET, queryset=partners, organization=request.org).qs


@org_view()
def export_partners(request, file_format):
    return _export(request, PartnerResource, _filtered_partners(request), "partners", file_format)


@org_view()
def export_contacts(request, file_format):
    contacts = Contact.objects.filter(partner__in=_filtered_partners(request).values("pk")).order_by(
        "partner__name", "partner_id", "-is_primary", "name", "pk"
    )
    return _export(request, ContactResource, contacts, "contacts", file_format)


@org_view()
def export_interactions(request, file_format):
    interactions = Interaction.objects.filter(
        organization=request.org, partner__in=_filtered_partners(request).values("pk")
    ).order_by("-occurred_on", "-pk")
    return _export(request, InteractionResource, interactions, "interactions", file_format)


@org_view()
def export_follow_ups(request, file_format):
    follow_ups = FollowUp.objects.filter(organization=request.org)
    follow_ups = FollowUpFilter(request.GET, queryset=follow_ups, organization=request.org).qs.order_by("due_on", "pk")
    return _export(request, FollowUpResource, follow_ups, "follow-ups", file_format)
