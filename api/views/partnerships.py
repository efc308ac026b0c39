"""Partnerships, and their targets, outcomes, milestones and effort."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions

from partnerships import services
from partnerships.filters import PartnershipFilter
from partnerships.forms import EffortForm, MilestoneForm, OutcomeForm, PartnershipForm, TargetForm
from partnerships.models import EffortEntry, Milestone, Outcome, Partnership, Target

from .. import serializers
from ..permissions import acting_as
from .base import (
    UPDATED_SINCE,
    FormWrite,
    OrganizationViewSet,
    chosen,
    filter_by_id,
    filterset_queryset,
)


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
    form_class = PartnershipForm

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
        else:
            check_partnership(self.request, instance)
        return super().make_form(data, instance)

    def save(self, form, instance):
        partnership = form.save(commit=False)
        partnership._change_reason = acting_as(self.request)
        if instance is None:
            return services.create_partnership(self.partner, partnership)
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

    needs_edit_rights = True

    def org_queryset(self, org):
        return self.model.objects.filter(partnership__organization=org).select_related("partnership__partner")

    def filter_list(self, queryset):
        return filter_by_id(self.request, queryset, "partnership")

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("Read them by partnership instead.")]})

    def make_form(self, data, instance):
        if instance is None:
            partnership = chosen(
                self.request.org.partnerships.select_related("partner"),
                data,
                "partnership",
                _("Give the id of one of this organization's partnerships."),
            )
        else:
            partnership = instance.partnership
        if self.needs_edit_rights:
            check_partnership(self.request, partnership)
        self.partnership = partnership
        return self.form_class(self.form_data(data, instance), instance=instance, **self.form_kwargs(partnership))

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
        return services.record_outcome(partnership, outcome, by=by)


@PARTNERSHIP_FILTER
class MilestoneViewSet(PartnershipChildViewSet):
    """Steps of a partnership with a due date; ``done_on`` closes one."""

    model = Milestone
    serializer_class = serializers.MilestoneSerializer
    form_class = MilestoneForm

    def form_kwargs(self, partnership):
        return {}

    def add(self, partnership, milestone):
        return services.add_milestone(partnership, milestone)


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
        return services.log_effort(partnership, entry)
