"""Capacity plans and their steps."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from capacityplans import services
from capacityplans.forms import PlanForm, StepForm
from capacityplans.models import Plan, Step

from .. import serializers
from ..permissions import acting_as
from .base import (
    UPDATED_SINCE,
    FormWrite,
    OrganizationViewSet,
    chosen,
    filter_by_id,
    request_object,
)


def filter_by_choice(request, queryset, name, choices):
    """``?status=``: the rows with that value, one of ``choices``."""
    value = request.query_params.get(name)
    if value is None:
        return queryset
    if value not in choices:
        raise exceptions.ValidationError({name: [_("Give one of: %(choices)s.") % {"choices": ", ".join(choices)}]})
    return queryset.filter(**{name: value})


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Plan.Status.values, description="draft, active or done."),
            OpenApiParameter("round", OpenApiTypes.INT, description="The questionnaire round a plan responds to."),
            UPDATED_SINCE,
        ]
    )
)
class PlanViewSet(FormWrite, OrganizationViewSet):
    """Capacity-building plans, each a table of steps (``steps/``). A plan is never deleted: ``done`` ends it."""

    model = Plan
    serializer_class = serializers.PlanSerializer
    form_class = PlanForm

    def org_queryset(self, org):
        return services.with_step_counts(org.plans.order_by("-created_at", "-pk"))

    def filter_list(self, queryset):
        queryset = filter_by_id(self.request, queryset, "round")
        return filter_by_choice(self.request, queryset, "status", Plan.Status.values)

    def updated_since(self, queryset, moment):
        # Saving the step table, or a step through the API, counts as a change of the plan.
        return queryset.filter(updated_at__gte=moment)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("plan", OpenApiTypes.INT, description="A plan id."),
            OpenApiParameter("status", OpenApiTypes.STR, enum=Step.Status.values, description="A step status."),
            OpenApiParameter("responsible", OpenApiTypes.INT, description="A member's user id."),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="true: only open steps past their end."),
            UPDATED_SINCE,
        ]
    )
)
class StepViewSet(FormWrite, OrganizationViewSet):
    """The steps of the plans, in each plan's order. A new step joins the end of its plan's table; ``move``
    swaps one with its neighbour. A step that will not be done is ``dropped``, not deleted."""

    model = Step
    serializer_class = serializers.StepSerializer
    form_class = StepForm

    def org_queryset(self, org):
        return Step.objects.filter(plan__organization=org).order_by("plan_id", "position", "pk")

    def filter_list(self, queryset):
        queryset = filter_by_id(self.request, queryset, "plan")
        queryset = filter_by_id(self.request, queryset, "responsible")
        queryset = filter_by_choice(self.request, queryset, "status", Step.Status.values)
        overdue = self.request.query_params.get("overdue")
        if overdue is None:
            return queryset
        if overdue not in ("true", "false"):
            raise exceptions.ValidationError({"overdue": [_("Give true or false.")]})
        return queryset.overdue() if overdue == "true" else queryset

    def make_form(self, data, instance):
        if instance is None:
            self.plan = chosen(
                self.request.org.plans, data, "plan", _("Give the id of one of this organization's plans.")
            )
        return super().make_form(data, instance)

    def save(self, form, instance):
        step = form.save(commit=False)
        step._change_reason = acting_as(self.request)
        if instance is None:
            return services.add_step(self.plan, step)
        return services.update_step(step)

    @extend_schema(request=serializers.StepMoveSerializer, responses=serializers.StepSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Swap the step with the one above (``up``) or below (``down``) in its plan's table."""
        step = self.get_object()
        direction = request_object(request).get("direction")
        offset = {"up": -1, "down": 1}.get(direction) if isinstance(direction, str) else None
        if offset is None:
            raise exceptions.ValidationError({"direction": [_("Give up or down.")]})
        services.move_step(step, offset, reason=acting_as(request))
        return Response(self.get_serializer(self.get_queryset().get(pk=step.pk)).data)
