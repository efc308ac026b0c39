from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityplansConfig(AppConfig):
    name = "capacityplans"
    verbose_name = _("Capacity-building plans")

    def ready(self):
        from oeplanner import panels

        from .panels import report_panel

        panels.register("questionnaire_report", report_panel)
