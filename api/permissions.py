from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from oeplanner.models import Membership
from oeplanner.tenancy import get_membership

from .models import ApiToken


class OrganizationAccess(permissions.BasePermission):
    """The API's side of the tenancy helper: resolves ``request.org`` and ``request.membership`` from the URL.

    A token reaches only its own organization, a signed-in member only the organizations they belong to: anything
    else answers 404, as if it did not exist. Reading needs any role; writing a read-write token or a staff member.
    """

    message = _("This token or role may only read.")

    def has_permission(self, request, view):
        if "org_slug" not in view.kwargs:
            return True  # the schema and its viewer
        if isinstance(request.auth, ApiToken):
            token = request.auth
            if token.organization.slug != view.kwargs["org_slug"]:
                raise exceptions.NotFound(_("No such organization."))
            membership = Membership(organization=token.organization, user=token.created_by, role=token.role)
        elif request.user and request.user.is_authenticated:
            try:
                membership = get_membership(request.user, view.kwargs["org_slug"])
            except Http404 as error:
                raise exceptions.NotFound(_("No such organization.")) from error
        else:
            raise exceptions.NotAuthenticated()
        request.org = request._request.org = membership.organization
        request.membership = request._request.membership = membership
        if request.method in permissions.SAFE_METHODS:
            return True
        return membership.is_staff_or_admin


def acting_as(request):
    """How history records name who changed a row through the API."""
    if isinstance(request.auth, ApiToken):
        return _("API token “%(name)s”") % {"name": request.auth.name}
    return _("API")
