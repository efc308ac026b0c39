"""The organization's settings page for its API tokens, under /o/<org_slug>/settings/api-tokens/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.token_list, name="api_token_list"),
    path("<int:token_pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
