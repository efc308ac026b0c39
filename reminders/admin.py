from django.contrib import admin

from .models import Notification, Reminder, ReminderPreference, ReminderSettings


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "organization", "occasion", "due_at", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
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
    list_display = ["user", "delivery", "send_hour", "language"]
    raw_id_fields = ["user"]
