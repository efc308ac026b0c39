from django.contrib import admin

from .models import Notification, Reminder, ReminderPreference, ReminderSettings, Sweep


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "organization", "occasion", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "delivery_uncertain"]
    search_fields = ["recipient__username", "recipient__email", "follow_up__title", "partner__name", "step__goal"]
    raw_id_fields = ["organization", "follow_up", "partner", "step", "recipient", "digest"]
    date_hierarchy = "due_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "organization", "created_at", "read_at"]
    raw_id_fields = ["recipient", "organization", "reminder", "follow_up", "partner", "step"]


admin.site.register(ReminderSettings)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "send_hour"]
    raw_id_fields = ["user"]


@admin.register(Sweep)
class SweepAdmin(admin.ModelAdmin):
    """The record of the scheduler's runs: read only."""

    list_display = ["started_at", "finished_at", "planned", "sent", "failed", "skipped", "retrying"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
