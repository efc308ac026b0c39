"""The "Filters (n)" button of a list counts the filters in use, not the defaults."""

import pytest

from oeplanner.templatetags.lists import active_filter_count
from partners.filters import PartnerFilter
from partners.models import Partner


def count(org, data):
    return active_filter_count(PartnerFilter(data, queryset=Partner.objects.for_org(org), organization=org).form)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, 0),
        ({"q": "", "sector": "", "archived": "no"}, 0),  # an applied empty form: nothing narrows the list
        ({"q": "museum"}, 1),
        ({"archived": "yes", "sector": "glam"}, 2),
        ({"sort": "-name", "cadence": "stale", "q": "lyon"}, 3),
    ],
)
def test_it_counts_the_filters_set_to_something_else_than_their_default(org, data, expected):
    assert count(org, data) == expected


def test_a_chosen_owner_counts_without_reading_every_member(org, staff, django_assert_num_queries):
    form = PartnerFilter({"owner": staff.pk}, queryset=Partner.objects.for_org(org), organization=org).form
    with django_assert_num_queries(0):
        assert active_filter_count(form) == 1
