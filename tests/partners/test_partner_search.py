"""The list's search finds a word in the name, the city or the website, never across two of them, and on
PostgreSQL a single trigram index serves it."""

import pytest
from django.db import connection

from partners.filters import PartnerFilter
from partners.models import Partner
from tests.factories import PartnerFactory


def found(org, q):
    queryset = PartnerFilter({"q": q}, queryset=Partner.objects.for_org(org), organization=org).qs
    return sorted(queryset.values_list("name", flat=True))


@pytest.fixture
def partners(org):
    PartnerFactory(organization=org, name="Musée Gadagne", city="Lyon", website="https://www.gadagne-lyon.fr/")
    PartnerFactory(organization=org, name="Lyon Museum", city="Paris", website="")
    PartnerFactory(organization=org, name="Archives", city="Villeurbanne", website="https://archives.example.org/")
    PartnerFactory(organization=org, name="School\nof Lyon", city="", website="")


@pytest.mark.parametrize(
    "q, names",
    [
        ("lyon", ["Lyon Museum", "Musée Gadagne", "School\nof Lyon"]),
        ("GADAGNE-LYON", ["Musée Gadagne"]),
        ("villeur", ["Archives"]),
        ("example.org", ["Archives"]),
        # Never across the end of one field and the start of the next:
        ("gadagnelyon", []),
        ("gadagne lyon", []),
        ("museumparis", []),
        ("archivesvilleurbanne", []),
        ("villeurbannehttps", []),
        ("school\nof", ["School\nof Lyon"]),
        ("100%", []),
        ("_", []),
    ],
)
def test_the_search_looks_into_each_field_on_its_own(org, partners, q, names):
    assert found(org, q) == names


def test_the_search_reads_the_expression_of_the_one_trigram_index_on_postgresql(org, partners):
    queryset = PartnerFilter({"q": "gadagne"}, queryset=Partner.objects.for_org(org), organization=org).qs
    if connection.vendor != "postgresql":
        assert queryset.count() == 1  # SQLite has no trigram index: the same results, from a scan
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, pg_get_indexdef(indexrelid, 1, false) FROM pg_indexes "
            "JOIN pg_class ON pg_class.relname = indexname JOIN pg_index ON pg_index.indexrelid = pg_class.oid "
            "WHERE tablename = 'partners_partner' AND indexdef LIKE '%gin_trgm_ops%'"
        )
        [(name, expression)] = cursor.fetchall()
        assert name == "partner_search_trgm"
        # The planner can use an expression index only for the very same expression: both are printed from
        # their parse trees, so the same text means the same expression.
        for sql, params in (queryset.query.sql_with_params(), queryset.order_by().values("pk").query.sql_with_params()):
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"{expression} ~~ '%GADAGNE%'::text" in plan, (expression, plan)
