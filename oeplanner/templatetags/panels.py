from django import template
from django.utils.safestring import mark_safe

from oeplanner import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, name, **values):
    # Providers render through templates, which escape what they show.
    return mark_safe(registry.render(name, context["request"], **values))  # noqa: S308
