"""The bulk writer reads back exactly what it was given, on PostgreSQL (COPY) and SQLite (INSERTs)."""

from datetime import UTC, date, datetime

from django.db import transaction

from oeplanner import bulk
from partners.models import Partner, Tag
from tests.factories import PartnerFactory, TagFactory

FIELDS = [f.attname for f in Partner._meta.concrete_fields]


def partner_row(org, pk, **values):
    """A row of every column: the fields' defaults, then ``values``."""
    now = datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)
    row = {f.attname: f.get_default() for f in Partner._meta.concrete_fields}
    row.update(id=pk, organization_id=org.pk, stage_id=org.stages.first().pk, created_at=now, updated_at=now)
    row.update(values)
    return [row[attname] for attname in FIELDS]


def test_rows_are_read_back_as_written(org):
    pks = bulk.reserve_ids(Partner, 2)
    rows = [
        partner_row(
            org,
            pks[0],
            name="Tab\there",
            city="Back\\slash \\N",
            description="Line one\nline two\r\n",
            short_term_value=4,
            is_similar_organization=True,
            last_interaction_on=date(2026, 2, 27),
            archived_at=datetime(2026, 2, 28, 23, 59, tzinfo=UTC),
        ),
        partner_row(org, pks[1], name="\\N", region="N"),
    ]
    assert bulk.write_rows(Partner, FIELDS, rows) == 2
    read = list(Partner.objects.filter(pk__in=pks).order_by("pk").values_list(*FIELDS))
    assert read == [tuple(row) for row in rows]
    assert read[1][FIELDS.index("short_term_value")] is None and read[1][FIELDS.index("city")] == ""


def test_reserved_ids_are_never_given_twice(org):
    last = PartnerFactory(organization=org)
    last_pk = last.pk
    last.delete()  # its history records still carry its id
    pks = bulk.reserve_ids(Partner, 3)
    assert pks == sorted(pks) and len(set(pks)) == 3 and pks[0] > last_pk
    bulk.write_rows(Partner, FIELDS, [partner_row(org, pk, name="A") for pk in pks])
    assert bulk.reserve_ids(Partner, 1)[0] > pks[-1]


def test_rows_that_break_a_unique_constraint_are_left_out(org, other_org):
    TagFactory(organization=org, name="open access")
    rows = [(org.pk, "open access"), (org.pk, "digitization"), (other_org.pk, "open access"), (org.pk, "digitization")]
    assert bulk.insert_ignoring_conflicts(Tag, ["organization", "name"], rows) == 2
    assert sorted(Tag.objects.values_list("organization_id", "name")) == sorted(
        [(org.pk, "open access"), (org.pk, "digitization"), (other_org.pk, "open access")]
    )


def test_rows_left_out_or_inserted_twice_in_one_transaction(org):
    # PostgreSQL goes through a temporary table: a second call in the same transaction must find none left.
    with transaction.atomic():
        assert bulk.insert_ignoring_conflicts(Tag, ["organization", "name"], [(org.pk, "maps"), (org.pk, "maps")]) == 1
        assert (
            bulk.insert_ignoring_conflicts(Tag, ["organization", "name"], [(org.pk, "maps"), (org.pk, "atlases")]) == 1
        )
    assert sorted(Tag.objects.filter(organization=org).values_list("name", flat=True)) == ["atlases", "maps"]


def test_changed_fields_of_many_rows_are_written_and_nothing_else(org):
    lyon, paris, other = (PartnerFactory(organization=org, name=city, city=city, short_term_value=3) for city in "ABC")
    lyon.city, lyon.short_term_value, lyon.archived_at = "Lyon", None, datetime(2026, 3, 1, 12, tzinfo=UTC)
    paris.city, paris.name = "Paris", "Not written"
    bulk.update_rows(Partner, [lyon, paris], ["city", "short_term_value", "archived_at"])
    assert list(Partner.objects.order_by("pk").values_list("name", "city", "short_term_value", "archived_at")) == [
        ("A", "Lyon", None, lyon.archived_at),
        ("B", "Paris", 3, None),
        ("C", "C", 3, None),
    ]


def test_copy_text_escapes_what_needs_it_and_nothing_else():
    rows = [
        (1, "plain", None, True, date(2026, 1, 1)),
        (2, "tab\there", "back\\slash", False, "line\nbreak\r"),
        (3, "\\N", "", None, "a NUL \x00 is refused by PostgreSQL, not read as NULL"),
    ]
    assert bulk.copy_data(rows).split("\n") == [
        "1\tplain\t\\N\tt\t2026-01-01",
        "2\ttab\\there\tback\\\\slash\tf\tline\\nbreak\\r",
        "3\t\\\\N\t\t\\N\ta NUL \x00 is refused by PostgreSQL, not read as NULL",
        "",
    ]
