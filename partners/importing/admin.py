"""Import and export in Django's admin: exports through the resources (formulas neutralized), a link to each
organization's import wizard, and the record of past imports."""

from django.contrib import admin
from import_export.admin import ExportMixin

from oeplanner.models import Organization, Role

from ..resources import FollowUpResource, InteractionResource, PartnerResource
from .models import ImportJob, ImportSettings, SavedMapping


class PartnerImportExportAdmin(ExportMixin):
    """Export partners with PartnerResource; import through the wizard of an organization the user administers."""

    resource_classes = [PartnerResource]
    change_list_template = "admin/partners/partner/change_list.html"

    def changelist_view(self, request, extra_context=None):
        organizations = Organization.objects.filter(
            memberships__user=request.user, memberships__role=Role.ADMIN
        ).order_by("name")
        return super().changelist_view(request, {**(extra_context or {}), "import_organizations": organizations})


class InteractionExportAdmin(ExportMixin):
    resource_classes = [InteractionResource]


class FollowUpExportAdmin(ExportMixin):
    resource_classes = [FollowUpResource]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "organization",
        "created_by",
        "created_at",
        "status",
        "created_count",
        "updated_count",
        "skipped_count",
        "rejected_count",
    ]
    list_filter = ["status", "organization"]
    list_select_related = ["organization", "created_by"]
    fields = [
        "organization",
        "file_name",
        "created_by",
        "created_at",
        "status",
        "mode",
        "created_count",
        "updated_count",
        "skipped_count",
        "rejected_count",
        "error",
        "finished_at",
        "undone_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("first_rows", "rejections", "created_partner_ids", "created_contact_ids")
        )

    def has_add_permission(self, request):
        return False


@admin.register(SavedMapping)
class SavedMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "has_header", "updated_at"]
    list_filter = ["organization"]


@admin.register(ImportSettings)
class ImportSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "staff_may_import"]
