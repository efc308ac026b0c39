"""Writing many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere. Used by the partner import, the
reminder planner and the benchmark data generator."""

import csv
import io
from itertools import islice

from django.db import connection

BATCH_SIZE = 1000


def chunks(items, size=BATCH_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Fields whose Python value, as text, is what PostgreSQL reads: no conversion per cell.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def reserve_ids(model, count):
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(table, columns, rows, nullable):
    """COPY rows into a table. Python's CSV writer quotes every string and None alike, so the nullable columns
    read an empty value as NULL: none of them is a text column that could hold an empty string."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    options = "FORMAT csv"
    if nullable:
        options += f", FORCE_NULL ({', '.join(map(quote, nullable))})"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN WITH ({options})", buffer
        )


def insert(model, objects, *, with_ids=True):
    """Insert new rows: COPY on PostgreSQL, batched INSERTs elsewhere. With ``with_ids`` the objects get their
    primary keys (reserved from the sequence first on PostgreSQL); rows nothing points to can do without."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return
    fields = model._meta.concrete_fields
    if with_ids:
        for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
            obj.pk = pk
    else:
        fields = [f for f in fields if not f.primary_key]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converted = [f for f in fields if f.get_internal_type() not in PLAIN_TYPES]
    for obj in objects:
        for f in stamped:
            f.pre_save(obj, True)
        obj._state.adding, obj._state.db = False, connection.alias
    getters = [
        (lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection))
        if f in converted
        else (lambda obj, attname=f.attname: getattr(obj, attname))
        for f in fields
    ]
    _copy(
        model._meta.db_table,
        [f.column for f in fields],
        ([get(obj) for get in getters] for obj in objects),
        [f.column for f in fields if f.null],
    )


def insert_history(model, objects, *, history_type, user_id, reason, when):
    """Historical records as django-simple-history would write them one by one."""
    if not objects:
        return
    history_model = model.history.model
    tracked = history_model.tracked_fields
    if connection.vendor != "postgresql":
        history_model.objects.bulk_create(
            [
                history_model(
                    history_date=when,
                    history_user_id=user_id,
                    history_change_reason=reason,
                    history_type=history_type,
                    **{f.attname: getattr(obj, f.attname) for f in tracked},
                )
                for obj in objects
            ],
            batch_size=BATCH_SIZE,
        )
        return
    opts = history_model._meta
    columns = [opts.get_field(f.name).column for f in tracked] + [
        "history_date",
        "history_user_id",
        "history_change_reason",
        "history_type",
    ]
    attnames = [f.attname for f in tracked]
    nullable = [opts.get_field(f.name).column for f in tracked if f.null] + ["history_user_id"]
    _copy(
        opts.db_table,
        columns,
        ([getattr(obj, attname) for attname in attnames] + [when, user_id, reason, history_type] for obj in objects),
        nullable,
    )


def update_rows(model, objects, attnames):
    """Write the given fields of changed rows: one statement executed for each row, without Django's CASE."""
    if not objects:
        return
    opts = model._meta
    fields = [
        opts.get_field(attname)
        if attname in {f.name for f in opts.fields}
        else next(f for f in opts.concrete_fields if f.attname == attname)
        for attname in attnames
    ]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(opts.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields), quote(opts.pk.column)
    )
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
