from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.spreadsheets import csv_response, xlsx_response
from oeplanner.tenancy import org_view

from . import services, wikitext
from .filters import StepFilter
from .forms import PlanForm, StepFormSet
from .models import Step


def _plan(request, plan_pk):
    return get_object_or_404(request.org.plans.select_related("round", "owner", "organization"), pk=plan_pk)


def _steps(plan):
    return list(plan.steps.select_related("responsible"))


@org_view()
def plan_list(request):
    plans = services.with_step_counts(request.org.plans.select_related("owner", "round"))
    page = paginate(request, plans.order_by("-created_at", "-pk"))
    return render(request, "capacityplans/plan_list.html", {"page": page})


@org_view(role=Role.STAFF)
def plan_create(request):
    initial = {"owner": request.user.pk, "round": request.GET.get("round")}
    form = PlanForm(request.POST or None, organization=request.org, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = form.save()
        messages.success(request, _("The plan “%(title)s” was created. Add its steps below.") % {"title": plan})
        return redirect(plan)
    return render(request, "capacityplans/plan_form.html", {"form": form})


@org_view(role=Role.STAFF)
def plan_edit(request, plan_pk):
    plan = _plan(request, plan_pk)
    form = PlanForm(request.POST or None, instance=plan, organization=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The plan was saved."))
        return redirect(plan)
    return render(request, "capacityplans/plan_form.html", {"form": form, "plan": plan})


@org_view()
def plan_detail(request, plan_pk):
    plan = _plan(request, plan_pk)
    return _plan_page(request, plan)


def _plan_page(request, plan, *, formset=None, version=None, conflict=False):
    steps = _steps(plan)
    can_edit = request.membership.is_staff_or_admin
    if formset is None and can_edit:
        formset = StepFormSet(queryset=plan.steps.select_related("responsible"), organization=request.org)
    context = {
        "plan": plan,
        "steps": steps,
        "can_edit": can_edit,
        "formset": formset,
        "version": version or plan.version,
        "conflict": conflict,
        "progress": services.progress(steps),
        "gaps": services.gaps(plan, steps),
        "today": timezone.localdate(),
        "community_areas": services.areas(plan),
    }
    return render(request, "capacityplans/plan_detail.html", context)


@org_view(role=Role.STAFF)
@require_POST
def plan_steps_save(request, plan_pk):
    plan = _plan(request, plan_pk)
    formset = StepFormSet(request.POST, queryset=plan.steps.all(), organization=request.org)
    version = request.POST.get("version", "")
    if not formset.is_valid():
        messages.error(request, _("The table was not saved: correct the cells marked below."))
        return _plan_page(request, plan, formset=formset, version=version)
    try:
        move = services.parse_move(request.POST.get("move"), formset)
        services.save_steps(plan, formset, version=int(version or 0), move=move)
    except services.BadMove as error:
        messages.error(request, str(error))
        return _plan_page(request, plan, formset=formset, version=version)
    except services.StaleTable:
        messages.error(
            request,
            _(
                "Someone else saved this plan after you opened it, so your changes were not saved. "
                "They are still in the table below; compare with the latest version before saving again."
            ),
        )
        return _plan_page(request, plan, formset=formset, conflict=True)
    messages.success(request, _("The table was saved."))
    anchor = "#steps-end" if "add_row" in request.POST else "#steps"
    return redirect(plan.get_absolute_url() + anchor)


@org_view(role=Role.STAFF)
@require_POST
def step_add(request):
    """Add a step to a plan from a questionnaire statement or a recommendation (buttons on the report and plans)."""
    plan = get_object_or_404(request.org.plans.all(), pk=request.POST.get("plan") or 0)
    if request.POST.get("statement"):
        statement = get_object_or_404(request.org.statements.all(), pk=request.POST["statement"])
        step, created = services.add_step_from_statement(plan, statement)
    else:
        recommendation = get_object_or_404(
            request.org.recommendations.all(), pk=request.POST.get("recommendation") or 0
        )
        step, created = services.add_step_from_recommendation(plan, recommendation)
    if created:
        messages.success(request, _("A step was added to “%(plan)s”. Complete it in the table.") % {"plan": plan})
    else:
        messages.info(request, _("“%(plan)s” already has a step for this: “%(step)s”.") % {"plan": plan, "step": step})
    return redirect(plan.get_absolute_url() + "#steps")


@org_view()
def plan_wikitext(request, plan_pk):
    plan = _plan(request, plan_pk)
    steps = _steps(plan)
    context = {
        "plan": plan,
        "wikitext": wikitext.to_wikitext(plan, steps),
        "columns": wikitext.columns(),
        "rows": wikitext.plan_rows(steps),
    }
    return render(request, "capacityplans/plan_wikitext.html", context)


@org_view()
def plan_print(request, plan_pk):
    plan = _plan(request, plan_pk)
    steps = _steps(plan)
    context = {
        "plan": plan,
        "columns": wikitext.columns(),
        "rows": wikitext.plan_rows(steps),
        "progress": services.progress(steps),
    }
    return render(request, "capacityplans/plan_print.html", context)


@org_view()
def plan_export(request, plan_pk, fmt):
    plan = _plan(request, plan_pk)
    rows = [wikitext.columns(), *wikitext.plan_rows(_steps(plan))]
    filename = slugify(plan.title) or "plan"
    if fmt == "xlsx":
        return xlsx_response(rows, filename, sheet_title=_("Plan"))
    return csv_response(rows, filename)


@org_view()
def plan_history(request, plan_pk):
    plan = _plan(request, plan_pk)
    plan_records = list(plan.history.select_related("history_user")[:50])
    step_records = list(
        Step.history.filter(plan_id=plan.pk).select_related("history_user").order_by("-history_date")[:200]
    )
    records = sorted(
        [("plan", r) for r in plan_records] + [("step", r) for r in step_records],
        key=lambda pair: pair[1].history_date,
        reverse=True,
    )
    return render(request, "capacityplans/plan_history.html", {"plan": plan, "records": records})


@org_view()
def master_plan(request):
    steps = Step.objects.filter(plan__organization=request.org).select_related("plan", "responsible")
    step_filter = StepFilter(request.GET, queryset=steps, organization=request.org)
    steps = step_filter.qs.order_by("plan__strategy", "plan__title", "plan_id", "position", "pk")
    context = {
        "form": step_filter.form,
        "page": paginate(request, steps, 100),
        "today": timezone.localdate(),
    }
    return render(request, "capacityplans/master_plan.html", context)
