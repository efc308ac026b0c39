from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oeplanner.fragments import kept_page
from oeplanner.history import history_changes
from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.tenancy import org_view

from . import dashboard_csv, services
from .filters import MilestoneFilter, PartnershipFilter
from .forms import (
    BenefitForm,
    DashboardUploadForm,
    EffortForm,
    MilestoneForm,
    OutcomeForm,
    PartnershipForm,
    ProgramChoiceForm,
    TargetForm,
    choice_signature,
)
from .models import Benefit, EffortEntry, Milestone, Outcome, Partnership, Target

RECENT = 20


def _partnership(request, partnership_pk):
    """A partnership of the request's organization, or 404."""
    return get_object_or_404(request.org.partnerships.select_related("partner", "owner"), pk=partnership_pk)


def _editable(request, partnership):
    if not partnership.can_edit(request.membership):
        raise PermissionDenied(_("Only staff, admins and the partnership's or partner's owner can change it."))
    return partnership


def _child(request, model, pk):
    """A target, outcome, milestone, effort entry or benefit of one of the organization's partnerships, or 404."""
    return get_object_or_404(
        model.objects.filter(partnership__organization=request.org).select_related(
            "partnership__partner", "partnership__organization"
        ),
        pk=pk,
    )


def _count(queryset):
    return Coalesce(Subquery(queryset.order_by().values("partnership").annotate(n=Count("pk")).values("n")), 0)


@org_view()
@kept_page
def partnership_list(request):
    partnerships = (
        request.org.partnerships.select_related("partner", "owner")
        # Subqueries rather than joins: they run for the page's rows only, not for every partnership.
        .annotate(
            target_count=_count(Target.objects.filter(partnership=OuterRef("pk"))),
            overdue_milestones=_count(Milestone.objects.filter(partnership=OuterRef("pk")).overdue()),
        )
        .order_by("-starts_on", "-pk")
    )
    partnership_filter = PartnershipFilter(request.GET, queryset=partnerships, organization=request.org)
    context = {"filter": partnership_filter, "page": paginate(request, partnership_filter.qs)}
    return render(request, "partnerships/partnership_list.html", context)


