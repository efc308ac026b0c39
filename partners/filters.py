from html import escape

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from oeplanner.forms import members_of

from .models import Cadence, FollowUp, Partner

ARCHIVED_CHOICES = [("no", _("Current partners")), ("yes", _("Archived partners")), ("all", _("All partners"))]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts with empty values last on every database, then by name and id so pages never overlap."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param.lstrip("-")])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or () if param]
        return qs.order_by(*ordering, "name", "pk") if ordering else qs


class SearchText(Func):
    """The searched fields in one text, one field a line: PostgreSQL's trigram index ``partner_search_trgm``
    (migration 0008) holds ``UPPER(this::text)``, one index instead of one per field. A search without a line
    break cannot match across two fields, so it finds what searching each field would."""

    SEPARATOR = "\n"
    template = "(%(expressions)s)"
    arg_joiner = " || E'\\n' || "
    output_field = TextField()

    def __init__(self):
        super().__init__(F("name"), F("city"), F("website"))


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
    sort = StableOrderingFilter(
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
        style_widgets(self.form)

    def shown_values(self):
        """What the filter bar shows besides its fixed labels and the countries (a function of the language):
        the values asked for and the choices read from the database (oeplanner.fragments)."""
        form = self.form
        models = [field for field in form.fields.values() if isinstance(field, forms.ModelChoiceField)]
        for field in models:
            # Read once, as labels: the key and the bar drawn on a cache miss share them (exports never draw it).
            field.widget.choices = [(str(key), str(label)) for key, label in field.widget.choices]
        return ([(name, form.data.getlist(name)) for name in form.fields], [field.widget.choices for field in models])

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql" and SearchText.SEPARATOR not in value:
            return queryset.alias(search=SearchText()).filter(search__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value) | Q(website__icontains=value))

    def filter_cadence(self, queryset, name, value):
        return queryset.with_cadence(value)

    def filter_archived(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(archived_at__isnull=False)
        if value == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)


class QuickSelect(forms.Select):
    """A select written straight from its choices: the filter bars draw some 400 options (250 countries) on
    every list page, and Django's option contexts (one dict, one copy of the attributes and several lazy
    translations each) cost more than the rest of the page. The filters' choices are flat (no groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>{escape(str(label))}</option>'
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308 (escaped above)


def style_widgets(form):
    """Bootstrap classes on the filter widgets: the filter bars render fields directly, without crispy-forms,
    because they are drawn on every list page."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:  # not the sort field's widget, which parses a list
            field.widget = QuickSelect(attrs={"class": "form-select form-select-sm"}, choices=field.choices)
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select form-select-sm"
        else:
            field.widget.attrs["class"] = "form-control form-control-sm"
    return form


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
        style_widgets(self.form)

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.in_state(value)
