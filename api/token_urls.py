"""The organization's settings page for its API tokens, under /o/<org_slug>/settings/api-tokens/."""

from django.urls import path

from .views import pages

urlpatterns = [
    path("", pages.token_list, name="api_token_list"),
    path("<int:token_pk>/revoke/", pages.token_revoke, name="api_token_revoke"),
]
