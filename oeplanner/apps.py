from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OeplannerConfig(AppConfig):
    name = "oeplanner"
    verbose_name = _("Organizations and accounts")

    def ready(self):
        from django.conf import settings

        from . import freshness  # noqa: F401  (watches every connection from now on)

        settings.CELERY_BROKER_FOLDER.mkdir(parents=True, exist_ok=True)
