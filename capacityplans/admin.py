from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    raw_id_fields = ["responsible", "source_statement", "source_recommendation"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "strategy", "status", "owner"]
    list_filter = ["organization", "status"]
    list_select_related = ["organization", "owner"]
    raw_id_fields = ["owner", "round"]
    inlines = [StepInline]
