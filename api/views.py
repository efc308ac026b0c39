"""The REST API of one organization, under /api/v1/o/<org_slug>/.

Reads start from ``request.org`` (set by api.permissions.OrganizationAccess). Writes go through the web app's
own forms and services, so that the API accepts exactly what the pages accept and records the same history.
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.forms.models import model_to_dict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from oeplanner.models import Role
from oeplanner.tenancy import org_view
from partners import services
from partners.filters import FollowUpFilter, PartnerFilter
from partners.forms import ContactForm, FollowUpForm, InteractionForm, NetworkForm, PartnerForm
from partners.models import Contact, FollowUp, Interaction, Network, Partner, Stage, Tag
from partnerships import services as partnership_services
from partnerships.filters import PartnershipFilter
from partnerships.forms import EffortForm, MilestoneForm, OutcomeForm, PartnershipForm, TargetForm
from partnerships.models import EffortEntry, Milestone, Outcome, Partnership, Target

from . import serializers
from .forms import ApiTokenForm
from .models import ApiToken, IdempotentRequest
from .permissions import acting_as
from .services import create_token, revoke_token


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def form_errors(form):
    """A form's errors as the API reports them: {field: [message, …]}, form-wide ones as non_field_errors."""
    errors = {}
    for field, field_errors in form.errors.items():
        errors["non_field_errors" if field == "__all__" else field] = list(field_errors)
    return errors


def request_object(request):
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"non_field_errors": [_("Send the fields as one JSON object.")]})
    return dict(request.data)


def current_values(instance, fields):
    """What a form would hold for the instance today: PATCH sends only what changes."""
    values = model_to_dict(instance, fields=fields)
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = [getattr(item, "pk", item) for item in value]
    return values


def with_defaults(form_class, data):
    """A create without a field takes the model's default for it, as a fresh web form shows it."""
    model = form_class._meta.model
    for name in form_class._meta.fields:
        field = model._meta.get_field(name)
        if name not in data and field.has_default() and not field.is_relation:
            data[name] = field.get_default()
    return data


def parse_since(value):
    """``updated_since``: an ISO 8601 date-time, or a date (its midnight, UTC)."""
    moment = parse_datetime(value) if "T" in value or " " in value else None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise exceptions.ValidationError(
                {"updated_since": [_("Give a date (2026-01-31) or a date and time (2026-01-31T12:00:00Z).")]}
            )
        moment = datetime.combine(day, time.min)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.STR,
    description="Only rows created or changed since this date or date-time (ISO 8601), for incremental sync.",
)


def filterset_queryset(filterset):
    if not filterset.is_valid():
        raise exceptions.ValidationError(filterset.errors)
    return filterset.qs


class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Lists and reads one kind of the organization's rows; subclasses that accept writes mix in FormWrite."""

    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drawing the OpenAPI description
            return self.model.objects.none()
        return self.org_queryset(self.request.org)

    def org_queryset(self, org):
        raise NotImplementedError

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        since = self.request.query_params.get("updated_since")
        if since:
            queryset = self.updated_since(queryset, parse_since(since))
        return self.filter_list(queryset)

    def filter_list(self, queryset):
        return queryset

    def updated_since(self, queryset, moment):
        """Rows changed since: by their history records."""
        changed = self.model.history.filter(history_date__gte=moment).values("id")
        return queryset.filter(pk__in=changed)


