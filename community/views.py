"""The community pages, under /community/ (not under an organization's address).

Every view goes through :func:`community_view`, which says who may reach it:

* ``read``: anyone signed in (and, with COMMUNITY_PUBLIC_READ, visitors who are not);
* ``contribute``: anyone signed in, acting for one of their own organizations (post, offer help,
  endorse, flag);
* ``edit``: members of the entry's organization (staff and admins, or the entry's author): others
  get 404, as for every organization's records in the app;
* ``moderate``: the installation's moderators; others get 404.

Hidden entries answer 404 to everyone but moderators, on every page.
"""

from functools import reduce, wraps
from operator import or_

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oeplanner.models import Role
from oeplanner.pagination import paginate

from . import services, uploads, wikitext
from .forms import (
    ChallengeFilterForm,
    ChallengeForm,
    EndorsementForm,
    ExpertiseFilterForm,
    ExpertiseForm,
    FlagForm,
    HelpOfferForm,
    HideForm,
    LearningPatternForm,
    PatternFilterForm,
    ResourceFilterForm,
    ResourceForm,
    member_organizations,
)
from .models import Challenge, Expertise, LearningPattern, Resource, is_moderator

READ, CONTRIBUTE, EDIT, MODERATE = "read", "contribute", "edit", "moderate"
PAGE_SIZE = 50

# Each space: its model, its form, and what one entry is called. URLs name the entry "<space>_pk".
SPACES = {
    "expertise": (Expertise, ExpertiseForm, gettext_lazy("expertise entry")),
    "challenge": (Challenge, ChallengeForm, gettext_lazy("challenge")),
    "resource": (Resource, ResourceForm, gettext_lazy("resource")),
    "pattern": (LearningPattern, LearningPatternForm, gettext_lazy("learning pattern")),
}


def community_view(access):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            public = access == READ and settings.COMMUNITY_PUBLIC_READ
            if not request.user.is_authenticated and not public:
                return redirect_to_login(request.get_full_path())
            if access == MODERATE and not is_moderator(request.user):
                raise Http404("No such page.")
            request.community_roles = (
                dict(request.user.memberships.values_list("organization_id", "role"))
                if request.user.is_authenticated
                else {}
            )
            request.is_moderator = is_moderator(request.user)
            return view(request, *args, **kwargs)

        wrapper.community_access = access
        return wrapper

    return decorator


def _entry(request, space, pk):
    model = SPACES[space][0]
    return get_object_or_404(model.objects.visible_to(request.user).select_related("organization"), pk=pk)


def _editable_entry(request, space, pk):
    entry = _entry(request, space, pk)
    if not entry.editable_by(request.community_roles, request.user):
        raise Http404("Only its organization edits this entry.")
    return entry


def _own_organizations(request, least_role=Role.VOLUNTEER):
    organizations = member_organizations(request.user, least_role)
    if not organizations.exists():
        raise PermissionDenied(_("Only members of an organization can add to the community."))
    return organizations


def _common(request, entry=None, **context):
    context.update(is_moderator=request.is_moderator)
    if entry is not None:
        context.update(entry=entry, can_edit=entry.editable_by(request.community_roles, request.user))
    return context


def _search(queryset, data, fields, in_area=lambda area: Q(area=area)):
    """The filters every list has: a search over ``fields`` and an area."""
    if data["q"]:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": data["q"]}) for field in fields)))
    if data["area"]:
        queryset = queryset.filter(in_area(data["area"]))
    return queryset


@community_view(READ)
def home(request):
    visible = {name: model.objects.visible_to(request.user) for name, (model, _form, _label) in SPACES.items()}
    context = _common(
        request,
        counts={name: queryset.count() for name, queryset in visible.items()},
        open_challenges=visible["challenge"].filter(status=Challenge.Status.OPEN).count(),
    )
    return render(request, "community/home.html", context)


# Expertise directory ---------------------------------------------------------------------------