@org_view()
def partnership_create(request, partner_pk):
    partner = get_object_or_404(request.org.partners.all(), pk=partner_pk)
    partner.check_editable_by(
        request.membership, _("Only staff, admins and the partner's owner can start a partnership with it.")
    )
    form = PartnershipForm(request.POST or None, organization=request.org)
    if not request.POST:
        form.initial.update(owner=partner.owner_id or request.user.pk, starts_on=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        partnership = services.create_partnership(partner, form.save(commit=False))
        messages.success(request, _("Partnership %(name)s was added. Set its targets next.") % {"name": partnership})
        return redirect(partnership)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partner": partner})


@org_view()
def partnership_edit(request, partnership_pk):
    partnership = _editable(request, _partnership(request, partnership_pk))
    form = PartnershipForm(request.POST or None, instance=partnership, organization=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes to %(name)s were saved.") % {"name": partnership})
        return redirect(partnership)
    context = {"form": form, "partner": partnership.partner, "partnership": partnership}
    return render(request, "partnerships/partnership_form.html", context)


@org_view()
def partnership_history(request, partnership_pk):
    partnership = _partnership(request, partnership_pk)
    page, changes = history_changes(request, partnership.history)
    context = {"partnership": partnership, "page": page, "changes": changes}
    return render(request, "partnerships/partnership_history.html", context)


@org_view()
def partnership_detail(request, partnership_pk):
    return _detail_page(request, _partnership(request, partnership_pk))


def _detail_page(request, partnership, **forms):
    """The partnership page; the forms posted from it come back here with their errors and what was typed."""
    (result,) = services.evaluate([partnership], request.org)
    context = {
        "partnership": partnership,
        "partner": partnership.partner,
        "evaluation": result,
        "can_edit": partnership.can_edit(request.membership),
        "outcomes": partnership.outcomes.select_related("recorded_by")[:RECENT],
        "milestones": list(partnership.milestones.all()),
        "effort": partnership.effort.select_related("member")[:RECENT],
        "benefits": partnership.benefits.select_related("author")[:RECENT],
        "history": partnership.history.select_related("history_user")[:5],
        "today": timezone.localdate(),
        "effort_form": forms.get("effort_form")
        or EffortForm(organization=request.org, user=request.user, prefix="effort"),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(partnership=partnership, prefix="outcome"),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(prefix="milestone"),
        "benefit_form": forms.get("benefit_form") or BenefitForm(prefix="benefit"),
    }
    return render(request, "partnerships/partnership_detail.html", context)


@org_view()
@kept_page
def partnership_evaluation(request, partnership_pk):
    partnership = _partnership(request, partnership_pk)
    (result,) = services.evaluate([partnership], request.org)
    context = {"partnership": partnership, "partner": partnership.partner, "results": [result]}
    return render(request, "partnerships/evaluation.html", context)


@org_view()
@kept_page
def partner_evaluation(request, partner_pk):
    partner = get_object_or_404(request.org.partners.all(), pk=partner_pk)
    partnerships = partner.partnerships.select_related("owner", "partner").order_by("-starts_on", "-pk")[:50]
    results = services.evaluate(partnerships, request.org)
    context = {"partner": partner, "results": results}
    return render(request, "partnerships/evaluation.html", context)


# --- Targets, outcomes, milestones, effort, benefits ---------------------------------------------------


@org_view()
def target_create(request, partnership_pk):
    partnership = _editable(request, _partnership(request, partnership_pk))
    return _target_form(request, partnership, Target(partnership=partnership))


@org_view()
def target_edit(request, target_pk):
    target = _child(request, Target, target_pk)
    return _target_form(request, _editable(request, target.partnership), target)


def _target_form(request, partnership, target):
    form = TargetForm(request.POST or None, instance=target, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The target was saved."))
        return redirect(f"{partnership.get_absolute_url()}#targets")
    context = {"form": form, "partnership": partnership, "target": target}
    return render(request, "partnerships/target_form.html", context)


@org_view()
@require_POST
def outcome_create(request, partnership_pk):
    partnership = _editable(request, _partnership(request, partnership_pk))
    form = OutcomeForm(request.POST, partnership=partnership, prefix="outcome")
    if not form.is_valid():
        messages.error(request, _("The outcome was not saved: correct the fields marked below."))
        return _detail_page(request, partnership, outcome_form=form)
    services.record_outcome(partnership, form.save(commit=False), by=request.user)
    messages.success(request, _("The outcome was recorded."))
    return redirect(f"{partnership.get_absolute_url()}#targets")


@org_view()
@require_POST
def effort_create(request, partnership_pk):
    partnership = _partnership(request, partnership_pk)
    form = EffortForm(request.POST, organization=request.org, user=request.user, prefix="effort")
    if not form.is_valid():
        messages.error(request, _("The effort was not logged: correct the fields marked below."))
        return _detail_page(request, partnership, effort_form=form)
    entry = services.log_effort(partnership, form.save(commit=False))
    hours = floatformat(entry.hours, -1)
    messages.success(request, _("%(hours)s hours logged for %(who)s.") % {"hours": hours, "who": entry.member})
    return redirect(f"{partnership.get_absolute_url()}#effort")


@org_view()
@require_POST
def milestone_create(request, partnership_pk):
    partnership = _editable(request, _partnership(request, partnership_pk))
    form = MilestoneForm(request.POST, prefix="milestone")
    if not form.is_valid():
        messages.error(request, _("The milestone was not saved: correct the fields marked below."))
        return _detail_page(request, partnership, milestone_form=form)
    services.add_milestone(partnership, form.save(commit=False))
    messages.success(request, _("The milestone was added."))
    return redirect(f"{partnership.get_absolute_url()}#milestones")


@org_view()
def milestone_edit(request, milestone_pk):
    milestone = _child(request, Milestone, milestone_pk)
    partnership = _editable(request, milestone.partnership)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The milestone was saved."))
        return redirect(f"{partnership.get_absolute_url()}#milestones")
    context = {"form": form, "partnership": partnership}
    return render(request, "partnerships/milestone_form.html", context)


@org_view()
@require_POST
def milestone_done(request, milestone_pk):
    milestone = _child(request, Milestone, milestone_pk)
    _editable(request, milestone.partnership)
    done = request.POST.get("done", "1") == "1"
    services.set_milestone_done(milestone, done)
    if done:
        messages.success(request, _("“%(title)s” is done.") % {"title": milestone})
    else:
        messages.info(request, _("“%(title)s” is open again.") % {"title": milestone})
    return redirect(f"{milestone.partnership.get_absolute_url()}#milestones")


@org_view()
def milestone_list(request):
    milestones = request.org.milestones.select_related("partnership__partner", "partnership__owner")
    milestone_filter = MilestoneFilter(request.GET, queryset=milestones, organization=request.org)
    page = paginate(request, milestone_filter.qs.order_by("due_on", "pk"))
    context = {"filter": milestone_filter, "page": page, "today": timezone.localdate()}
    return render(request, "partnerships/milestone_list.html", context)


@org_view()
@require_POST
def benefit_create(request, partnership_pk):
    partnership = _partnership(request, partnership_pk)
    form = BenefitForm(request.POST, prefix="benefit")
    if not form.is_valid():
        messages.error(request, _("The note was not saved: correct the fields marked below."))
        return _detail_page(request, partnership, benefit_form=form)
    benefit = form.save(commit=False)
    benefit.partnership, benefit.author = partnership, request.user
    benefit.save()
    messages.success(request, _("The long-term benefit was noted."))
    return redirect(f"{partnership.get_absolute_url()}#benefits")


DELETABLE = {
    # model: (what the confirmation calls it, anchor on the partnership page, who may delete besides editors)
    Target: (_("this target"), "targets", None),
    Outcome: (_("this outcome"), "targets", None),
    Milestone: (_("this milestone"), "milestones", None),
    EffortEntry: (_("this effort entry"), "effort", "member_id"),
    Benefit: (_("this note"), "benefits", "author_id"),
}


def delete_view(model):
    @org_view()
    def delete(request, **kwargs):
        (pk,) = kwargs.values()  # target_pk, outcome_pk…: one name per kind, for the isolation test's walk
        item = _child(request, model, pk)
        partnership = item.partnership
        what, anchor, author_field = DELETABLE[model]
        is_author = author_field and getattr(item, author_field) == request.user.pk
        if not is_author:
            _editable(request, partnership)
        back = f"{partnership.get_absolute_url()}#{anchor}"
        if request.method == "POST":
            item.delete()
            messages.success(request, _("Deleted: %(item)s.") % {"item": item})
            return redirect(back)
        context = {"partnership": partnership, "item": item, "what": what, "back": back}
        return render(request, "partnerships/confirm_delete.html", context)

    return delete


# --- Dashboard import ----------------------------------------------------------------------------------


@org_view(role=Role.STAFF)
def dashboard_import(request):
    form = DashboardUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = request.org.dashboard_imports.create(
            file_name=form.cleaned_data["file"].name[:255],
            file_data=form.data_bytes,
            created_by=request.user,
        )
        return redirect("dashboard_import_preview", org_slug=request.org.slug, dashboard_import_pk=job.pk)
    return render(request, "partnerships/import_upload.html", {"form": form})


@org_view(role=Role.STAFF)
def dashboard_import_preview(request, dashboard_import_pk):
    job = get_object_or_404(request.org.dashboard_imports.all(), pk=dashboard_import_pk)
    parsed = dashboard_csv.read(bytes(job.file_data))
    partnerships = (
        request.org.partnerships.exclude(status=Partnership.Status.CANCELLED)
        .select_related("partner")
        .order_by("partner__name", "name", "pk")
    )
    partnerships = list(partnerships)
    known = services.known_programs(request.org, [row.slug for row in parsed.rows])
    form = ProgramChoiceForm(request.POST or None, rows=parsed.rows, partnerships=partnerships, initial_choices=known)
    refused = []
    if request.method == "POST" and form.is_valid():
        confirmed = request.POST.get("action") == "import"
        if confirmed and form.cleaned_data["previewed"] != form.signature():
            messages.warning(request, _("You changed the partnerships: check the preview below, then import."))
        elif confirmed:
            try:
                result = services.apply_import(job, parsed.rows, form.chosen(), by=request.user)
            except services.ImportRefused as refusal:
                refused = refusal.messages
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new figures, %(replaced)s replaced, %(unchanged)s unchanged.")
                    % vars(result),
                )
                return redirect("partnership_list", org_slug=request.org.slug)
    if form.is_bound and form.is_valid():
        chosen = form.chosen()
    else:
        chosen = {row.slug: form.partnerships.get(known.get(row.slug)) for row in parsed.rows}
    previews = services.preview_import(request.org, parsed.rows, chosen)
    context = {
        "job": job,
        "form": form,
        "rows": zip(previews, [form[form.field_name(row)] for row in parsed.rows], strict=True),
        "notes": parsed.notes,
        "refused": refused,
        "signature": choice_signature(parsed.rows, chosen),
        "all_matched": all(p.partnership for p in previews),
        "change_count": sum(len(p.changed) for p in previews),
    }
    return render(request, "partnerships/import_preview.html", context)
