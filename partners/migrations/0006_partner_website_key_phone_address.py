"""Partners are matched by website host *and* path (``website_key``), no longer by host alone; the institution's
own phone and postal address join the partner."""

from django.db import migrations, models

from partners.models import website_key


def fill_website_keys(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    batch = []
    for partner in Partner.objects.exclude(website="").only("pk", "website").iterator(chunk_size=2000):
        partner.website_key = website_key(partner.website)
        batch.append(partner)
        if len(batch) == 2000:
            Partner.objects.bulk_update(batch, ["website_key"])
            batch = []
    Partner.objects.bulk_update(batch, ["website_key"])


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_partner_list_postgresql_indexes")]

    operations = [
        migrations.RenameField("partner", "website_domain", "website_key"),
        migrations.AlterField(
            "partner", "website_key", models.CharField(blank=True, db_index=True, editable=False, max_length=500)
        ),
        migrations.RunPython(fill_website_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddField(
            "partner",
            "phone",
            models.CharField(blank=True, help_text="The institution's main number.", max_length=50, verbose_name="phone"),
        ),
        migrations.AddField(
            "historicalpartner",
            "phone",
            models.CharField(blank=True, help_text="The institution's main number.", max_length=50, verbose_name="phone"),
        ),
        migrations.AddField(
            "partner", "street", models.CharField(blank=True, max_length=255, verbose_name="street address")
        ),
        migrations.AddField(
            "historicalpartner", "street", models.CharField(blank=True, max_length=255, verbose_name="street address")
        ),
        migrations.AddField(
            "partner", "postal_code", models.CharField(blank=True, max_length=20, verbose_name="postal code")
        ),
        migrations.AddField(
            "historicalpartner", "postal_code", models.CharField(blank=True, max_length=20, verbose_name="postal code")
        ),
    ]
