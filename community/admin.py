from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Challenge, Endorsement, Expertise, HelpOffer, LearningPattern, Resource, ResourceFlag


class EntryAdmin(SimpleHistoryAdmin):
    list_filter = ["hidden_at"]
    readonly_fields = ["hidden_at", "hidden_reason", "created_at"]
    list_select_related = ["organization"]


@admin.register(Expertise)
class ExpertiseAdmin(EntryAdmin):
    list_display = ["organization", "areas", "region", "hidden_at"]


@admin.register(Challenge)
class ChallengeAdmin(EntryAdmin):
    list_display = ["title", "organization", "status", "offer_count", "hidden_at"]


@admin.register(Resource)
class ResourceAdmin(EntryAdmin):
    list_display = ["title", "organization", "area", "language", "hidden_at"]


@admin.register(LearningPattern)
class LearningPatternAdmin(EntryAdmin):
    list_display = ["title", "organization", "area", "endorsement_count", "hidden_at"]


admin.site.register([HelpOffer, Endorsement, ResourceFlag])
