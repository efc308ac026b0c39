from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityplansConfig(AppConfig):
    name = "capacityplans"
    verbose_name = _("Capacity-building plans")
