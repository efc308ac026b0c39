"""The merge pages: find the partner to merge, compare the two side by side, undo a merge, list possible duplicates."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.tenancy import org_view

from . import merging
from .filters import PartnerFilter
from .forms import MergeForm
from .views import partner_of

MERGE_CANDIDATES_SHOWN = 20


@org_view(role=Role.STAFF)
def partner_merge(request, partner_pk):
    """Find the partner to merge into this one."""
    partner = partner_of(request, partner_pk)
    if partner.is_archived:
        messages.error(request, _("This partner is archived: restore it before merging."))
        return redirect(partner)
    query = request.GET.get("q", "").strip()
    candidates = []
    if query:
        others = request.org.partners.exclude(pk=partner.pk).select_related("stage")
        found = PartnerFilter({"q": query}, queryset=others, organization=request.org).qs.order_by("name", "pk")
        candidates = list(found[: MERGE_CANDIDATES_SHOWN + 1])
    context = {
        "partner": partner,
        "query": query,
        "candidates": candidates[:MERGE_CANDIDATES_SHOWN],
        "more_candidates": len(candidates) > MERGE_CANDIDATES_SHOWN,
    }
    return render(request, "partners/partner_merge.html", context)


@org_view(role=Role.STAFF)
def partner_merge_compare(request, partner_pk, other_partner_pk):
    """Both partners side by side: choose what the survivor keeps, then merge the other into it."""
    survivor, merged = partner_of(request, partner_pk), partner_of(request, other_partner_pk)
    if survivor.pk == merged.pk:
        raise Http404("A partner is not merged with itself.")
    for partner in (survivor, merged):
        if partner.is_archived:
            messages.error(request, _("%(partner)s is archived: restore it before merging.") % {"partner": partner})
            return redirect(partner)
    form = MergeForm(request.POST or None, survivor=survivor, merged=merged)
    if request.method == "POST" and form.is_valid():
        try:
            merging.merge_partners(survivor, merged, fields=form.taken_from_merged(), by=request.user)
        except merging.MergeError as error:
            messages.error(request, str(error))
            return redirect(survivor)
        messages.success(
            request,
            _("%(merged)s was merged into %(survivor)s and archived. You can undo the merge below.")
            % {"merged": merged, "survivor": survivor},
        )
        return redirect(survivor)
    context = {
        "survivor": survivor,
        "merged": merged,
        "form": form,
        "moving": [(label, count) for label, count in merging.moving_counts(survivor, merged) if count],
    }
    return render(request, "partners/partner_merge_compare.html", context)


@org_view(role=Role.STAFF)
@require_POST
def partner_merge_undo(request, merge_pk):
    merge = get_object_or_404(request.org.partner_merges.select_related("survivor__organization"), pk=merge_pk)
    try:
        merging.undo_merge(merge, by=request.user)
    except merging.MergeError as error:
        messages.error(request, str(error))
        return redirect(merge.survivor)
    messages.success(request, _("The merge was undone: both partners are back as they were."))
    return redirect(merge.survivor)


@org_view(role=Role.STAFF)
def partner_duplicates(request):
    """Groups of current partners that may be the same institution, each with its pairs to compare."""
    page = paginate(request, merging.DuplicateGroups(request.org), per_page=20)
    return render(request, "partners/partner_duplicates.html", {"page": page})
