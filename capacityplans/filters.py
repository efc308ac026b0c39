import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import members_of

from .models import Plan, Step


class StepFilter(django_filters.FilterSet):
    """Filters of the master plan, every one in the address."""

    strategy = django_filters.CharFilter(label=_("Strategy"), field_name="plan__strategy", lookup_expr="icontains")
    plan_status = django_filters.ChoiceFilter(
        label=_("Plan status"), field_name="plan__status", choices=Plan.Status.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(label=_("Step status"), choices=Step.Status.choices, empty_label=_("Any"))
    responsible = django_filters.ModelChoiceFilter(label=_("Responsible"), queryset=None)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue")

    class Meta:
        model = Step
        fields = []

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["responsible"].queryset = members_of(organization)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
