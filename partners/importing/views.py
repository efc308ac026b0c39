"""The partner import wizard: upload → map → options → preview and confirm → result, and undo."""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.spreadsheets import FileRefused, csv_response
from oeplanner.tenancy import org_view

from .. import matching
from . import jobs, mapping, source, tasks
from .forms import ConfirmForm, DecisionsForm, ImportSettingsForm, MappingForm, OptionsForm, UploadForm
from .models import ImportJob, ImportSettings
from .planning import Decision

ABANDONED_AFTER = timedelta(days=2)
# Columns a list of past imports never needs: the file and what undo keeps.
HEAVY_FIELDS = ["first_rows", "rejections", "created_partner_ids", "created_contact_ids"]


def _import_settings(org):
    """The organization's import settings: unsaved defaults until an admin saves them."""
    try:
        return org.import_settings
    except ImportSettings.DoesNotExist:
        return ImportSettings(organization=org)


def may_import(membership):
    if membership.is_admin:
        return True
    return membership.is_staff_or_admin and _import_settings(membership.organization).staff_may_import


def importer_view(view):
    """An import page: admins, and staff when the organization lets them."""

    @org_view(role=Role.STAFF)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_import(request.membership):
            raise PermissionDenied(_("Only admins can import partners here; an admin can let staff import too."))
        return view(request, *args, **kwargs)

    return wrapper


def _job(request, import_pk, *, draft=False):
    job = get_object_or_404(request.org.partner_imports.all(), pk=import_pk)
    if draft and job.status != ImportJob.Status.DRAFT:
        raise _AlreadyStarted(job)
    return job


class _AlreadyStarted(Exception):
    def __init__(self, job):
        self.job = job


def before_confirmation(view):
    """A page of the import before confirmation: a job already confirmed goes to its result page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _AlreadyStarted as started:
            return redirect(started.job)

    return wrapper


def _wizard(current):
    """The import's pages in order, for the progress line above each (_import_progress.html)."""
    names = [_("Upload"), _("Map columns"), _("Options"), _("Preview"), _("Result")]
    return [
        {"number": i + 1, "name": name, "current": i + 1 == current, "done": i + 1 < current}
        for i, name in enumerate(names)
    ]


@importer_view
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = request.org.partner_imports.create(
            created_by=request.user,
            file_name=upload.name[:255],
            file_size=upload.size,
            upload=upload,
            default_stage=request.org.stages.first(),
            **form.info,
        )
        job.mapping = mapping.auto_mapping(job)
        job.save(update_fields=["mapping"])
        # Files uploaded and never imported are not kept for long.
        jobs.delete_jobs(
            request.org.partner_imports.filter(
                status=ImportJob.Status.DRAFT,
                created_at__lt=timezone.now() - ABANDONED_AFTER,
            )
        )
        return redirect("partner_import_map", org_slug=request.org.slug, import_pk=job.pk)
    past = (
        request.org.partner_imports.exclude(status=ImportJob.Status.DRAFT)
        .select_related("created_by")
        .defer(*HEAVY_FIELDS)
    )
    settings_form = None
    if request.membership.is_admin:
        settings_form = ImportSettingsForm(instance=_import_settings(request.org))
    context = {
        "form": form,
        "page": paginate(request, past, 20),
        "settings_form": settings_form,
        "wizard": _wizard(1),
        "max_mb": settings.IMPORT_MAX_FILE_MB,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_columns": settings.IMPORT_MAX_COLUMNS,
        "background_rows": settings.IMPORT_BACKGROUND_ROWS,
    }
    return render(request, "partners/import/start.html", context)


@org_view(role=Role.ADMIN)
@require_POST
def import_settings(request):
    form = ImportSettingsForm(request.POST, instance=_import_settings(request.org))
    if form.is_valid():
        form.save()
        if form.instance.staff_may_import:
            messages.success(request, _("Staff members can now import partners."))
        else:
            messages.success(request, _("Only admins can import partners now."))
    return redirect("partner_import", org_slug=request.org.slug)


