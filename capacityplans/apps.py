from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityplansConfig(AppConfig):
    name = "capacityplans"
    verbose_name = _("Capacity-building plans")

    def ready(self):
        from oeplanner import panels
        from oeplanner.signals import demo_requested

        from .panels import report_panel

        panels.register("questionnaire_report", report_panel)
        demo_requested.connect(seed_demo, dispatch_uid="capacityplans_demo")


def seed_demo(sender, demo, **kwargs):
    from . import demo as capacityplans_demo

    capacityplans_demo.seed_demo(demo)
