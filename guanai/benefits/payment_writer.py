"""Writing roster lines fast: one prepared INSERT run with executemany on SQLite, COPY on PostgreSQL.

Django's bulk_create prepares every value of every row through the model fields (most of a 200,000-
line build's time, and on SQLite it splits the rows into batches of ~60 for the 999-parameter limit).
The build makes plain tuples instead; this module adapts dates once per value and sends them. It is
only used for an unlocked roster being built (roster_build checks the lock first).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

from guanai.benefits.models import Payment

# The tuple layout the build produces (created_at/updated_at are added here).
COLUMNS = ("roster_id", "enrollment_id", "person_id", "area_id", "township_code", "month", "kind", "amount_fen",
           "previous_fen", "change_reason", "payee_name", "bank_account_masked", "reissue_of_id",
           "rule_version", "basis")
MONTH = COLUMNS.index("month")
BASIS = COLUMNS.index("basis")


def _json(row: tuple) -> tuple:
    """The basis column as JSON text (both databases take text for a JSON column)."""
    return (*row[:BASIS], json.dumps(row[BASIS], ensure_ascii=False), *row[BASIS + 1:])


def payment_rows_insert(rows: Sequence[tuple]) -> int:
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = [quote(Payment._meta.get_field(c).column) for c in COLUMNS] + [quote("created_at"), quote("updated_at")]
    table = quote(Payment._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*_json(row), now, now))
            return len(rows)
        stamp = connection.ops.adapt_datetimefield_value(now)
        adapt_date = connection.ops.adapt_datefield_value
        # Table and column names come from the model's meta, quoted; every value is a parameter.
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
        cursor.executemany(sql, [(*row[:MONTH], adapt_date(row[MONTH]), *row[MONTH + 1:], stamp, stamp)
                                 for row in map(_json, rows)])
    return len(rows)