class FormWrite(mixins.CreateModelMixin):
    """Create and PATCH through the web app's form; ``save`` calls the web app's service.

    A create sent with an ``Idempotency-Key`` header by a token is answered once and then, for
    settings.API_IDEMPOTENCY_HOURS, the same response again for the same key.
    """

    def create(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if not key or not isinstance(request.auth, ApiToken):
            return self.write(None)
        if len(key) > 255:
            raise exceptions.ValidationError({"Idempotency-Key": [_("Use a key of at most 255 characters.")]})
        now = timezone.now()
        token = request.auth
        IdempotentRequest.objects.filter(
            token=token, created_at__lt=now - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
        ).delete()
        try:
            with transaction.atomic():
                earlier = IdempotentRequest.objects.filter(token=token, key=key).first()
                if earlier is not None:
                    if (earlier.method, earlier.path) != (request.method, request.path):
                        raise Conflict(_("This Idempotency-Key was already used for another request."))
                    return Response(earlier.body, status=earlier.status_code, headers={"Idempotent-Replayed": "true"})
                response = self.write(None)
                if response.status_code >= 300:
                    return response
                IdempotentRequest.objects.create(
                    token=token,
                    key=key,
                    method=request.method,
                    path=request.path,
                    status_code=response.status_code,
                    body=response.data,
                    created_at=now,
                )
                return response
        except IntegrityError as error:
            raise Conflict(_("Another request with this Idempotency-Key is being answered: try again.")) from error

    def partial_update(self, request, *args, **kwargs):
        return self.write(self.get_object())

    def write(self, instance):
        data = request_object(self.request)
        form = self.make_form(data, instance)
        if not form.is_valid():
            return self.refuse(form)
        with transaction.atomic():
            saved = self.save(form, instance)
        fresh = self.get_queryset().get(pk=saved.pk)
        code = status.HTTP_201_CREATED if instance is None else status.HTTP_200_OK
        return Response(self.get_serializer(fresh).data, status=code)

    def refuse(self, form):
        raise exceptions.ValidationError(form_errors(form))

    def partner_from(self, data):
        """The partner named in the request, of this organization; a PATCH keeps its partner."""
        pk = data.get("partner")
        partner = None
        if isinstance(pk, int) and not isinstance(pk, bool):
            partner = self.request.org.partners.select_related("stage", "organization").filter(pk=pk).first()
        if partner is None:
            raise exceptions.ValidationError({"partner": [_("Give the id of one of this organization's partners.")]})
        return partner

    def check_can_edit(self, partner, message):
        if not partner.can_edit(self.request.membership):
            raise exceptions.PermissionDenied(message)


PARTNER_LIST_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        ("q", "Search in name, city and website."),
        ("sector", "A sector: glam, education, stem, wikimedia, free_knowledge, other."),
        ("stage", "A stage id."),
        ("owner", "A member's user id."),
        ("country", "A two-letter country code."),
        ("tag", "A tag id."),
        ("network", "A network id."),
        ("cadence", "ok, due or stale."),
        ("archived", "no (the default), yes or all."),
        ("sort", "name, stage, priority, last_interaction, due or city; a leading - reverses."),
    ]
] + [UPDATED_SINCE]


