"""The main navigation: a link knows whether it leads to the page (or section) shown now."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url, label, exact=False):
    """A navbar link, marked ``aria-current="page"`` (and shown as active) on its page or section.

    A section link (the default) is current on every page under its URL, e.g. "Partners" on a
    partner's page; ``exact=True`` is for a link whose URL prefixes others (the dashboard).
    """
    request = context.get("request")
    path = request.path if request else ""
    if path == url or (not exact and path.startswith(url)):
        return format_html('<a class="nav-link active" aria-current="page" href="{}">{}</a>', url, label)
    return format_html('<a class="nav-link" href="{}">{}</a>', url, label)
