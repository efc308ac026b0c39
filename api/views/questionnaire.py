"""Questionnaire rounds and their report figures."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from questionnaire import services
from questionnaire.forms import RoundForm
from questionnaire.models import Round, local_today
from questionnaire.report import build_report

from .. import serializers
from .base import FormWrite, OrganizationViewSet


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=Round.Status.values, description="scheduled, open or closed."
            )
        ]
    )
)
class RoundViewSet(FormWrite, OrganizationViewSet):
    """Questionnaire rounds: the statements each asks as worded when it opened, and who is invited.
    A new round asks the organization's active statements. ``report`` gives a round's figures."""

    model = Round
    serializer_class = serializers.RoundSerializer
    form_class = RoundForm

    def org_queryset(self, org):
        return (
            org.rounds.select_related("organization")
            .annotate(answered=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
            .prefetch_related("invited", "round_statements")
            .order_by("-opens_on", "-pk")
        )

    def filter_list(self, queryset):
        wanted = self.request.query_params.get("status")
        if wanted is None:
            return queryset
        if wanted not in Round.Status.values:
            raise exceptions.ValidationError({"status": [_("Give scheduled, open or closed.")]})
        # A round's status follows the calendar (Round.status); the list is short enough to sort out here.
        today = local_today(self.request.org)
        return [round for round in queryset if round.status(today) == wanted]

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("Rounds are a short list: read it whole.")]})

    def save(self, form, instance):
        if instance is not None:
            return super().save(form, instance)
        user = self.request.user if self.request.user.is_authenticated else None
        fields = {name: form.cleaned_data[name] for name in ("name", "opens_on", "closes_on", "anonymous", "invited")}
        try:
            return services.open_round(self.request.org, created_by=user, **fields)
        except services.QuestionnaireError as error:
            raise exceptions.ValidationError({"non_field_errors": [str(error)]}) from error

    @extend_schema(request=None, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Close the round now: answers can no longer change, and every member can read the report."""
        round = self.get_object()
        services.close_round(round)
        return Response(self.get_serializer(self.get_queryset().get(pk=round.pk)).data)

    @extend_schema(responses=serializers.ReportSerializer)
    @action(detail=True, methods=["get"])
    def report(self, request, *args, **kwargs):
        """The round's figures, statement by statement and overall, beside the previous round's means.
        Staff read it any time, a read-only token once the round is closed."""
        round = self.get_object()
        if not services.can_read_report(round, request.membership):
            raise exceptions.PermissionDenied(
                _("Members read the report once the round is closed; staff can read it now.")
            )
        return Response(serializers.ReportSerializer(build_report(round)).data)
