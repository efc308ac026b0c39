"""Helpers of the list pages."""

from django import template

register = template.Library()


@register.filter
def active_filter_count(form):
    """How many fields of a bound filter form narrow or sort the list: those set to something else than their default.

    A choice without an empty option (e.g. "Show: current partners") starts on its first choice, which is not a filter.
    """
    return sum(1 for field in form if _is_active(field))


def _is_active(bound_field):
    value = bound_field.value()
    if value in (None, "", []):
        return False
    field = bound_field.field
    if getattr(field.widget, "allow_multiple_selected", True):  # text, or several choices: any value filters
        return True
    first_choice = next(iter(field.choices), ("",))[0]
    return str(value) != str(first_choice)
