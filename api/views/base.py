"""What every view set of the API shares: the organization's rows, ``?updated_since=``, writes through forms."""

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.forms.fields import BaseTemporalField
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from ..models import ApiToken, IdempotentRequest
from ..permissions import acting_as


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def form_errors(form):
    """A form's errors as the API reports them: {field: [message, …]}, form-wide ones as non_field_errors."""
    errors = {}
    for field, field_errors in form.errors.items():
        errors["non_field_errors" if field == "__all__" else field] = list(field_errors)
    return errors


def wrong_shapes(form):
    """What a form field cannot take from JSON: a list or an object for one value, a number for a date."""
    errors = {}
    for name, field in form.fields.items():
        value = form.data.get(name)
        if value is None:
            continue
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            fits, message = isinstance(value, list), _("Give a list.")
        elif isinstance(field, BaseTemporalField):
            # A PATCH keeps the row's own dates, which are date objects.
            fits, message = isinstance(value, str | date), _("Give the date as text, such as 2026-01-31.")
        else:
            fits, message = not isinstance(value, list | dict), _("Give one value, not a list or an object.")
        if not fits:
            errors[name] = [message]
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

    form_class = None

    def make_form(self, data, instance):
        return self.form_class(self.form_data(data, instance), instance=instance, organization=self.request.org)

    def form_data(self, data, instance):
        """What the request sends, over the row's values (a PATCH sends only what changes) or the model's defaults."""
        if instance is not None:
            return current_values(instance, self.form_class._meta.fields) | data
        return with_defaults(self.form_class, data)

    def save(self, form, instance):
        form.instance._change_reason = acting_as(self.request)
        return form.save()

    def partial_update(self, request, *args, **kwargs):
        return self.write(self.get_object())

    def write(self, instance):
        data = request_object(self.request)
        form = self.make_form(data, instance)
        shape_errors = wrong_shapes(form)
        if shape_errors:
            raise exceptions.ValidationError(shape_errors)
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
        partners = self.request.org.partners.select_related("stage", "organization")
        return chosen(partners, data, "partner", _("Give the id of one of this organization's partners."))

    def check_can_edit(self, partner, message):
        if not partner.can_edit(self.request.membership):
            raise exceptions.PermissionDenied(message)


def chosen(queryset, data, name, message):
    """The row of ``queryset`` whose id the request sends as ``name``; else 400 with ``message`` on that field."""
    pk = data.get(name)
    row = None
    if isinstance(pk, int) and not isinstance(pk, bool):
        row = queryset.filter(pk=pk).first()
    if row is None:
        raise exceptions.ValidationError({name: [message]})
    return row


def filter_by_id(request, queryset, name):
    """``?partner=``, ``?partnership=``, ``?plan=``…: the rows of one of them."""
    pk = request.query_params.get(name)
    if pk is None:
        return queryset
    if not pk.isdigit():
        raise exceptions.ValidationError({name: [_("Give an id: a whole number.")]})
    return queryset.filter(**{f"{name}_id": int(pk)})


class ReadOnlyOrganizationViewSet(OrganizationViewSet):
    http_method_names = ["get", "head", "options"]

    def updated_since(self, queryset, moment):
        raise exceptions.ValidationError({"updated_since": [_("This is a short list: read it whole.")]})
