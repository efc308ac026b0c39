"""The project's URLs plus two deliberately broken views, for the test of the isolation test."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from community.models import Challenge
from community.views import community_view
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


@community_view("edit")
def leak_community_edit(request, challenge_pk):
    # Wrong on purpose: never checks that the challenge belongs to one of the user's organizations.
    return HttpResponse(Challenge.objects.get(pk=challenge_pk).title)


@community_view("read")
def leak_community_hidden(request, challenge_pk):
    # Wrong on purpose: shows hidden challenges to everyone.
    return HttpResponse(Challenge.objects.get(pk=challenge_pk).title)


urlpatterns = project_urlpatterns + [
    path("community/leak/<int:challenge_pk>/edit/", leak_community_edit, name="leak_community_edit"),
    path("community/leak/<int:challenge_pk>/", leak_community_hidden, name="leak_community_hidden"),
    path("o/<slug:org_slug>/leak/", leak_without_helper, name="leak_without_helper"),
    path("o/<slug:org_slug>/leak/<int:membership_pk>/", leak_other_objects, name="leak_other_objects"),
]