@extend_schema_view(
    list=extend_schema(parameters=PARTNER_LIST_PARAMETERS),
    create=extend_schema(
        parameters=[
            OpenApiParameter("force", OpenApiTypes.BOOL, description="Create even if the partner may already exist.")
        ],
        responses={
            201: serializers.PartnerSerializer,
            409: OpenApiResponse(serializers.DuplicateConflictSerializer, description="The partner may exist."),
        },
    ),
)
class PartnerViewSet(FormWrite, OrganizationViewSet):
    """Partners. Creating one checks for duplicates as the web form does: a possible match answers 409 with the
    matches; ``?force=true`` creates it anyway. Partners are archived and restored, never deleted."""

    model = Partner
    serializer_class = serializers.PartnerSerializer

    def org_queryset(self, org):
        return Partner.objects.for_org(org).prefetch_related("tags", "networks")

    def filter_list(self, queryset):
        return filterset_queryset(
            PartnerFilter(self.request.query_params, queryset=queryset, organization=self.request.org)
        )

    def updated_since(self, queryset, moment):
        return queryset.filter(updated_at__gte=moment)

    def make_form(self, data, instance):
        if instance is not None:
            self.check_can_edit(instance, _("Only staff, admins and the partner's owner can edit it."))
            current = current_values(instance, PartnerForm._meta.fields)
            current["tags"] = [tag.name for tag in instance.tags.all()]
            data = current | data
        else:
            data = with_defaults(PartnerForm, data)
        if isinstance(data.get("tags"), list):
            data["tags"] = ", ".join(str(name) for name in data["tags"])
        force = self.request.query_params.get("force", "").lower() in {"1", "true", "yes"}
        data["confirm_duplicate"] = "1" if force else ""
        return PartnerForm(data, instance=instance, organization=self.request.org, membership=self.request.membership)

    def refuse(self, form):
        if form.duplicates and list(form.errors) == ["__all__"]:
            duplicates = [
                {"id": partner.pk, "name": partner.name, "reason": str(reason), "certain": certain}
                for partner, reason, certain in form.duplicates
            ]
            return Response({"detail": form.non_field_errors()[0], "duplicates": duplicates}, status=409)
        return super().refuse(form)

    def save(self, form, instance):
        form.instance._change_reason = acting_as(self.request)
        return form.save()

    @extend_schema(request=None, responses=serializers.PartnerSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, *args, **kwargs):
        """Archive the partner: it leaves the lists, keeps its history."""
        return self._archive(services.archive_partner)

    @extend_schema(request=None, responses=serializers.PartnerSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        """Bring an archived partner back."""
        return self._archive(services.restore_partner)

    def _archive(self, service):
        partner = self.get_object()
        self.check_can_edit(partner, _("Only staff, admins and the partner's owner can edit it."))
        partner._change_reason = acting_as(self.request)
        service(partner)
        return Response(self.get_serializer(self.get_queryset().get(pk=partner.pk)).data)

    @extend_schema(request=serializers.StageMoveSerializer, responses=serializers.StageChangeSerializer)
    @action(detail=True, methods=["post"], url_path="move-stage")
    def move_stage(self, request, *args, **kwargs):
        """Move the partner to another stage; the move is recorded with the protocol steps left unticked."""
        partner = self.get_object()
        self.check_can_edit(partner, _("Only staff, admins and the partner's owner can edit it."))
        pk = request_object(request).get("stage")
        stage = None
        if isinstance(pk, int) and not isinstance(pk, bool):
            stage = request.org.stages.filter(pk=pk).first()
        if stage is None:
            raise exceptions.ValidationError({"stage": [_("Give the id of one of this organization's stages.")]})
        from_stage = partner.stage_id
        change = services.move_stage(partner, stage, by=request.user if request.user.is_authenticated else None)
        return Response(
            {
                "moved": change is not None,
                "from_stage": from_stage,
                "to_stage": stage.pk,
                "unfinished_steps": change.unfinished_steps.splitlines() if change else [],
            }
        )


BY_PARTNER = extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("partner", OpenApiTypes.INT, description="A partner id."), UPDATED_SINCE]
    )
)


@BY_PARTNER
class ContactViewSet(FormWrite, OrganizationViewSet):
    """Contacts: the people of a partner."""

    model = Contact
    serializer_class = serializers.ContactSerializer

    def org_queryset(self, org):
        return Contact.objects.filter(partner__organization=org).order_by("partner_id", "-is_primary", "name", "pk")

    def filter_list(self, queryset):
        return filter_by_id(self.request, queryset, "partner")

    def make_form(self, data, instance):
        if instance is None:
            partner = self.partner_from(data)
            instance = Contact(partner=partner)
            data = with_defaults(ContactForm, data)
        else:
            partner = instance.partner
            data = current_values(instance, ContactForm._meta.fields) | data
        self.check_can_edit(partner, _("Only staff, admins and the partner's owner can edit its contacts."))
        return ContactForm(data, instance=instance)

    def save(self, form, instance):
        form.instance._change_reason = acting_as(self.request)
        return form.save()


def filter_by_id(request, queryset, name):
    """``?partner=`` or ``?partnership=``: the rows of one of them."""
    pk = request.query_params.get(name)
    if pk is None:
        return queryset
    if not pk.isdigit():
        raise exceptions.ValidationError({name: [_("Give an id: a whole number.")]})
    return queryset.filter(**{f"{name}_id": int(pk)})


FOLLOW_UP_FIELDS = {"title": "follow_up_title", "due_on": "follow_up_due_on", "assignee": "follow_up_assignee"}


