from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from oeplanner import panels

        from .panels import practice_area_panel

        panels.register("practice_areas", practice_area_panel)
