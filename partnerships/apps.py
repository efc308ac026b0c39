from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from oeplanner.signals import demo_requested

        from . import extensions, services

        extensions.register()
        services.connect_signals()
        demo_requested.connect(seed_demo, dispatch_uid="partnerships_demo")


def seed_demo(sender, demo, **kwargs):
    from . import demo as partnerships_demo

    partnerships_demo.seed_demo(demo)
