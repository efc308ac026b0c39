"""The project's URLs plus two deliberately broken views, for the test of the isolation test."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from oeplanner.models import Membership, Organization
from oeplanner.tenancy import org_view
from oeplanner.urls import urlpatterns as project_urlpatterns


@login_required
def leak_without_helper(request, org_slug):
    return HttpResponse(Organization.objects.get(slug=org_slug).name)


@org_view()
def leak_other_objects(request, membership_pk):
    # Wrong on purpose: starts from Membership.objects instead of request.org.
    return HttpResponse(str(Membership.objects.get(pk=membership_pk).user))


urlpatterns = project_urlpatterns + [
    path("o/<slug:org_slug>/leak/", leak_without_helper, name="leak_without_helper"),
    path("o/<slug:org_slug>/leak/<int:membership_pk>/", leak_other_objects, name="leak_other_objects"),
]
