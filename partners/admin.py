from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .importing.admin import FollowUpExportAdmin, InteractionExportAdmin, PartnerImportExportAdmin
from .models import Contact, FollowUp, Interaction, Network, Partner, ProtocolStep, Stage, Tag


class ProtocolStepInline(admin.TabularInline):
    model = ProtocolStep
    extra = 0


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "position", "cadence_days"]
    list_filter = ["organization"]
    inlines = [ProtocolStepInline]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(PartnerImportExportAdmin, SimpleHistoryAdmin):
    list_display = ["name", "organization", "sector", "city", "country", "stage", "owner", "archived_at"]
    list_filter = ["organization", "sector", "archived_at"]
    list_select_related = ["organization", "stage", "owner"]
    search_fields = ["name", "city", "website", "wikidata_qid"]
    raw_id_fields = ["owner", "stage"]
    filter_horizontal = ["tags", "networks"]
    inlines = [ContactInline]


@admin.register(Interaction)
class InteractionAdmin(InteractionExportAdmin, SimpleHistoryAdmin):
    list_display = ["partner", "occurred_on", "kind", "author"]
    list_select_related = ["partner", "author"]
    raw_id_fields = ["partner", "author", "our_participants", "their_participants"]
    date_hierarchy = "occurred_on"


@admin.register(FollowUp)
class FollowUpAdmin(FollowUpExportAdmin, admin.ModelAdmin):
    list_display = ["title", "partner", "due_on", "assignee", "done_at"]
    list_select_related = ["partner", "assignee"]
    raw_id_fields = ["partner", "interaction", "assignee", "done_by", "created_by"]


admin.site.register([Tag, Network])