@importer_view
@before_confirmation
def import_map(request, import_pk):
    job = _job(request, import_pk, draft=True)
    allow_owner = request.membership.is_admin
    saved_mappings = list(request.org.import_mappings.all())
    initial_mapping = job.mapping
    chosen = request.GET.get("mapping")
    if chosen:
        saved = next((m for m in saved_mappings if str(m.pk) == chosen), None)
        if saved is not None:
            initial_mapping = mapping.clean_mapping(mapping.mapping_from_saved(job, saved), allow_owner=allow_owner)
            messages.info(
                request, _("The saved mapping “%(name)s” is applied; check it and continue.") % {"name": saved.name}
            )
    if request.method == "POST":
        has_header = request.POST.get("has_header") == "on"
        if has_header != job.has_header:
            # Other headers, other samples: show the columns again, mapped afresh.
            job.has_header = has_header
            job.row_count += -1 if has_header else 1
            job.mapping = mapping.auto_mapping(job)
            job.save(update_fields=["has_header", "row_count", "mapping"])
            messages.info(request, _("The columns were read again; check the mapping and continue."))
            return redirect("partner_import_map", org_slug=request.org.slug, import_pk=job.pk)
    form = MappingForm(
        request.POST or None,
        job=job,
        allow_owner=allow_owner,
        headers=source.column_headers(job),
        samples=source.column_samples(job),
        initial_mapping=mapping.clean_mapping(initial_mapping, allow_owner=allow_owner),
    )
    if request.method == "POST" and form.is_valid():
        job.mapping = mapping.clean_mapping(form.cleaned_data["mapping"], allow_owner=allow_owner)
        job.save(update_fields=["mapping"])
        name = form.cleaned_data["save_as"].strip()
        if name:
            columns = [
                [header if job.has_header else "", key]
                for header, key in zip(source.column_headers(job), job.mapping, strict=True)
            ]
            request.org.import_mappings.update_or_create(
                name=name,
                defaults={"columns": columns, "has_header": job.has_header, "created_by": request.user},
            )
            messages.success(request, _("The mapping was saved as “%(name)s”.") % {"name": name})
        return redirect("partner_import_options", org_slug=request.org.slug, import_pk=job.pk)
    context = {"job": job, "form": form, "saved_mappings": saved_mappings, "wizard": _wizard(2)}
    return render(request, "partners/import/map.html", context)


