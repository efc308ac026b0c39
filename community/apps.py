from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from oeplanner import panels
        from oeplanner.signals import demo_requested

        from .panels import practice_area_panel

        panels.register("practice_areas", practice_area_panel)
        demo_requested.connect(seed_demo, dispatch_uid="community_demo")


def seed_demo(sender, demo, other, **kwargs):
    from . import demo as community_demo

    community_demo.seed_demo(demo, other)
