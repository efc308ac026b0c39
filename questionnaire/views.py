from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oeplanner.forms import members_of
from oeplanner.models import Role
from oeplanner.spreadsheets import csv_response
from oeplanner.tenancy import org_view

from . import exports, imports, services
from .forms import ImportForm, RecommendationFormSet, ReflectionForm, ResponseForm, RoundForm, StatementForm
from .models import Area, local_today
from .report import build_report


def _round(request, round_pk):
    return get_object_or_404(request.org.rounds.all(), pk=round_pk)


# Rounds


@org_view()
def round_list(request):
    today = local_today(request.org)
    rounds = list(
        request.org.rounds.annotate(
            answered=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
            invited_count=Count("invited", distinct=True),
        ).order_by("-opens_on", "-pk")
    )
    invited = set(request.org.rounds.filter(invited=request.user).values_list("pk", flat=True))
    mine = {
        response.round_id: response
        for response in request.user.questionnaire_responses.filter(round__organization=request.org)
    }
    for round in rounds:
        round.current_status = round.status(today)
        round.is_invited = round.pk in invited
        round.my_response = mine.get(round.pk)
    return render(request, "questionnaire/round_list.html", {"rounds": rounds})


@org_view(role=Role.STAFF)
def round_create(request):
    today = local_today(request.org)
    form = RoundForm(
        request.POST or None,
        organization=request.org,
        initial={
            "opens_on": today,
            "closes_on": today + timedelta(days=14),
            "invited": members_of(request.org),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round = services.open_round(
                request.org,
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                anonymous=form.cleaned_data["anonymous"],
                invited=form.cleaned_data["invited"],
                created_by=request.user,
            )
        except services.QuestionnaireError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The round “%(name)s” was created.") % {"name": round.name})
            return redirect("round_detail", org_slug=request.org.slug, round_pk=round.pk)
    return render(request, "questionnaire/round_form.html", {"form": form, "round": None})


@org_view(role=Role.STAFF)
def round_edit(request, round_pk):
    round = _round(request, round_pk)
    form = RoundForm(request.POST or None, instance=round, organization=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The round was saved."))
        return redirect("round_detail", org_slug=request.org.slug, round_pk=round.pk)
    return render(request, "questionnaire/round_form.html", {"form": form, "round": round})


@org_view(role=Role.STAFF)
def round_detail(request, round_pk):
    """Who was invited, who has answered, and the round's imports."""
    round = _round(request, round_pk)
    members_responses = round.responses.filter(respondent__isnull=False).select_related("respondent")
    responses = {r.respondent_id: r for r in members_responses}
    invited = [(user, responses.get(user.pk)) for user in round.invited.order_by("username")]
    invited_ids = {user.pk for user, _response in invited}
    context = {
        "round": round,
        "status": round.status(local_today(request.org)),
        "invited": invited,
        "submitted": sum(1 for r in responses.values() if r.is_submitted),
        "started": sum(1 for r in responses.values() if not r.is_submitted),
        "uninvited_responses": [r for r in responses.values() if r.respondent_id not in invited_ids],
        "imports": round.imports.select_related("imported_by").order_by("imported_at"),
    }
    return render(request, "questionnaire/round_detail.html", context)


@org_view(role=Role.STAFF)
def round_close(request, round_pk):
    """GET asks for confirmation (closing cannot be undone), POST closes."""
    round = _round(request, round_pk)
    if request.method != "POST" and round.closed_at is None:
        return render(request, "questionnaire/round_close.html", {"round": round})
    if request.method == "POST" and services.close_round(round):
        messages.success(request, _("The round “%(name)s” is closed. Its report is ready.") % {"name": round.name})
    else:
        messages.info(request, _("There is nothing to close: the round is closed already."))
    return redirect("round_detail", org_slug=request.org.slug, round_pk=round.pk)


# Answering


@org_view()
def round_answer(request, round_pk):
    round = _round(request, round_pk)
    rounds_url = ("round_list", request.org.slug)
    if not round.invited.filter(pk=request.user.pk).exists():
        messages.error(request, _("You are not invited to answer “%(name)s”.") % {"name": round.name})
        return redirect(*rounds_url)
    response = round.responses.filter(respondent=request.user).first()
    answers = {answer.statement_id: answer for answer in response.answers.all()} if response else {}
    round_statements = list(round.round_statements.all())
    is_open = round.accepts_answers(local_today(request.org))
    if request.method == "POST" and not is_open:
        messages.error(request, _("“%(name)s” is not open for answers; nothing was saved.") % {"name": round.name})
        return redirect(*rounds_url)

    form = ResponseForm(request.POST or None, round_statements=round_statements, answers=answers)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        missing = form.missing() if submit else []
        if missing:
            form.add_error(
                None,
                _("To submit, answer every statement (a score or “Don't know”). Still unanswered: %(numbers)s.")
                % {"numbers": ", ".join(str(ri.number) for ri in missing)},
            )
        else:
            try:
                services.save_response(round, request.user, form.answers(), submit=submit)
            except services.QuestionnaireError as error:
                form.add_error(None, str(error))
            else:
                if submit:
                    messages.success(
                        request,
                        _("Thank you, your answers were submitted. You can change them until the round closes."),
                    )
                    return redirect(*rounds_url)
                messages.success(
                    request, _("Your answers were saved. Come back to finish them before the round closes.")
                )
                return redirect("round_answer", org_slug=request.org.slug, round_pk=round.pk)
    if not is_open:
        for field in form.fields.values():
            field.disabled = True
    context = {"round": round, "form": form, "is_open": is_open, "response": response}
    return render(request, "questionnaire/round_answer.html", context)


# Import


@org_view(role=Role.STAFF)
def round_import(request, round_pk):
    round = _round(request, round_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_responses(round, upload.read(), filename=upload.name, user=request.user)
        except imports.CSVImportError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("%(count)d responses were imported from %(file)s.") % {"count": batch.rows, "file": batch.filename},
            )
            return redirect("round_detail", org_slug=request.org.slug, round_pk=round.pk)
    context = {
        "round": round,
        "form": form,
        "errors": errors,
        "round_statements": round.round_statements.all(),
    }
    return render(request, "questionnaire/round_import.html", context, status=400 if errors else 200)


@org_view(role=Role.STAFF)
def round_import_template(request, round_pk):
    round = _round(request, round_pk)
    return csv_response([imports.template_header(round)], f"round-{round.pk}-responses")


# Report and reflection


def _report_round(request, round_pk):
    """The round, if the member may read its report: staff any time, everyone once it closed."""
    round = _round(request, round_pk)
    return round, services.can_read_report(round, request.membership)


@org_view()
def round_report(request, round_pk):
    round, readable = _report_round(request, round_pk)
    if not readable:
        return render(request, "questionnaire/report_not_yet.html", {"round": round})
    with_individuals = request.membership.is_admin and not round.anonymous
    report = build_report(round, with_individuals=with_individuals)
    context = {
        "round": round,
        "report": report,
        "reflection": services.reflection_for(round),
        "status": round.status(local_today(request.org)),
    }
    return render(request, "questionnaire/round_report.html", context)


@org_view()
def round_report_csv(request, round_pk):
    round, readable = _report_round(request, round_pk)
    if not readable:
        return redirect("round_report", org_slug=request.org.slug, round_pk=round.pk)
    report = build_report(round)
    if report.withheld:  # the report page says why
        return redirect("round_report", org_slug=request.org.slug, round_pk=round.pk)
    return csv_response(exports.report_rows(report), f"round-{round.pk}-report")


@org_view(role=Role.STAFF)
def round_reflection(request, round_pk):
    round = _round(request, round_pk)
    reflection = services.reflection_for(round)
    form = ReflectionForm(request.POST or None, instance=reflection)
    if request.method == "POST" and form.is_valid():
        services.save_reflection(form.save(commit=False), request.user)
        messages.success(request, _("The group's reflection was saved."))
        return redirect("round_report", org_slug=request.org.slug, round_pk=round.pk)
    history = reflection.history.select_related("history_user")[:20] if reflection.pk else []
    context = {"round": round, "form": form, "history": history}
    return render(request, "questionnaire/reflection_form.html", context)


# Statements


def _statement(request, statement_pk):
    return get_object_or_404(request.org.statements.all(), pk=statement_pk)


@org_view(role=Role.ADMIN)
def statement_list(request):
    statements = request.org.statements.order_by("retired_at", "position", "pk")
    return render(request, "questionnaire/statement_list.html", {"statements": statements})


@org_view(role=Role.ADMIN)
def statement_create(request):
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_statement(request.org, area=form.cleaned_data["area"], text=form.cleaned_data["text"])
        messages.success(request, _("The statement was added. Rounds opened from now on will ask it."))
        return redirect("statement_list", org_slug=request.org.slug)
    return render(request, "questionnaire/statement_form.html", {"form": form, "statement": None})


@org_view(role=Role.ADMIN)
def statement_edit(request, statement_pk):
    statement = _statement(request, statement_pk)
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The statement was saved."))
        return redirect("statement_list", org_slug=request.org.slug)
    return render(request, "questionnaire/statement_form.html", {"form": form, "statement": statement})


@org_view(role=Role.ADMIN)
@require_POST
def statement_move(request, statement_pk):
    statement = _statement(request, statement_pk)
    direction = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if direction is None or statement.is_retired:
        messages.error(request, _("Only active statements move, up or down."))
    else:
        services.move_statement(statement, direction)
    return redirect("statement_list", org_slug=request.org.slug)


@org_view(role=Role.ADMIN)
@require_POST
def statement_retire(request, statement_pk):
    statement = _statement(request, statement_pk)
    retire = not statement.is_retired
    services.set_statement_retired(statement, retire)
    if retire:
        msg = _("The statement was retired: new rounds will not ask it; past answers to it stay in their reports.")
    else:
        msg = _("The statement is active again: new rounds will ask it.")
    messages.success(request, msg)
    return redirect("statement_list", org_slug=request.org.slug)


# Recommendations


@org_view()
def recommendation_list(request):
    can_edit = request.membership.has_role(Role.STAFF)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    queryset = request.org.recommendations.order_by("position", "pk")
    formset = RecommendationFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        changed = [form.instance for form in formset.initial_forms if form.has_changed()]
        services.update_recommendation_statuses(changed, request.user)
        messages.success(request, _("Your organization's self-check was saved."))
        return redirect("recommendation_list", org_slug=request.org.slug)
    areas = [(label, [f for f in formset.forms if f.instance.area == value]) for value, label in Area.choices]
    # The community's patterns and expertise, for the areas with work to do (all when none has).
    needing_work = [f.instance.area for f in formset.forms if f.instance.needs_work]
    context = {
        "formset": formset,
        "areas": areas,
        "can_edit": can_edit,
        "community_areas": needing_work or Area.values,
    }
    return render(request, "questionnaire/recommendation_list.html", context)
