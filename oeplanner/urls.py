from django.contrib import admin
from django.urls import include, path
from social_django import views as social_views

from . import views

org_patterns = [
    path("settings/", views.org_settings, name="org_settings"),
    path("settings/api-tokens/", include("api.token_urls")),
    path("members/", views.member_list, name="member_list"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("members/<int:membership_pk>/role/", views.member_role, name="member_role"),
    path("members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("", include("partners.urls")),
    path("", include("partnerships.urls")),
    path("overview/", include("overview.urls")),
    path("questionnaire/", include("questionnaire.urls")),
    path("plans/", include("capacityplans.urls")),
]

# Sign in with Wikimedia, link and unlink (social-auth's views, under the name space it reverses).
wikimedia_patterns = [
    path("login/<str:backend>/", social_views.auth, name="begin"),
    path("complete/<str:backend>/", social_views.complete, name="complete"),
    path("disconnect/<str:backend>/", social_views.disconnect, name="disconnect"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("invitations/waiting/<int:invitation_pk>/", views.invitation_waiting, name="invitation_waiting"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("accounts/wikimedia/unlink/", views.wikimedia_unlink, name="wikimedia_unlink"),
    path("accounts/wikimedia/", include((wikimedia_patterns, "social"))),
    path("accounts/", include("django.contrib.auth.urls")),
    path("o/<slug:org_slug>/", include(org_patterns)),
    path("", include("reminders.urls")),
    path("community/", include("community.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
