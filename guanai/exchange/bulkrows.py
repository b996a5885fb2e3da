"""Inserting many rows quickly: executemany on SQLite, COPY on PostgreSQL.

Django's bulk_create on SQLite sends at most 999 parameters per statement (22 people with their 45
columns) and runs every value through its field's get_db_prep_save; for the 100,000-row import that
was most of the time (docs/performance.md). Here values are adapted once per column *type*, not per
field call, and primary keys are reserved up front (PostgreSQL: the table's sequence; SQLite: after
max(id), safe because the caller's transaction holds SQLite's write lock from BEGIN IMMEDIATE), so the
caller knows every new row's id without RETURNING.

Callers pass values by attname (area_id, not area) for concrete fields; a missing value takes the
field's default. Use inside a transaction. Model-level logic (save(), signals, full_clean) does not
run: callers validate first, as the people import does through PersonIn.
"""

import contextlib
import datetime
import operator
from collections.abc import Iterable, Sequence

from django.db import connection, models


def _adapter(field: models.Field):
    """A function turning a Python value into what the database driver takes, per column type."""
    if connection.vendor == "postgresql":
        return None  # psycopg adapts str, int, bool, date, aware datetime, bytes, None itself
    if isinstance(field, models.DateTimeField):
        return _memoised(connection.ops.adapt_datetimefield_value)  # created_at: one value per chunk
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat() if isinstance(value, datetime.date) else value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _memoised(adapt):
    memo: dict = {}

    def adapted(value):
        if value not in memo:
            if len(memo) > 1000:
                memo.clear()
            memo[value] = adapt(value)
        return memo[value]
    return adapted


BULK_CACHE_KIB = 131_072  # SQLite's page cache while loading: its default 2 MB thrashes on ~20 indexes


@contextlib.contextmanager
def bulk_cache():
    """On SQLite, a larger page cache for this connection while a bulk load runs (restored after).
    Memory only: durability (WAL, synchronous=NORMAL) is untouched."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model` (call inside the transaction that inserts them)."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(pk)}), 0) FROM "  # noqa: S608 - names
                       f"{connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def rows_insert(model: type[models.Model], rows: Sequence[dict], *, with_pk: bool = True) -> int:
    """Insert `rows` (dicts by attname) into `model`'s table; returns the number inserted."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    adapters = [_adapter(f) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = _values(rows, [f.attname for f in fields], adapters, defaults)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values))  # noqa: S608
    return len(rows)


def _values(rows: Iterable[dict], attnames: list[str], adapters: list, defaults: dict):
    """Each row as a list in column order (dict merge and itemgetter run in C: ~3x the comprehension)."""
    pick = operator.itemgetter(*attnames)
    adapted = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not None]
    for row in rows:
        out = list(pick({**defaults, **row})) if len(attnames) > 1 else [pick({**defaults, **row})]
        for index, adapt in adapted:
            if out[index] is not None:
                out[index] = adapt(out[index])
        yield out
