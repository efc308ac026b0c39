from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnaireConfig(AppConfig):
    name = "questionnaire"
    verbose_name = _("Questionnaire")

    def ready(self):
        from oeplanner.signals import demo_requested, organization_created

        organization_created.connect(give_default_statements, dispatch_uid="questionnaire_default_statements")
        demo_requested.connect(seed_demo, dispatch_uid="questionnaire_demo")


def give_default_statements(sender, organization, language, **kwargs):
    from .services import create_default_statements

    create_default_statements(organization, language)


def seed_demo(sender, demo, **kwargs):
    from . import demo as questionnaire_demo

    questionnaire_demo.seed_demo(demo)
