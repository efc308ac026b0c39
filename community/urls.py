from django.urls import path

from . import views


def _space(space, plural):
    """The pages every space has: list, new, detail, edit, history, moderation."""
    entry = f"<int:{space}_pk>/"
    return [
        path(f"{plural}/new/", views.entry_create, {"space": space}, name=f"community_{space}_new"),
        path(f"{plural}/{entry}edit/", views.entry_edit, {"space": space}, name=f"community_{space}_edit"),
        path(f"{plural}/{entry}history/", views.entry_history, {"space": space}, name=f"community_{space}_history"),
        path(f"{plural}/{entry}moderate/", views.entry_moderate, {"space": space}, name=f"community_{space}_moderate"),
    ]


urlpatterns = [
    path("", views.home, name="community_home"),
    path("moderation/", views.moderation, name="community_moderation"),
    path("expertise/", views.expertise_list, name="community_expertise_list"),
    path("expertise/<int:expertise_pk>/", views.expertise_detail, name="community_expertise_detail"),
    *_space("expertise", "expertise"),
    path("challenges/", views.challenge_list, name="community_challenge_list"),
    path("challenges/<int:challenge_pk>/", views.challenge_detail, name="community_challenge_detail"),
    path("challenges/<int:challenge_pk>/offer/", views.challenge_offer, name="community_challenge_offer"),
    *_space("challenge", "challenges"),
    path("resources/", views.resource_list, name="community_resource_list"),
    path("resources/<int:resource_pk>/", views.resource_detail, name="community_resource_detail"),
    path("resources/<int:resource_pk>/document/", views.resource_document, name="community_resource_document"),
    path("resources/<int:resource_pk>/flag/", views.resource_flag, name="community_resource_flag"),
    *_space("resource", "resources"),
    path("patterns/", views.pattern_list, name="community_pattern_list"),
    path("patterns/<int:pattern_pk>/", views.pattern_detail, name="community_pattern_detail"),
    path("patterns/<int:pattern_pk>/endorse/", views.pattern_endorse, name="community_pattern_endorse"),
    path("patterns/<int:pattern_pk>/wikitext/", views.pattern_wikitext, name="community_pattern_wikitext"),
    *_space("pattern", "patterns"),
]
