from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from capacityplans.services import overdue_steps_of
from oeplanner.fragments import Fragments, kept_page, loaded_values
from oeplanner.history import history_changes
from oeplanner.models import Role
from oeplanner.pagination import paginate
from oeplanner.tenancy import org_view

from . import extensions, services
from .filters import FollowUpFilter, PartnerFilter
from .forms import (
    ContactForm,
    FollowUpForm,
    InteractionForm,
    NetworkForm,
    PartnerForm,
    ProtocolStepFormSet,
    StageForm,
    StageMoveForm,
    members_of,
)
from .models import Contact, FollowUp, PartnerMerge, ProtocolTick, Stage

PAGE_SIZE = 50


def partner_of(request, partner_pk):
    """A partner of the request's organization, or 404."""
    return get_object_or_404(request.org.partners.select_related("stage", "owner"), pk=partner_pk)


def _open_follow_up_due():
    return Subquery(
        FollowUp.objects.filter(partner=OuterRef("pk"), done_at__isnull=True).order_by("due_on").values("due_on")[:1]
    )


@org_view()
@kept_page
def dashboard(request):
    """My dashboard: the partnerships I own and my follow-ups."""
    today = timezone.localdate()
    owned = (
        request.org.partners.active()
        .filter(owner=request.user)
        .select_related("stage")
        .annotate(next_follow_up_on=_open_follow_up_due())
        .order_by("contact_due_on", "name")
    )
    owned_page = paginate(request, owned, per_page=25)
    mine = request.org.follow_ups.filter(assignee=request.user).open().select_related("partner")
    week_end = today + timedelta(days=7)
    follow_ups = list(mine.filter(due_on__lte=week_end).order_by("due_on", "pk")[:100])
    slug, path = request.org.slug, request.get_full_path()
    owned_rows = Fragments(
        "dashboard-partner-row",
        {p.pk: (slug, p.next_follow_up_on, loaded_values(p)) for p in owned_page.object_list},
    )
    follow_up_items = Fragments(
        "dashboard-follow-up",
        {f.pk: (slug, path, loaded_values(f), f.can_close(request.membership)) for f in follow_ups},
    )
    context = {
        "today": today,
        "owned_page": owned_page,
        "owned_rows": owned_rows,
        "follow_up_items": follow_up_items,
        "extra_sections": extensions.sections(extensions.dashboard_sections, request, today),
        "overdue": [f for f in follow_ups if f.due_on < today],
        "due_today": [f for f in follow_ups if f.due_on == today],
        "this_week": [f for f in follow_ups if today < f.due_on <= week_end],
        "later_count": mine.filter(due_on__gt=week_end).count(),
        "overdue_steps": overdue_steps_of(request.org, request.user, today),
    }
    response = render(request, "partners/dashboard.html", context)
    owned_rows.save()
    follow_up_items.save()
    return response


@org_view()
@kept_page
def partner_list(request):
    partners = request.org.partners.select_related("stage", "owner").prefetch_related("tags").order_by("name", "pk")
    partner_filter = PartnerFilter(request.GET, queryset=partners, organization=request.org)
    page = paginate(request, partner_filter.qs)
    rows = Fragments("partner-row", {p.pk: (request.org.slug, loaded_values(p)) for p in page.object_list})
    filter_bar = Fragments.one("partner-filters", (request.org.slug, partner_filter.shown_values()))
    context = {
        "filter": partner_filter,
        "filter_bar": filter_bar,
        "page": page,
        "rows": rows,
        "today": timezone.localdate(),
    }
    response = render(request, "partners/partner_list.html", context)
    rows.save()
    filter_bar.save()
    return response


@org_view()
def partner_create(request):
    form = PartnerForm(request.POST or None, organization=request.org, membership=request.membership)
    if not request.POST:
        form.initial.setdefault("owner", request.user.pk)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            partner = form.save()
        messages.success(request, _("%(partner)s was added.") % {"partner": partner})
        return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form})


