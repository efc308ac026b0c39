"""Writing many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere. Used by the partner import, the
reminder planner and the benchmark data generator.

Rows are tuples of plain Python values in the order of the field names given: ``str``, ``int``, ``bool``,
``date``, aware ``datetime`` and ``None`` (NULL); foreign keys by their ids (``partner_id``). No model instance
is built: for a hundred thousand rows, building and reading them costs more than the database's own work."""

import io
from itertools import islice

from django.db import connection, transaction

from . import freshness

BATCH_SIZE = 1000
INSERT_BATCH = 500  # rows of one multi-row INSERT: SQLite allows 32,766 parameters a statement


def chunks(items, size=BATCH_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _quote(name):
    return connection.ops.quote_name(name)


def _fields(model, field_names):
    """Fields by name or attname (``partner`` and ``partner_id`` both work)."""
    return [model._meta.get_field(name) for name in field_names]


def reserve_ids(model, count):
    """``count`` primary keys for rows about to be written, in increasing order.

    PostgreSQL takes them from the table's sequence. Elsewhere they follow the largest id ever given (SQLite keeps
    it in ``sqlite_sequence``, so the id of a deleted row, which history records may still carry, is never given
    again); the rows must be written before the next reservation in the same table."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX({_quote(column)}), 0) FROM {_quote(table)}")
        largest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            largest = max(largest, found[0] if found else 0)
    return list(range(largest + 1, largest + 1 + count))


# COPY's text format: tab-separated, \N for NULL, backslash escapes. Unlike CSV, an empty string and NULL stay
# distinct without knowing which columns may be NULL.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """One value as COPY's text format reads it."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


_NULL = "\x00"  # stands for NULL while a line is checked: PostgreSQL's text cannot hold this character


def _cell(value):
    """copy_text() of a value that is not exactly a ``str``, with NULL as ``_NULL``."""
    return _NULL if value is None else copy_text(value)


def copy_data(rows, end="\n"):
    """Rows in COPY's text format, ready for ``copy_rows``; ``end`` closes every line.

    Most text needs no escape: a line is joined as it is, then checked once for a character to escape (a tab
    too many, a backslash, a line break), and only such a line is escaped cell by cell."""
    lines = []
    for row in rows:
        line = "\t".join([value if value.__class__ is str else _cell(value) for value in row])
        if "\\" in line or "\n" in line or "\r" in line or line.count("\t") != len(row) - 1:
            line = "\t".join(map(copy_text, row))
        elif _NULL in line:
            if line.count(_NULL) != row.count(None):  # the character itself, which PostgreSQL refuses
                line = "\t".join(map(copy_text, row))
            else:
                line = line.replace(_NULL, "\\N")
        lines.append(line + end)
    return "".join(lines)


def copy_rows(table, columns, data):
    """COPY text-format ``data`` into a PostgreSQL table."""
    sql = f"COPY {_quote(table)} ({', '.join(map(_quote, columns))}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, io.StringIO(data))
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(data)
    freshness.written(connection, table)


def _adapters(fields):
    """[(index, adapt)] for the values the driver cannot take as they are (SQLite stores dates as text, aware
    datetimes as naive UTC)."""
    ops = connection.ops
    by_type = {
        "DateField": ops.adapt_datefield_value,
        "DateTimeField": ops.adapt_datetimefield_value,
        "TimeField": ops.adapt_timefield_value,
    }
    return [(i, by_type[f.get_internal_type()]) for i, f in enumerate(fields) if f.get_internal_type() in by_type]


def _adapted(rows, adapters):
    if not adapters:
        return rows
    adapted = []
    for row in rows:
        row = list(row)
        for i, adapt in adapters:
            if row[i] is not None:
                row[i] = adapt(row[i])
        adapted.append(row)
    return adapted


def write_rows(model, field_names, rows, *, constants=None, batch_size=BATCH_SIZE):
    """Insert rows of plain values: COPY on PostgreSQL, batched executemany INSERTs elsewhere. ``constants``
    ({field name: value}) are the same in every row: given once, not in each row. Returns how many rows."""
    constants = constants or {}
    fields = _fields(model, [*field_names, *constants])
    columns = [f.column for f in fields]
    table = model._meta.db_table
    written = 0
    if connection.vendor == "postgresql":
        # The constant columns' text is written once and put at the end of every line.
        end = "".join("\t" + copy_text(value) for value in constants.values()) + "\n"
        for chunk in chunks(rows, batch_size):
            copy_rows(table, columns, copy_data(chunk, end))
            written += len(chunk)
        return written
    adapters = _adapters(fields)
    tail = list(constants.values())
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        _quote(table), ", ".join(map(_quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for chunk in chunks(rows, batch_size):
            cursor.executemany(sql, _adapted([[*row, *tail] for row in chunk], adapters))
            written += len(chunk)
    return written


def insert_ignoring_conflicts(model, field_names, rows):
    """INSERT … ON CONFLICT DO NOTHING (PostgreSQL and SQLite), many rows a statement: rows that would break a
    unique constraint are left out. Returns how many rows were inserted.

    ``bulk_create(ignore_conflicts=True)`` does the same but spends seconds building SQL for 10,000 rows. On
    PostgreSQL the rows are COPYed into a temporary table first, then inserted by one ``INSERT … SELECT``: no
    parameter to adapt one by one, no statement of thousands of placeholders to parse."""
    fields = _fields(model, field_names)
    if connection.vendor == "postgresql":
        return _insert_copied_ignoring_conflicts(model._meta.db_table, [f.column for f in fields], rows)
    adapters = _adapters(fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(_quote(f.column) for f in fields)}) VALUES "
    inserted = 0
    with connection.cursor() as cursor:
        for chunk in chunks(rows, INSERT_BATCH):
            cursor.execute(
                head + ", ".join([row_sql] * len(chunk)) + " ON CONFLICT DO NOTHING",
                [value for row in _adapted(chunk, adapters) for value in row],
            )
            inserted += cursor.rowcount
    return inserted


def _insert_copied_ignoring_conflicts(table, columns, rows):
    incoming = f"{table}_incoming"  # freshness: a table no page shows
    column_list = ", ".join(map(_quote, columns))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_quote(incoming)} AS SELECT {column_list} FROM {_quote(table)} WITH NO DATA"
        )
        for chunk in chunks(rows):
            copy_rows(incoming, columns, copy_data(chunk))
        cursor.execute(
            f"INSERT INTO {_quote(table)} ({column_list}) SELECT {column_list} FROM {_quote(incoming)} "
            "ON CONFLICT DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {_quote(incoming)}")
    return inserted