@BY_PARTNER
class InteractionViewSet(FormWrite, OrganizationViewSet):
    """Interactions with partners. Creating one can create its follow-up in the same call (``follow_up``)."""

    model = Interaction
    serializer_class = serializers.InteractionSerializer

    def org_queryset(self, org):
        return Interaction.objects.filter(organization=org).prefetch_related(
            "our_participants", "their_participants", Prefetch("follow_ups", FollowUp.objects.only("pk", "interaction"))
        )

    def filter_list(self, queryset):
        return filter_by_id(self.request, queryset, "partner")

    def make_form(self, data, instance):
        if instance is None:
            self.partner = self.partner_from(data)
            if self.partner.is_archived:
                raise exceptions.ValidationError(
                    {"partner": [_("This partner is archived: restore it before logging interactions.")]}
                )
            follow_up = data.pop("follow_up", None) or {}
            if not isinstance(follow_up, dict):
                raise exceptions.ValidationError({"follow_up": [_("Give the follow-up as an object.")]})
            for name, form_name in FOLLOW_UP_FIELDS.items():
                data[form_name] = follow_up.get(name)
            return InteractionForm(with_defaults(InteractionForm, data), partner=self.partner)
        if not instance.can_edit(self.request.membership):
            raise exceptions.PermissionDenied(_("Only the author, staff and admins can edit an interaction."))
        data = current_values(instance, InteractionForm._meta.fields) | data
        return InteractionForm(data, instance=instance, partner=instance.partner, with_follow_up=False)

    def refuse(self, form):
        errors = form_errors(form)
        nested = {name: errors.pop(form_name) for name, form_name in FOLLOW_UP_FIELDS.items() if form_name in errors}
        if nested:
            errors["follow_up"] = nested
        raise exceptions.ValidationError(errors)

    def save(self, form, instance):
        interaction = form.save(commit=False)
        interaction._change_reason = acting_as(self.request)
        participants = {
            "our_participants": form.cleaned_data["our_participants"],
            "their_participants": form.cleaned_data["their_participants"],
        }
        if instance is not None:
            return services.update_interaction(interaction, **participants)
        author = self.request.user if self.request.user.is_authenticated else None
        return services.log_interaction(
            self.partner, interaction, author=author, follow_up=form.follow_up(), **participants
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("partner", OpenApiTypes.INT, description="A partner id."),
            OpenApiParameter("assignee", OpenApiTypes.INT, description="A member's user id."),
            OpenApiParameter(
                "state", OpenApiTypes.STR, description="open (the default), overdue, today, week, later, done."
            ),
            OpenApiParameter(
                "updated_since", OpenApiTypes.STR, description="Only follow-ups created or done since (ISO 8601)."
            ),
        ]
    )
)
class FollowUpViewSet(FormWrite, OrganizationViewSet):
    """Follow-ups. ``done`` marks one done or opens it again."""

    model = FollowUp
    serializer_class = serializers.FollowUpSerializer

    def org_queryset(self, org):
        return FollowUp.objects.filter(organization=org).order_by("due_on", "pk")

    def filter_list(self, queryset):
        queryset = filter_by_id(self.request, queryset, "partner")
        return filterset_queryset(
            FollowUpFilter(self.request.query_params, queryset=queryset, organization=self.request.org)
        )

    def updated_since(self, queryset, moment):
        # Follow-ups keep no history: their creation and their closing are what a sync sees.
        return queryset.filter(Q(created_at__gte=moment) | Q(done_at__gte=moment))

    def make_form(self, data, instance):
        self.done = data.pop("done", None)
        if self.done is not None and not isinstance(self.done, bool):
            raise exceptions.ValidationError({"done": [_("Give true or false.")]})
        if instance is None:
            self.partner = self.partner_from(data)
            if self.partner.is_archived:
                raise exceptions.ValidationError(
                    {"partner": [_("This partner is archived: restore it before adding follow-ups.")]}
                )
        else:
            if self.done is not None and not instance.can_close(self.request.membership):
                raise exceptions.PermissionDenied(
                    _("Volunteers mark done only the follow-ups assigned to them and those of the partners they own.")
                )
            data = current_values(instance, FollowUpForm._meta.fields) | data
        return FollowUpForm(data, instance=instance, organization=self.request.org)

    def save(self, form, instance):
        follow_up = form.save(commit=False)
        by = self.request.user if self.request.user.is_authenticated else None
        if instance is None:
            follow_up.partner, follow_up.organization, follow_up.created_by = self.partner, self.request.org, by
        follow_up.save()
        if self.done is not None:
            services.set_follow_up_done(follow_up, self.done, by=by)
        return follow_up


