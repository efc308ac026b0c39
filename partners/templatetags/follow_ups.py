from django import template

register = template.Library()


@register.filter
def can_close(follow_up, membership):
    """``{% if follow_up|can_close:current_membership %}``: whether the member may mark it done or reopen it."""
    return membership is not None and follow_up.can_close(membership)
