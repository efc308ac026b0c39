from django.contrib import admin
from django.urls import include, path

from . import views

org_patterns = [
    path("settings/", views.org_settings, name="org_settings"),
    path("members/", views.member_list, name="member_list"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:membership_pk>/role/", views.member_role, name="member_role"),
    path("members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("", include("partners.urls")),
    path("", include("partnerships.urls")),
    path("overview/", include("overview.urls")),
    path("questionnaire/", include("questionnaire.urls")),
    path("plans/", include("capacityplans.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("o/<slug:org_slug>/", include(org_patterns)),
    path("", include("reminders.urls")),
    path("admin/", admin.site.urls),
]
