"""Mounted at the root by one line in oeplanner/urls.py: the organization pages live under
/o/<org_slug>/reminders/, the member's own pages under /notifications/ and /accounts/."""

from django.urls import include, path

from . import views

org_patterns = [
    path("", views.reminder_list, name="reminder_list"),
    path("settings/", views.reminder_settings, name="reminder_settings"),
    path("<int:reminder_pk>/retry/", views.reminder_retry, name="reminder_retry"),
]

urlpatterns = [
    path("o/<slug:org_slug>/reminders/", include(org_patterns)),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("accounts/reminders/", views.preferences, name="reminder_preferences"),
    path("accounts/reminders/calendar/new-address/", views.calendar_regenerate, name="calendar_regenerate"),
    # Token-authenticated, no login: calendar applications and one click from an e-mail.
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("reminders/done/<str:token>/", views.reminder_done, name="reminder_done"),
    # For a monitor: no login, and nothing about any organization in it.
    path("healthz/", views.healthz, name="healthz"),
]
