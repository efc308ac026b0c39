"""Benchmarks that print figures: ``python -m bench.generate`` and ``python -m bench.pages``.

They run against whatever database the settings name (DATABASE_URL, else SQLite in
OEPLANNER_VAR_DIR), with DEBUG off unless the environment says otherwise.
"""

import os


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oeplanner.settings.local")
    # DEBUG keeps every query in memory and renders slower: not what a server does.
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def describe_database(connection):
    """One line naming the engine, its version and the database, for every printed figure."""
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        version = f"PostgreSQL {major}.{minor}"
    elif connection.vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    else:
        version = connection.vendor
    return f"{version} · {connection.settings_dict['NAME']}"


def vacuum_analyze(tables):
    """VACUUM (ANALYZE) the tables on PostgreSQL, ANALYZE on SQLite: no dead rows left by an earlier run, and
    fresh planner statistics, as autovacuum would leave them."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        else:
            cursor.execute("ANALYZE")