@importer_view
@before_confirmation
def import_options(request, import_pk):
    job = _job(request, import_pk, draft=True)
    form = OptionsForm(request.POST or None, instance=job, organization=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("partner_import_preview", org_slug=request.org.slug, import_pk=job.pk)
    return render(request, "partners/import/options.html", {"job": job, "form": form, "wizard": _wizard(3)})


@importer_view
@before_confirmation
def import_preview(request, import_pk):
    job = _job(request, import_pk, draft=True)
    if not job.mapping or mapping.mapping_problems(job.mapping):
        return redirect("partner_import_map", org_slug=request.org.slug, import_pk=job.pk)
    if request.method == "POST":
        form = ConfirmForm(request.POST, rejected=job.rejected_count)
        if form.is_valid():
            done_now = tasks.start_import(job, skip_invalid=bool(form.cleaned_data.get("only_valid")))
            if not done_now:
                messages.info(
                    request,
                    _(
                        "The import runs in the background. You can leave this page and come "
                        "back: the past imports list links to it."
                    ),
                )
            return redirect(job)
    try:
        plan = jobs.preview_import(job)
    except FileRefused as error:
        messages.error(request, str(error))
        return redirect("partner_import", org_slug=request.org.slug)
    if request.method != "POST":
        form = ConfirmForm(rejected=job.rejected_count)
    context = {
        "job": job,
        "counts": plan.counts(),
        "samples": plan.samples(),
        "rejections": _rejection_lines(job.rejections[:200]),
        "possible": _possible_groups(request, plan),
        "choices": [(value, Decision.LABELS[value]) for value in Decision.allowed(job.mode)],
        "warnings": [
            {"line": w["line"], "name": w["name"], "field": field, "reason": reason}
            for w in plan.warnings[:100]
            for field, reason in w["problems"]
        ],
        "more_rejections": max(0, len(job.rejections) - 200),
        "form": form,
        "background": job.row_count > settings.IMPORT_BACKGROUND_ROWS,
        "wizard": _wizard(4),
    }
    return render(request, "partners/import/preview.html", context)


POSSIBLE_SHOWN = 50


def _possible_groups(request, plan):
    """The first possible duplicates with their candidates' names, for choosing row by row."""
    groups = plan.possible[:POSSIBLE_SHOWN]
    pks = {ref for group in groups for ref, _reason in group.candidates if isinstance(ref, int)}
    names = dict(request.org.partners.filter(pk__in=pks).values_list("pk", "name"))

    def candidate(ref, reason):
        if isinstance(ref, int):
            return {"pk": ref, "name": names.get(ref, ""), "reason": matching.REASONS[reason]}
        return {"line": ref.line, "name": ref.values.get("name", ""), "reason": matching.REASONS[reason]}

    return [
        {
            "line": group.line,
            "values": group.values,
            "decision": group.decision,
            "default": group.default,
            "candidates": [candidate(ref, reason) for ref, reason in group.candidates[:3]],
        }
        for group in groups
    ]


@importer_view
@before_confirmation
@require_POST
def import_decide(request, import_pk):
    """Keep the person's choices for possible duplicates: one for all of them, or one per row."""
    job = _job(request, import_pk, draft=True)
    form = DecisionsForm(request.POST, mode=job.mode)
    if form.is_valid():
        job.decisions = form.decisions(job.decisions)
        job.save(update_fields=["decisions"])
        messages.success(request, _("Your choices for the possible duplicates are saved; the preview below uses them."))
    else:
        messages.error(request, _("That choice is not available for this import; nothing was changed."))
    return redirect("partner_import_preview", org_slug=request.org.slug, import_pk=job.pk)


def _rejection_lines(rejections):
    return [
        {"line": r["line"], "field": field, "reason": reason} for r in rejections for field, reason in r["problems"]
    ]


@importer_view
def import_result(request, import_pk):
    job = _job(request, import_pk)
    if job.status == ImportJob.Status.DRAFT:
        return redirect("partner_import_map", org_slug=request.org.slug, import_pk=job.pk)
    if job.is_running and job.progress_at and job.progress_at < jobs.stale_before():
        # Whoever waits on the page learns of a dead job at the next refresh, without waiting for the sweep.
        tasks.recover_stale(ImportJob.objects.filter(pk=job.pk))
        job.refresh_from_db()
    context = {
        "job": job,
        "rejections": _rejection_lines(job.rejections[:200]),
        "more_rejections": max(0, len(job.rejections) - 200),
        "wizard": _wizard(5),
        "changed_since": jobs.changed_since(job) if job.status == ImportJob.Status.DONE else 0,
    }
    return render(request, "partners/import/result.html", context)


@importer_view
def import_rejected(request, import_pk):
    job = _job(request, import_pk)
    stem = job.file_name.rsplit(".", 1)[0]
    return csv_response(jobs.rejected_rows(job), f"{_ascii(stem)}-rejected")


@importer_view
@require_POST
def import_cancel(request, import_pk):
    """Take back an import no worker has started: it ends with nothing imported, and a worker that comes later finds
    it no longer queued."""
    job = _job(request, import_pk)
    if not jobs.cancel(job):
        messages.error(request, _("This import has started already; it can no longer be cancelled."))
    return redirect(job)


@importer_view
def import_undo(request, import_pk):
    job = _job(request, import_pk)
    if job.status == ImportJob.Status.UNDOING:
        messages.info(request, _("This import is being undone already."))
        return redirect(job)
    if job.status != ImportJob.Status.DONE:
        messages.error(request, _("Only a finished import can be undone."))
        return redirect(job)
    if request.method == "POST":
        try:
            started = tasks.start_undo(job, by=request.user)
        except jobs.UndoRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(job)
        if not started:
            messages.info(request, _("This import is being undone already."))
            return redirect(job)
        job.refresh_from_db()
        if job.status == ImportJob.Status.UNDONE:
            messages.success(request, _("The import of %(file)s was undone.") % {"file": job.file_name})
        elif job.in_background:
            messages.info(request, _("The import is being undone in the background; this page shows when it is."))
        return redirect(job)
    return render(
        request,
        "partners/import/undo.html",
        {"job": job, "changed_since": jobs.changed_since(job)},
    )


def _ascii(name):
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in name) or "import"