@org_view()
def partner_edit(request, partner_pk):
    partner = partner_of(request, partner_pk)
    partner.check_editable_by(request.membership, _("Only staff, admins and the partner's owner can edit it."))
    form = PartnerForm(request.POST or None, instance=partner, organization=request.org, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            partner = form.save()
        messages.success(request, _("Changes to %(partner)s were saved.") % {"partner": partner})
        return redirect(partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@org_view()
@kept_page
def partner_detail(request, partner_pk):
    return _partner_page(request, partner_of(request, partner_pk))


def _partner_page(request, partner, *, interaction_form=None, follow_up_form=None, move_form=None):
    """The partner page; the forms posted from it come back here with their errors and what was typed."""
    limit = services.TIMELINE_ALL if request.GET.get("timeline") == "all" else services.TIMELINE_PAGE
    entries, has_more = services.timeline(partner, limit=limit)
    protocol_steps = list(
        partner.stage.protocol_steps.prefetch_related(
            Prefetch("ticks", queryset=ProtocolTick.objects.filter(partner=partner).select_related("ticked_by"))
        )
    )
    for protocol_step in protocol_steps:
        protocol_step.tick = protocol_step.ticks.all()[0] if protocol_step.ticks.all() else None
    can_edit = partner.can_edit(request.membership)
    merged_into = PartnerMerge.objects.filter(merged=partner, undone_at=None).select_related("survivor").first()
    undoable_merge = None
    if request.membership.is_staff_or_admin:
        undoable_merge = partner.merges_received.filter(undone_at=None).select_related("merged", "merged_by").first()
        if undoable_merge is not None:
            undoable_merge.survivor = partner
            undoable_merge = undoable_merge if undoable_merge.is_undoable else None
    contacts = list(partner.contacts.all())
    interaction_form = interaction_form or (
        InteractionForm(partner=partner, prefix="i") if not partner.is_archived else None
    )
    follow_up_form = follow_up_form or FollowUpForm(organization=request.org, prefix="f")
    move_form = move_form or (StageMoveForm(partner=partner) if can_edit else None)
    today = timezone.localdate()
    forms = _form_fragments(request, contacts, interaction_form, follow_up_form, move_form)
    open_follow_ups = list(partner.follow_ups.open().select_related("assignee")[:20])
    follow_up_items = Fragments(
        "partner-follow-up",
        {
            f.pk: (request.org.slug, request.get_full_path(), loaded_values(f), f.can_close(request.membership))
            for f in open_follow_ups
        },
    )
    timeline_entries = Fragments(
        "partner-timeline",
        {
            item: (request.org.slug, loaded_values(item), _can_edit_entry(request, kind, item))
            for kind, _when, item in entries
            if kind in TIMELINE_KINDS
        },
    )
    context = {
        "partner": partner,
        "can_edit": can_edit,
        "tags": partner.tags.all(),
        "networks": partner.networks.all(),
        "contacts": contacts,
        "protocol_steps": protocol_steps,
        "open_follow_ups": open_follow_ups,
        "follow_up_items": follow_up_items,
        "timeline": entries,
        "timeline_entries": timeline_entries,
        "timeline_has_more": has_more,
        "history": partner.history.select_related("history_user")[:5],
        "merged_into": merged_into,
        "undoable_merge": undoable_merge,
        "today": today,
        "interaction_form": interaction_form,
        "follow_up_form": follow_up_form,
        "move_form": move_form,
        "forms": forms,
        "extra_sections": extensions.sections(extensions.partner_sections, request, partner),
    }
    response = render(request, "partners/partner_detail.html", context)
    for fragments in (forms, follow_up_items, timeline_entries):
        fragments.save()
    return response


# The timeline entries this app draws, kept as fragments; other apps' entries are drawn at every visit.
TIMELINE_KINDS = ("interaction", "stage_change", "follow_up")


def _can_edit_entry(request, kind, item):
    return kind == "interaction" and (request.membership.is_staff_or_admin or item.author_id == request.user.pk)


def _form_fragments(request, contacts, interaction_form, follow_up_form, move_form):
    """The partner page's three forms, which crispy-forms takes half the page's time to draw, kept as fragments.

    Invalidation rule (beside oeplanner.fragments'): an empty form's markup depends only on what its values hold —
    the members (participants and assignees: id and the names their label is made of), the partner's contacts
    (id and name), the stages the partner can move to and the one offered first — besides the language and the
    member's today that every fragment's key holds. A form sent back with its errors (bound) is given no values,
    so it is drawn afresh and never kept.
    """
    members = tuple(members_of(request.org).values_list("pk", "first_name", "last_name", "username"))
    values = {}
    if interaction_form is not None and not interaction_form.is_bound:
        values["log"] = (members, tuple((c.pk, c.name) for c in contacts))
    if not follow_up_form.is_bound:
        values["follow_up"] = members
    if move_form is not None and not move_form.is_bound:
        values["move"] = (tuple((s.pk, s.name) for s in move_form.stages), move_form.initial.get("stage"))
    return Fragments("partner-form", values)


@org_view()
def partner_history(request, partner_pk):
    partner = partner_of(request, partner_pk)
    page, changes = history_changes(request, partner.history)
    return render(
        request,
        "partners/partner_history.html",
        {"partner": partner, "page": page, "changes": changes},
    )


@org_view()
def partner_archive(request, partner_pk):
    partner = partner_of(request, partner_pk)
    partner.check_editable_by(request.membership, _("Only staff, admins and the partner's owner can archive it."))
    if request.method == "POST":
        services.archive_partner(partner)
        messages.success(
            request, _("%(partner)s was archived. You can restore it from its page.") % {"partner": partner}
        )
        return redirect("partner_list", org_slug=request.org.slug)
    return render(request, "partners/partner_archive.html", {"partner": partner})


@org_view()
@require_POST
def partner_restore(request, partner_pk):
    partner = partner_of(request, partner_pk)
    partner.check_editable_by(request.membership, _("Only staff, admins and the partner's owner can restore it."))
    services.restore_partner(partner)
    messages.success(request, _("%(partner)s was restored.") % {"partner": partner})
    return redirect(partner)


@org_view()
@require_POST
def interaction_create(request, partner_pk):
    partner = partner_of(request, partner_pk)
    if partner.is_archived:
        messages.error(request, _("This partner is archived: restore it before logging interactions."))
        return redirect(partner)
    form = InteractionForm(request.POST, partner=partner, prefix="i")
    if not form.is_valid():
        messages.error(request, _("The interaction was not saved: correct the fields marked below."))
        return _partner_page(request, partner, interaction_form=form)
    services.log_interaction(
        partner,
        form.save(commit=False),
        author=request.user,
        our_participants=form.cleaned_data["our_participants"],
        their_participants=form.cleaned_data["their_participants"],
        follow_up=form.follow_up(),
    )
    messages.success(request, _("The interaction was logged."))
    return redirect(partner)


@org_view()
def interaction_edit(request, interaction_pk):
    interaction = get_object_or_404(
        request.org.interactions.select_related("partner__stage", "partner__organization"),
        pk=interaction_pk,
    )
    partner = interaction.partner
    if not interaction.can_edit(request.membership):
        raise PermissionDenied(_("Only the author, staff and admins can edit an interaction."))
    form = InteractionForm(request.POST or None, instance=interaction, partner=partner, with_follow_up=False)
    if request.method == "POST" and form.is_valid():
        services.update_interaction(
            form.save(commit=False),
            our_participants=form.cleaned_data["our_participants"],
            their_participants=form.cleaned_data["their_participants"],
        )
        messages.success(request, _("The interaction was saved."))
        return redirect(partner)
    context = {"form": form, "partner": partner, "interaction": interaction}
    return render(request, "partners/interaction_form.html", context)


@org_view()
@require_POST
def follow_up_create(request, partner_pk):
    partner = partner_of(request, partner_pk)
    if partner.is_archived:
        messages.error(request, _("This partner is archived: restore it before adding follow-ups."))
        return redirect(partner)
    form = FollowUpForm(request.POST, organization=request.org, prefix="f")
    if not form.is_valid():
        messages.error(request, _("The follow-up was not saved: correct the fields marked below."))
        return _partner_page(request, partner, follow_up_form=form)
    follow_up = form.save(commit=False)
    follow_up.partner, follow_up.organization, follow_up.created_by = partner, request.org, request.user
    follow_up.save()
    messages.success(request, _("Follow-up added for %(who)s.") % {"who": follow_up.assignee})
    return redirect(partner)


@org_view()
def follow_up_list(request):
    follow_ups = request.org.follow_ups.select_related("partner", "assignee")
    follow_up_filter = FollowUpFilter(request.GET, queryset=follow_ups, organization=request.org)
    page = paginate(request, follow_up_filter.qs.order_by("due_on", "pk"))
    context = {
        "filter": follow_up_filter,
        "page": page,
        "today": timezone.localdate(),
    }
    return render(request, "partners/follow_up_list.html", context)


@org_view()
@require_POST
def follow_up_done(request, follow_up_pk):
    follow_up = get_object_or_404(request.org.follow_ups.select_related("partner"), pk=follow_up_pk)
    if not follow_up.can_close(request.membership):
        raise PermissionDenied(
            _("Volunteers mark done only the follow-ups assigned to them and those of the partners they own.")
        )
    done = request.POST.get("done", "1") == "1"
    services.set_follow_up_done(follow_up, done, by=request.user)
    if done:
        messages.success(request, _("“%(title)s” is done.") % {"title": follow_up})
    else:
        messages.info(request, _("“%(title)s” is open again.") % {"title": follow_up})
    return redirect(_safe_next(request) or follow_up.partner.get_absolute_url())


def _safe_next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


@org_view()
@require_POST
def protocol_tick(request, partner_pk, protocol_step_pk):
    partner = partner_of(request, partner_pk)
    partner.check_editable_by(
        request.membership, _("Only staff, admins and the partner's owner can tick protocol steps.")
    )
    protocol_step = get_object_or_404(partner.stage.protocol_steps.all(), pk=protocol_step_pk)
    services.set_tick(partner, protocol_step, request.POST.get("ticked") == "1", by=request.user)
    return redirect(f"{partner.get_absolute_url()}#protocol")


@org_view()
@require_POST
def partner_move_stage(request, partner_pk):
    partner = partner_of(request, partner_pk)
    partner.check_editable_by(
        request.membership, _("Only staff, admins and the partner's owner can move it to another stage.")
    )
    form = StageMoveForm(request.POST, partner=partner)
    if not form.is_valid():
        return _partner_page(request, partner, move_form=form)
    unfinished = services.unfinished_protocol_steps(partner)
    if unfinished and not form.cleaned_data["confirm_unfinished"]:
        context = {
            "partner": partner,
            "form": form,
            "unfinished": unfinished,
            "to_stage": form.cleaned_data["stage"],
        }
        return render(request, "partners/partner_move_stage.html", context)
    services.move_stage(partner, form.cleaned_data["stage"], by=request.user)
    messages.success(
        request, _("%(partner)s moved to %(stage)s.") % {"partner": partner, "stage": form.cleaned_data["stage"]}
    )
    return redirect(partner)


@org_view()
def contact_create(request, partner_pk):
    partner = partner_of(request, partner_pk)
    return _contact_form(request, partner, Contact(partner=partner))


@org_view()
def contact_edit(request, contact_pk):
    contact = get_object_or_404(
        Contact.objects.filter(partner__organization=request.org).select_related("partner__organization"), pk=contact_pk
    )
    return _contact_form(request, contact.partner, contact)


def _contact_form(request, partner, contact):
    partner.check_editable_by(
        request.membership, _("Only staff, admins and the partner's owner can edit its contacts.")
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contact %(name)s was saved.") % {"name": contact})
        return redirect(f"{partner.get_absolute_url()}#contacts")
    context = {"form": form, "partner": partner, "contact": contact}
    return render(request, "partners/contact_form.html", context)


@org_view()
def contact_delete(request, contact_pk):
    contact = get_object_or_404(
        Contact.objects.filter(partner__organization=request.org).select_related("partner__organization"), pk=contact_pk
    )
    partner = contact.partner
    partner.check_editable_by(
        request.membership, _("Only staff, admins and the partner's owner can edit its contacts.")
    )
    if request.method == "POST":
        contact.delete()
        messages.success(request, _("Contact %(name)s was removed.") % {"name": contact})
        return redirect(f"{partner.get_absolute_url()}#contacts")
    return render(request, "partners/contact_delete.html", {"partner": partner, "contact": contact})


@org_view()
def network_list(request):
    networks = request.org.networks.annotate(partner_count=Count("partners")).order_by("name")
    return render(request, "partners/network_list.html", {"page": paginate(request, networks)})


@org_view(role=Role.STAFF)
def network_create(request):
    return _network_form(request, None)


@org_view(role=Role.STAFF)
def network_edit(request, network_pk):
    return _network_form(request, get_object_or_404(request.org.networks.all(), pk=network_pk))


def _network_form(request, network):
    form = NetworkForm(request.POST or None, instance=network, organization=request.org)
    if request.method == "POST" and form.is_valid():
        network = form.save()
        messages.success(request, _("Network %(name)s was saved.") % {"name": network})
        return redirect("network_list", org_slug=request.org.slug)
    return render(request, "partners/network_form.html", {"form": form, "network": network})


@org_view()
def stage_list(request):
    stages = (
        request.org.stages.annotate(partner_count=Count("partners"))
        .order_by("position", "pk")
        .prefetch_related("protocol_steps")
    )
    return render(request, "partners/stage_list.html", {"stages": stages})


@org_view(role=Role.ADMIN)
def stage_create(request):
    return _stage_form(request, Stage(organization=request.org))


@org_view(role=Role.ADMIN)
def stage_edit(request, stage_pk):
    return _stage_form(request, get_object_or_404(request.org.stages.all(), pk=stage_pk))


def _stage_form(request, stage):
    form = StageForm(request.POST or None, instance=stage, organization=request.org)
    formset = ProtocolStepFormSet(request.POST or None, instance=stage, prefix="protocol_steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.save_stage(form.save(commit=False), formset)
        messages.success(request, _("Stage %(name)s and its protocol were saved.") % {"name": stage})
        return redirect("stage_list", org_slug=request.org.slug)
    context = {"form": form, "formset": formset, "stage": stage}
    return render(request, "partners/stage_form.html", context)
