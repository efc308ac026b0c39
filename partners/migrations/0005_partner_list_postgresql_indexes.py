"""PostgreSQL-only indexes of the partner list: trigram indexes for the search, and the priority sort.

The search is ``name/city/website icontains``, which PostgreSQL runs as
``UPPER(col::text) LIKE UPPER('%q%')``: a trigram GIN index on that expression
serves it. Sorting by priority puts unscored partners last on every database
(``NULLS LAST``), which PostgreSQL serves from the last index below; SQLite cannot
declare ``NULLS LAST`` in an index and sorts the filtered rows instead.
"""

from django.db import migrations

COLUMNS = ["name", "city", "website"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS partner_{column}_trgm "
            f"ON partners_partner USING gin (UPPER(({column})::text) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS partner_org_priority ON partners_partner "
        "(organization_id, priority DESC NULLS LAST, name, id) WHERE archived_at IS NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS partner_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS partner_org_priority")


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_partner_count_index")]

    operations = [migrations.RunPython(create, drop)]
