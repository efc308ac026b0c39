import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .forms import members_of
from .models import Cadence, FollowUp, Partner

ARCHIVED_CHOICES = [("no", _("Current partners")), ("yes", _("Archived partners")), ("all", _("All partners"))]


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Partner.Sector.choices)
    stage = django_filters.ModelChoiceFilter(label=_("Stage"), queryset=None)
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries)
    tag = django_filters.ModelChoiceFilter(label=_("Tag"), field_name="tags", queryset=None)
    network = django_filters.ModelChoiceFilter(label=_("Network"), field_name="networks", queryset=None)
    cadence = django_filters.ChoiceFilter(label=_("Contact"), choices=Cadence.choices, method="filter_cadence")
    archived = django_filters.ChoiceFilter(
        label=_("Show"), choices=ARCHIVED_CHOICES, method="filter_archived", empty_label=None
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("name", "name"),
            ("stage__position", "stage"),
            ("priority", "priority"),
            ("last_interaction_on", "last_interaction"),
            ("contact_due_on", "due"),
            ("city", "city"),
        ],
        field_labels={
            "name": _("Name"),
            "stage__position": _("Stage"),
            "priority": _("Priority"),
            "last_interaction_on": _("Last interaction"),
            "contact_due_on": _("Contact due"),
            "city": _("City"),
        },
    )

    class Meta:
        model = Partner
        fields = []

    def __init__(self, data=None, *args, organization, **kwargs):
        # Archived partners stay out of the list unless asked for.
        data = data.copy() if data is not None else {}
        data.setdefault("archived", "no")
        super().__init__(data, *args, **kwargs)
        self.filters["stage"].queryset = organization.stages.all()
        self.filters["owner"].queryset = members_of(organization)
        self.filters["tag"].queryset = organization.tags.all()
        self.filters["network"].queryset = organization.networks.all()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value) | Q(website__icontains=value))

    def filter_cadence(self, queryset, name, value):
        return queryset.with_cadence(value)

    def filter_archived(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(archived_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)


FOLLOW_UP_STATES = [
    ("open", _("All open")),
    ("overdue", _("Overdue")),
    ("today", _("Today")),
    ("week", _("This week")),
    ("later", _("Later")),
    ("done", _("Done")),
]


class FollowUpFilter(django_filters.FilterSet):
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=None)
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=FOLLOW_UP_STATES, method="filter_state", empty_label=None
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(self, data=None, *args, organization, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)
        self.filters["assignee"].queryset = members_of(organization)

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.in_state(value)
