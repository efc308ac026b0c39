"""Fewer indexes for the import to maintain, none that a page needs (checked with pg_stat_user_indexes
after ``python -m bench.pages``; see bench/README.md).

- On PostgreSQL the list's search (``partners.filters.SearchText``) reads one trigram index over name,
  city and website, one a line, instead of one index per field (migration 0005).
- No B-tree on the organization alone (every other index starts with it), on the owner alone
  (``partner_org_owner`` serves the queries by owner) or on the priority alone (``partner_org_priority``
  serves the sort).
- The normalized name and website key, queried only within an organization by duplicate detection, get one
  index each that starts with the organization, instead of two (plain and ``_like``) each.
- Historical records are read by id only: no index on their organization, owner, stage or partner.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FIELDS = ["name", "city", "website"]
SEARCH = r"UPPER((name || E'\n' || city || E'\n' || website)::text)"  # what SearchText's icontains reads


def one_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS partner_{field}_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS partner_search_trgm ON partners_partner USING gin ({SEARCH} gin_trgm_ops)"
    )


def one_index_per_field(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS partner_search_trgm")
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS partner_{field}_trgm "
            f"ON partners_partner USING gin (UPPER(({field})::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("oeplanner", "0001_initial"),
        ("partners", "0010_import_upload_as_file"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalcontact",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.partner",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpartner",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="oeplanner.organization",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpartner",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="The member who keeps contact regular.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AlterField(
            model_name="historicalpartner",
            name="priority",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name="priority"),
        ),
        migrations.AlterField(
            model_name="historicalpartner",
            name="stage",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.stage",
                verbose_name="stage",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="normalized_name",
            field=models.CharField(editable=False, max_length=255),
        ),
        migrations.AlterField(
            model_name="partner",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="partners",
                to="oeplanner.organization",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="priority",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name="priority"),
        ),
        migrations.AlterField(
            model_name="partner",
            name="website_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(fields=["organization", "normalized_name"], name="partner_org_name_key"),
        ),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(
                fields=["organization", "website_key"],
                name="partner_org_site",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The member who keeps contact regular.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="owned_partners",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.RunPython(one_search_index, one_index_per_field),
    ]