class NetworkViewSet(FormWrite, OrganizationViewSet):
    """Networks that partners belong to."""

    model = Network
    serializer_class = serializers.NetworkSerializer

    def org_queryset(self, org):
        return org.networks.order_by("name", "pk")

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("Networks are a short list: read it whole.")]})

    def make_form(self, data, instance):
        if instance is not None:
            data = current_values(instance, NetworkForm._meta.fields) | data
        else:
            data = with_defaults(NetworkForm, data)
        return NetworkForm(data, instance=instance, organization=self.request.org)

    def save(self, form, instance):
        return form.save()


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Search in the name and the partner's name."),
            OpenApiParameter("status", OpenApiTypes.STR, description="planned, active, finished or cancelled."),
            OpenApiParameter("kind", OpenApiTypes.STR, description="event or programme."),
            OpenApiParameter("sector", OpenApiTypes.STR, description="The partner's sector."),
            OpenApiParameter("owner", OpenApiTypes.INT, description="A member's user id."),
            OpenApiParameter("partner", OpenApiTypes.INT, description="A partner id."),
            UPDATED_SINCE,
        ]
    )
)
class PartnershipViewSet(FormWrite, OrganizationViewSet):
    """Partnerships with a partner: what each side commits, and the effort logged so far."""

    model = Partnership
    serializer_class = serializers.PartnershipSerializer

    def org_queryset(self, org):
        return org.partnerships.order_by("-starts_on", "-pk")

    def filter_list(self, queryset):
        queryset = filter_by_id(self.request, queryset, "partner")
        return filterset_queryset(
            PartnershipFilter(self.request.query_params, queryset=queryset, organization=self.request.org)
        )

    def updated_since(self, queryset, moment):
        return queryset.filter(updated_at__gte=moment)

    def make_form(self, data, instance):
        if instance is None:
            self.partner = self.partner_from(data)
            self.check_can_edit(
                self.partner, _("Only staff, admins and the partner's owner can start a partnership with it.")
            )
            data = with_defaults(PartnershipForm, data)
        else:
            check_partnership(self.request, instance)
            data = current_values(instance, PartnershipForm._meta.fields) | data
        return PartnershipForm(data, instance=instance, organization=self.request.org)

    def save(self, form, instance):
        partnership = form.save(commit=False)
        partnership._change_reason = acting_as(self.request)
        if instance is None:
            return partnership_services.create_partnership(self.partner, partnership)
        partnership.save()
        return partnership


def check_partnership(request, partnership):
    if not partnership.can_edit(request.membership):
        raise exceptions.PermissionDenied(
            _("Only staff, admins and the partnership's or partner's owner can change it.")
        )


PARTNERSHIP_FILTER = extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("partnership", OpenApiTypes.INT, description="A partnership id.")])
)


class PartnershipChildViewSet(FormWrite, OrganizationViewSet):
    """Targets, outcomes, milestones and effort: each belongs to a partnership, named by ``partnership``."""

    form_class = None
    needs_edit_rights = True

    def org_queryset(self, org):
        return self.model.objects.filter(partnership__organization=org).select_related("partnership__partner")

    def filter_list(self, queryset):
        return filter_by_id(self.request, queryset, "partnership")

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("Read them by partnership instead.")]})

    def make_form(self, data, instance):
        if instance is None:
            pk = data.get("partnership")
            partnership = None
            if isinstance(pk, int) and not isinstance(pk, bool):
                partnership = self.request.org.partnerships.select_related("partner").filter(pk=pk).first()
            if partnership is None:
                raise exceptions.ValidationError(
                    {"partnership": [_("Give the id of one of this organization's partnerships.")]}
                )
            data = with_defaults(self.form_class, data)
        else:
            partnership = instance.partnership
            data = current_values(instance, self.form_class._meta.fields) | data
        if self.needs_edit_rights:
            check_partnership(self.request, partnership)
        self.partnership = partnership
        return self.form_class(data, instance=instance, **self.form_kwargs(partnership))

    def form_kwargs(self, partnership):
        return {"partnership": partnership}

    def save(self, form, instance):
        if instance is not None:
            return form.save()
        return self.add(self.partnership, form.save(commit=False))