def insert_history(model, field_names, rows, *, constants=None, history_type, user_id, reason, when):
    """The historical records django-simple-history would write one by one, for rows of ``model`` given as
    ``write_rows`` takes them (every tracked field among ``field_names`` and ``constants``; others are ignored)."""
    constants = constants or {}
    history_model = model.history.model
    position = {f.attname: i for i, f in enumerate(_fields(model, field_names))}
    given = {f.attname: value for f, value in zip(_fields(model, constants), constants.values(), strict=True)}
    tracked = [f.attname for f in history_model.tracked_fields]
    varying = [attname for attname in tracked if attname in position]
    picked = [position[attname] for attname in varying]
    return write_rows(
        history_model,
        varying,
        ([row[i] for i in picked] for row in rows),
        constants={attname: given[attname] for attname in tracked if attname not in position}
        | {
            "history_date": when,
            "history_user_id": user_id,
            "history_change_reason": reason,
            "history_type": history_type,
        },
    )


def values_of(model, objects, field_names):
    """Rows of plain values from model instances, for the few rows that are read and changed as objects."""
    fields = _fields(model, field_names)
    return [[f.get_prep_value(getattr(obj, f.attname)) for f in fields] for obj in objects]


def update_rows(model, objects, attnames):
    """Write the given fields of changed rows, without Django's CASE: on PostgreSQL one UPDATE … FROM (VALUES …)
    for many rows, elsewhere one statement executed for each row."""
    if not objects:
        return
    opts = model._meta
    fields = _fields(model, attnames)
    params = [[obj.pk] + [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects]
    table = _quote(opts.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = "UPDATE {} SET {} WHERE {} = %s".format(
                table, ", ".join(f"{_quote(f.column)} = %s" for f in fields), _quote(opts.pk.column)
            )
            cursor.executemany(sql, [[*values, pk] for pk, *values in params])
            return
        # VALUES has no column types: each value is cast to its column's.
        row_sql = "(" + ", ".join(f"%s::{f.cast_db_type(connection)}" for f in [opts.pk, *fields]) + ")"
        columns = ", ".join(_quote(f.column) for f in [opts.pk, *fields])
        assignments = ", ".join(f"{_quote(f.column)} = v.{_quote(f.column)}" for f in fields)
        pk = _quote(opts.pk.column)
        for chunk in chunks(params, INSERT_BATCH):
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v ({columns}) "
                f"WHERE {table}.{pk} = v.{pk}",
                [value for row in chunk for value in row],
            )
