from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Recommendation, Reflection, Response, Round, RoundStatement, Statement


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["text", "organization", "area", "position", "retired_at"]
    list_filter = ["area", "organization"]
    search_fields = ["text"]


class RoundStatementInline(admin.TabularInline):
    model = RoundStatement
    extra = 0
    fields = ["number", "area", "text"]
    readonly_fields = fields
    can_delete = False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "opens_on", "closes_on", "closed_at", "anonymous"]
    list_filter = ["organization"]
    search_fields = ["name"]
    filter_horizontal = ["invited"]
    inlines = [RoundStatementInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    # Answers stay out of the admin: anonymous rounds are anonymous there too.
    list_display = ["round", "submitted_at", "updated_at"]
    list_filter = ["round__organization"]
    fields = ["round", "submitted_at"]
    readonly_fields = fields


@admin.register(Reflection)
class ReflectionAdmin(SimpleHistoryAdmin):
    list_display = ["round", "verdict", "importance", "priority", "updated_at"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["text", "organization", "area", "status"]
    list_filter = ["area", "status", "organization"]
    search_fields = ["text", "note"]
