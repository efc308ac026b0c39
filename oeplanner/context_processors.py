def navigation(request):
    """The member's organizations for the switcher in the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_memberships": user.memberships.select_related("organization").order_by("organization__name"),
        "current_org": getattr(request, "org", None),
        "current_membership": getattr(request, "membership", None),
    }
