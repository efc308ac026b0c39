from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from oeplanner.signals import demo_requested, organization_created

        organization_created.connect(give_default_stages, dispatch_uid="partners_default_stages")
        demo_requested.connect(seed_demo, dispatch_uid="partners_demo")


def give_default_stages(sender, organization, **kwargs):
    from .services import create_default_stages

    create_default_stages(organization)


def seed_demo(sender, demo, other, **kwargs):
    from . import demo as partners_demo

    partners_demo.seed_demo(demo)
    partners_demo.seed_demo(other, hand_picked=False, invented=4)
