"""Organizations created before the questionnaire existed get the built-in statements and recommendations."""

from django.db import migrations

from questionnaire.defaults import DEFAULT_RECOMMENDATIONS, DEFAULT_STATEMENTS


def add_defaults(apps, schema_editor):
    Organization = apps.get_model("oeplanner", "Organization")
    Item = apps.get_model("questionnaire", "Item")
    Recommendation = apps.get_model("questionnaire", "Recommendation")
    for organization in Organization.objects.all():
        if not Item.objects.filter(organization=organization).exists():
            Item.objects.bulk_create(
                Item(organization=organization, area=area, text=text, position=position)
                for position, (area, text) in enumerate(DEFAULT_STATEMENTS["en"], start=1)
            )
        if not Recommendation.objects.filter(organization=organization).exists():
            Recommendation.objects.bulk_create(
                Recommendation(organization=organization, key=key, area=area, text=text, position=position)
                for position, (key, area, text) in enumerate(DEFAULT_RECOMMENDATIONS["en"], start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("questionnaire", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
