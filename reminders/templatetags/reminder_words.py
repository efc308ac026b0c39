"""How a reminder speaks of a due date: from the day it is read, in the reader's time zone."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


def due_words(due_on, today, day_format="l j F Y"):
    """The words for a due date seen on ``today``: due today, due tomorrow, due on …, overdue since …"""
    if due_on < today:
        return _("overdue since %(day)s") % {"day": date_format(due_on, day_format)}
    if due_on == today:
        return _("due today")
    if due_on == today + timedelta(days=1):
        return _("due tomorrow")
    return _("due on %(day)s") % {"day": date_format(due_on, day_format)}


@register.simple_tag(takes_context=True)
def due_in_words(context, due_on, day_format="l j F Y"):
    """An e-mail passes ``now`` (the sweep's clock); a page reads the real time. Either is read in
    the active time zone: the member's, set by the e-mail helper or the middleware."""
    now = context.get("now") or timezone.now()
    return due_words(due_on, timezone.localtime(now).date(), day_format)
