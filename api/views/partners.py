"""Partners, contacts, interactions, follow-ups, networks, stages and tags."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from partners import services
from partners.filters import FollowUpFilter, PartnerFilter
from partners.forms import ContactForm, FollowUpForm, InteractionForm, NetworkForm, PartnerForm
from partners.models import Contact, FollowUp, Interaction, Network, Partner, Stage, Tag

from .. import serializers
from ..permissions import acting_as
from .base import (
    UPDATED_SINCE,
    FormWrite,
    OrganizationViewSet,
    ReadOnlyOrganizationViewSet,
    chosen,
    current_values,
    filter_by_id,
    filterset_queryset,
    form_errors,
    request_object,
    with_defaults,
)

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
        stage = chosen(
            request.org.stages, request_object(request), "stage", _("Give the id of one of this organization's stages.")
        )
        from_stage = partner.stage_id
        change = services.move_stage(partner, stage, by=request.user if request.user.is_authenticated else None)
        return Response(
            {
                "moved": change is not None,
                "from_stage": from_stage,
                "to_stage": stage.pk,
                "unfinished_steps": change.unfinished_protocol_steps.splitlines() if change else [],
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
    form_class = ContactForm

    def org_queryset(self, org):
        return Contact.objects.filter(partner__organization=org).order_by("partner_id", "-is_primary", "name", "pk")

    def filter_list(self, queryset):
        return filter_by_id(self.request, queryset, "partner")

    def make_form(self, data, instance):
        data = self.form_data(data, instance)
        if instance is None:
            instance = Contact(partner=self.partner_from(data))
        self.check_can_edit(instance.partner, _("Only staff, admins and the partner's owner can edit its contacts."))
        return ContactForm(data, instance=instance)


FOLLOW_UP_FIELDS = {"title": "follow_up_title", "due_on": "follow_up_due_on", "assignee": "follow_up_assignee"}


@BY_PARTNER
class InteractionViewSet(FormWrite, OrganizationViewSet):
    """Interactions with partners. Creating one can create its follow-up in the same call (``follow_up``)."""

    model = Interaction
    serializer_class = serializers.InteractionSerializer

    def org_queryset(self, org):
        return org.interactions.prefetch_related(
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
        return org.follow_ups.order_by("due_on", "pk")

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
    form_class = NetworkForm

    def org_queryset(self, org):
        return org.networks.order_by("name", "pk")

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("Networks are a short list: read it whole.")]})


class StageViewSet(ReadOnlyOrganizationViewSet):
    """Stages and their protocol steps, in order. Admins change them on the web pages."""

    model = Stage
    serializer_class = serializers.StageSerializer

    def org_queryset(self, org):
        return org.stages.order_by("position", "pk").prefetch_related("protocol_steps")


class TagViewSet(ReadOnlyOrganizationViewSet):
    """Tags; a partner's ``tags`` creates the new ones."""

    model = Tag
    serializer_class = serializers.TagSerializer

    def org_queryset(self, org):
        return org.tags.order_by("name", "pk")
