import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import members_of
from partners.filters import style_widgets
from partners.models import Partner

from .models import Milestone, Partnership

MILESTONE_STATES = [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done")), ("all", _("All"))]


class PartnershipFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Partnership.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Partnership.Kind.choices)
    sector = django_filters.ChoiceFilter(
        label=_("Partner's sector"), field_name="partner__sector", choices=Partner.Sector.choices
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None)

    class Meta:
        model = Partnership
        fields = []

    def __init__(self, data=None, *args, organization, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["owner"].queryset = members_of(organization)
        style_widgets(self.form)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(partner__name__icontains=value))


class MilestoneFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=MILESTONE_STATES, method="filter_state", empty_label=None
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), field_name="partnership__owner", queryset=None)

    class Meta:
        model = Milestone
        fields = []

    def __init__(self, data=None, *args, organization, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)
        self.filters["owner"].queryset = members_of(organization)
        style_widgets(self.form)

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue()
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        return queryset
