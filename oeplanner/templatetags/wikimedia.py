from django import template

from oeplanner import wikimedia

register = template.Library()


@register.simple_tag
def wikimedia_configured():
    return wikimedia.is_configured()


@register.simple_tag
def wikimedia_link(user):
    return wikimedia.linked_account(user)
