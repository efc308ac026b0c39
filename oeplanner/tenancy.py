"""The one way an organization's page finds its organization.

Every view under /o/<org_slug>/ is wrapped in :func:`org_view`. It resolves the
organization from the URL and the member's role in it:

* anonymous visitors are sent to the login page;
* a person who is not a member gets 404, exactly as if the organization did not
  exist, so that nothing leaks about other organizations;
* a member whose role is too low gets 403.

The view receives ``request.org`` and ``request.membership`` and must start every
queryset from ``request.org``; objects of another organization then answer 404. What it
writes is noted as written for this organization (``oeplanner.freshness``).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import freshness
from .models import Membership, Role, User


def get_membership(user, org_slug):
    """The user's membership of the organization named in the URL, or 404."""
    membership = (
        Membership.objects.select_related("organization").filter(user=user, organization__slug=org_slug).first()
    )
    if membership is None:
        raise Http404("No such organization.")
    return membership


def org_view(role=Role.VOLUNTEER):
    """Decorate a view of an organization page; ``role`` is the least role it needs."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, org_slug, *args, **kwargs):
            membership = get_membership(request.user, org_slug)
            if not membership.has_role(role):
                raise PermissionDenied
            request.org = membership.organization
            request.membership = membership
            if request.user.last_organization_id != membership.organization_id:
                # The next login lands here (see views.home): one write when the member changes organization.
                User.objects.filter(pk=request.user.pk).update(last_organization=membership.organization)
                request.user.last_organization = membership.organization
            written_for = freshness.writing_for.set(membership.organization_id)
            try:
                return view(request, *args, **kwargs)
            finally:
                freshness.writing_for.reset(written_for)

        wrapper.org_role = Role(role)
        return wrapper

    return decorator
