from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "access", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["access", "organization"]
    readonly_fields = ["token_hash", "created_by", "created_at", "last_used_at"]