@community_view(READ)
def expertise_list(request):
    form = ExpertiseFilterForm(request.GET or None)
    entries = Expertise.objects.visible_to(request.user).select_related("organization", "contact_member")
    if form.is_valid():
        data = form.cleaned_data
        entries = _search(
            entries, data, ["organization__name", "description"], in_area=lambda area: Q(areas__contains=f",{area},")
        )
        if data["region"]:
            entries = entries.filter(
                Q(region__icontains=data["region"]) | Q(organization__region__icontains=data["region"])
            )
        if data["language"]:
            entries = entries.filter(languages__icontains=data["language"])
    may_add = request.user.is_authenticated and (
        member_organizations(request.user, Role.STAFF).filter(community_expertise__isnull=True).exists()
    )
    context = _common(
        request,
        form=form,
        page=paginate(request, entries.order_by("organization__name", "pk"), PAGE_SIZE),
        may_add=may_add,
    )
    return render(request, "community/expertise_list.html", context)


@community_view(READ)
def expertise_detail(request, expertise_pk):
    entry = _entry(request, "expertise", expertise_pk)
    return render(request, "community/expertise_detail.html", _common(request, entry))


# Challenges ------------------------------------------------------------------------------------

_OPEN_FIRST = Case(
    When(status=Challenge.Status.OPEN, then=Value(0)),
    When(status=Challenge.Status.ADDRESSING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@community_view(READ)
def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    challenges = Challenge.objects.visible_to(request.user).select_related("organization")
    if form.is_valid():
        data = form.cleaned_data
        challenges = _search(challenges, data, ["title", "description"])
        if data["status"]:
            challenges = challenges.filter(status=data["status"])
    challenges = challenges.order_by(_OPEN_FIRST, "-created_at", "-pk")
    context = _common(request, form=form, page=paginate(request, challenges, PAGE_SIZE))
    return render(request, "community/challenge_list.html", context)


@community_view(READ)
def challenge_detail(request, challenge_pk):
    return _challenge_page(request, _entry(request, "challenge", challenge_pk))


def _challenge_page(request, challenge, offer_form=None):
    roles = request.community_roles
    # The offers' messages are between the two organizations; others see how many there are.
    offers = challenge.offers.select_related("organization", "author")
    if challenge.organization_id not in roles and not request.is_moderator:
        offers = offers.filter(organization_id__in=roles)
    helper_orgs = member_organizations(request.user).exclude(pk=challenge.organization_id) if roles else None
    if offer_form is None and helper_orgs is not None and helper_orgs.exists():
        offer_form = HelpOfferForm(challenge=challenge, organizations=helper_orgs)
    context = _common(
        request,
        challenge,
        offers=list(offers),
        offer_form=offer_form,
        patterns=challenge.helpful_patterns.visible_to(request.user).select_related("organization"),
        resources=challenge.helpful_resources.visible_to(request.user).select_related("organization"),
    )
    return render(request, "community/challenge_detail.html", context)


@community_view(CONTRIBUTE)
@require_POST
def challenge_offer(request, challenge_pk):
    challenge = _entry(request, "challenge", challenge_pk)
    organizations = _own_organizations(request)
    form = HelpOfferForm(request.POST, challenge=challenge, organizations=organizations)
    if not form.is_valid():
        messages.error(request, _("Your offer was not sent: correct what is marked below."))
        return _challenge_page(request, challenge, offer_form=form)
    try:
        services.offer_help(
            challenge,
            organization=form.cleaned_data["organization"],
            author=request.user,
            message=form.cleaned_data["message"],
        )
    except services.CommunityError as error:
        form.add_error("organization", str(error))
        return _challenge_page(request, challenge, offer_form=form)
    messages.success(
        request, _("Your offer was sent. The admins of %(org)s were notified.") % {"org": challenge.organization}
    )
    return redirect(challenge)


# Resources -------------------------------------------------------------------------------------


@community_view(READ)
def resource_list(request):
    form = ResourceFilterForm(request.GET or None)
    resources = (
        Resource.objects.visible_to(request.user)
        .select_related("organization", "added_by")
        .annotate(flag_count=Count("flags"))
    )
    if form.is_valid():
        data = form.cleaned_data
        resources = _search(resources, data, ["title", "description"])
        if data["language"]:
            resources = resources.filter(language__icontains=data["language"])
    context = _common(request, form=form, page=paginate(request, resources.order_by("-created_at", "-pk"), PAGE_SIZE))
    return render(request, "community/resource_list.html", context)


@community_view(READ)
def resource_detail(request, resource_pk):
    return _resource_page(request, _entry(request, "resource", resource_pk))


def _resource_page(request, resource, flag_form=None):
    flags = list(resource.flags.select_related("user"))
    context = _common(
        request,
        resource,
        flags=flags,
        flag_form=flag_form or (FlagForm() if request.user.is_authenticated else None),
    )
    return render(request, "community/resource_detail.html", context)


@community_view(READ)
def resource_document(request, resource_pk):
    resource = _entry(request, "resource", resource_pk)
    if not resource.document:
        raise Http404("This resource has no document.")
    kind = resource.document_type
    response = FileResponse(
        resource.document.open("rb"),
        as_attachment=True,
        filename=f"{slugify(resource.title) or 'document'}.{kind}",
        content_type=uploads.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@community_view(CONTRIBUTE)
@require_POST
def resource_flag(request, resource_pk):
    resource = _entry(request, "resource", resource_pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            services.flag(resource, request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
        except services.CommunityError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(
                request, _("Thank you: the problem was reported to the moderators and to its organization.")
            )
            return redirect(resource)
    messages.error(request, _("The problem was not reported: correct what is marked below."))
    return _resource_page(request, resource, flag_form=form)


# Learning patterns -----------------------------------------------------------------------------


@community_view(READ)
def pattern_list(request):
    form = PatternFilterForm(request.GET or None)
    patterns = LearningPattern.objects.visible_to(request.user).select_related("organization", "author")
    if form.is_valid():
        data = form.cleaned_data
        patterns = _search(patterns, data, ["title", "problem", "solution"])
    patterns = patterns.order_by("-endorsement_count", "-created_at", "-pk")
    context = _common(request, form=form, page=paginate(request, patterns, PAGE_SIZE))
    return render(request, "community/pattern_list.html", context)


@community_view(READ)
def pattern_detail(request, pattern_pk):
    return _pattern_page(request, _entry(request, "pattern", pattern_pk))


def _pattern_page(request, pattern, endorse_form=None):
    endorsements = list(pattern.endorsements.select_related("user"))
    endorsed = any(e.user_id == request.user.pk for e in endorsements)
    may_endorse = request.user.is_authenticated and bool(request.community_roles) and not endorsed
    context = _common(
        request,
        pattern,
        endorsements=endorsements,
        endorsed=endorsed,
        endorse_form=endorse_form or (EndorsementForm() if may_endorse else None),
        sections=wikitext.sections(pattern),
    )
    return render(request, "community/pattern_detail.html", context)


@community_view(CONTRIBUTE)
@require_POST
def pattern_endorse(request, pattern_pk):
    pattern = _entry(request, "pattern", pattern_pk)
    _own_organizations(request)
    form = EndorsementForm(request.POST)
    if form.is_valid():
        try:
            services.endorse(pattern, request.user, form.cleaned_data["comment"])
        except services.CommunityError as error:
            messages.error(request, str(error))
            return redirect(pattern)
        messages.success(request, _("You endorsed this learning pattern."))
        return redirect(pattern)
    messages.error(request, _("Your endorsement was not saved: correct what is marked below."))
    return _pattern_page(request, pattern, endorse_form=form)


@community_view(READ)
def pattern_wikitext(request, pattern_pk):
    pattern = _entry(request, "pattern", pattern_pk)
    endorsements = list(pattern.endorsements.select_related("user"))
    context = _common(request, pattern, wikitext=wikitext.to_wikitext(pattern, endorsements))
    return render(request, "community/pattern_wikitext.html", context)


# Adding, editing, history and moderation: the same for every space ------------------------------


@community_view(CONTRIBUTE)
def entry_create(request, space):
    model, form_class, label = SPACES[space]
    least_role = Role.STAFF if space == "expertise" else Role.VOLUNTEER
    organizations = _own_organizations(request, least_role)
    if space == "expertise":
        organizations = organizations.filter(community_expertise__isnull=True)
        if not organizations.exists():
            messages.info(request, _("Your organizations are already in the directory: edit their entries instead."))
            return redirect("community_expertise_list")
    extra = {"user": request.user} if space == "challenge" else {}
    form = form_class(request.POST or None, request.FILES or None, organizations=organizations, **extra)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        author_field = model.AUTHOR_FIELD
        if author_field:
            setattr(entry, author_field, request.user)
        entry.save()
        form.save_m2m()
        messages.success(request, _("Your %(entry)s was published.") % {"entry": label})
        return redirect(entry)
    return render(request, "community/entry_form.html", _common(request, form=form, space=space, label=label))


@community_view(EDIT)
def entry_edit(request, space, **kwargs):
    entry = _editable_entry(request, space, kwargs[f"{space}_pk"])
    _model, form_class, label = SPACES[space]
    extra = {"user": request.user} if space == "challenge" else {}
    form = form_class(request.POST or None, request.FILES or None, instance=entry, organizations=None, **extra)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The %(entry)s was saved.") % {"entry": label})
        return redirect(entry)
    return render(request, "community/entry_form.html", _common(request, entry, form=form, space=space, label=label))


@community_view(READ)
def entry_history(request, space, **kwargs):
    entry = _entry(request, space, kwargs[f"{space}_pk"])
    records = list(entry.history.select_related("history_user").order_by("-history_date", "-history_id")[:100])
    recorded = {f.name for f in entry.history.model._meta.fields}
    fields = [f for f in type(entry)._meta.concrete_fields if f.name in recorded - {"id", "updated_at"}]
    changes = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        changed = [f.verbose_name for f in fields if older and getattr(newer, f.attname) != getattr(older, f.attname)]
        changes.append((newer, changed))
    context = _common(request, entry, space=space, changes=changes, label=SPACES[space][2])
    return render(request, "community/entry_history.html", context)


@community_view(MODERATE)
def entry_moderate(request, space, **kwargs):
    model = SPACES[space][0]
    entry = get_object_or_404(model.objects.select_related("organization"), pk=kwargs[f"{space}_pk"])
    form = HideForm(request.POST or None)
    if request.method == "POST":
        if entry.is_hidden:
            services.show(entry)
            messages.success(request, _("The entry is visible again."))
            return redirect(entry)
        if form.is_valid():
            services.hide(entry, form.cleaned_data["reason"])
            messages.success(request, _("The entry is hidden. Only moderators see it now."))
            return redirect("community_moderation")
    context = _common(request, entry, form=form, space=space, label=SPACES[space][2])
    return render(request, "community/entry_moderate.html", context)


@community_view(MODERATE)
def moderation(request):
    hidden = {
        space: list(
            model.objects.filter(hidden_at__isnull=False).select_related("organization").order_by("-hidden_at")[:100]
        )
        for space, (model, _form, _label) in SPACES.items()
    }
    flagged = (
        Resource.objects.filter(hidden_at__isnull=True)
        .annotate(flag_count=Count("flags"))
        .filter(flag_count__gt=0)
        .select_related("organization")
        .order_by("-flag_count", "-pk")[:100]
    )
    context = _common(request, hidden=hidden, flagged=flagged, labels={s: v[2] for s, v in SPACES.items()})
    return render(request, "community/moderation.html", context)
