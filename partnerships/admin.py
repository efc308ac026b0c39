from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Benefit, EffortEntry, Milestone, Outcome, Partnership, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    exclude = ["organization"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partner", "organization", "kind", "status", "starts_on", "ends_on", "owner"]
    list_filter = ["organization", "status", "kind"]
    list_select_related = ["partner", "organization", "owner"]
    search_fields = ["name", "partner__name"]
    raw_id_fields = ["partner", "owner"]
    inlines = [TargetInline, MilestoneInline]

    def save_formset(self, request, form, formset, change):
        # Milestones carry their partnership's organization.
        for milestone in formset.save(commit=False):
            if isinstance(milestone, Milestone):
                milestone.organization_id = form.instance.organization_id
            milestone.save()
        for deleted in formset.deleted_objects:
            deleted.delete()


class OfPartnershipAdmin(admin.ModelAdmin):
    """Rows that carry their partnership's organization."""

    exclude = ["organization"]

    def save_model(self, request, obj, form, change):
        obj.organization_id = obj.partnership.organization_id
        super().save_model(request, obj, form, change)


@admin.register(Outcome)
class OutcomeAdmin(OfPartnershipAdmin):
    list_display = ["partnership", "metric", "value", "occurred_on", "source", "program_slug"]
    list_filter = ["source", "metric"]
    list_select_related = ["partnership"]
    raw_id_fields = ["partnership", "recorded_by"]


@admin.register(EffortEntry)
class EffortEntryAdmin(OfPartnershipAdmin):
    list_display = ["partnership", "occurred_on", "member", "hours", "money", "kind"]
    list_select_related = ["partnership", "member"]
    raw_id_fields = ["partnership", "member"]


admin.site.register(Benefit)