@PARTNERSHIP_FILTER
class TargetViewSet(PartnershipChildViewSet):
    """What a partnership aims for, one target per metric."""

    model = Target
    serializer_class = serializers.TargetSerializer
    form_class = TargetForm

    def add(self, partnership, target):
        target.partnership = partnership
        target.save()
        return target


@PARTNERSHIP_FILTER
class OutcomeViewSet(PartnershipChildViewSet):
    """What a partnership achieved, counted against one of its targets. Recorded, not changed."""

    model = Outcome
    serializer_class = serializers.OutcomeSerializer
    form_class = OutcomeForm
    http_method_names = ["get", "post", "head", "options"]

    def add(self, partnership, outcome):
        by = self.request.user if self.request.user.is_authenticated else None
        return partnership_services.record_outcome(partnership, outcome, by=by)


@PARTNERSHIP_FILTER
class MilestoneViewSet(PartnershipChildViewSet):
    """Steps of a partnership with a due date; ``done_on`` closes one."""

    model = Milestone
    serializer_class = serializers.MilestoneSerializer
    form_class = MilestoneForm

    def form_kwargs(self, partnership):
        return {}

    def add(self, partnership, milestone):
        return partnership_services.add_milestone(partnership, milestone)


@PARTNERSHIP_FILTER
class EffortViewSet(PartnershipChildViewSet):
    """Hours and money spent on a partnership. Logged, not changed."""

    model = EffortEntry
    serializer_class = serializers.EffortSerializer
    form_class = EffortForm
    needs_edit_rights = False  # anyone who may log effort on the page may here
    http_method_names = ["get", "post", "head", "options"]

    def form_kwargs(self, partnership):
        return {"organization": self.request.org, "user": self.request.user}

    def add(self, partnership, entry):
        return partnership_services.log_effort(partnership, entry)


class ReadOnlyOrganizationViewSet(OrganizationViewSet):
    http_method_names = ["get", "head", "options"]

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("This is a short list: read it whole.")]})


class StageViewSet(ReadOnlyOrganizationViewSet):
    """Stages and their protocol steps, in order. Admins change them on the web pages."""

    model = Stage
    serializer_class = serializers.StageSerializer

    def org_queryset(self, org):
        return org.stages.order_by("position", "pk").prefetch_related("steps")


class TagViewSet(ReadOnlyOrganizationViewSet):
    """Tags; a partner's ``tags`` creates the new ones."""

    model = Tag
    serializer_class = serializers.TagSerializer

    def org_queryset(self, org):
        return org.tags.order_by("name", "pk")


def docs(request):
    """The OpenAPI description drawn by the vendored Swagger UI (static/js/api-docs.js starts it)."""
    # Under the app's own Content-Security-Policy: Swagger UI sets styles through the DOM, which it allows.
    return render(request, "api/docs.html", {"csrf_token_value": get_token(request)})


@org_view(role=Role.ADMIN)
def token_list(request):
    """The organization's API tokens; creating one shows its secret on this page, once."""
    form = ApiTokenForm(request.POST or None, organization=request.org)
    secret = new_token = None
    if request.method == "POST" and form.is_valid():
        new_token, secret = create_token(
            request.org, name=form.cleaned_data["name"], access=form.cleaned_data["access"], by=request.user
        )
        form = ApiTokenForm(organization=request.org)
    tokens = request.org.api_tokens.select_related("created_by")
    context = {"org": request.org, "form": form, "tokens": tokens, "secret": secret, "new_token": new_token}
    return render(request, "api/token_list.html", context)


@org_view(role=Role.ADMIN)
def token_revoke(request, token_pk):
    token = get_object_or_404(request.org.api_tokens.all(), pk=token_pk)
    if request.method == "POST":
        revoke_token(token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("api_token_list", org_slug=request.org.slug)
    return render(request, "api/token_revoke.html", {"org": request.org, "token": token})
