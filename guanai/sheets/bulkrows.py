"""Inserting many rows quickly: executemany on SQLite, COPY on PostgreSQL.

Django's bulk_create on SQLite sends at most 999 parameters per statement (22 people with their 45
columns) and runs every value through its field's get_db_prep_save; for the 100,000-row import that
was most of the time (docs/performance.md). Here values are adapted once per column *type*, not per
field call, and primary keys are reserved up front (PostgreSQL: the table's sequence; SQLite: after
max(id), safe because the caller's transaction holds SQLite's write lock from BEGIN IMMEDIATE), so the
caller knows every new row's id without RETURNING.

Callers build each row with InsertColumns.row (values by attname, area_id not area; a missing
value takes the field's default) and insert lists of them with lists_insert, inside a transaction.
Model-level logic (save(), signals, full_clean) does not run: callers validate first, as the people
import does through PersonIn.
"""

import contextlib
import datetime
import operator
import time
from collections.abc import Sequence

from django.db import connection, models, transaction


def _adapter(field: models.Field):
    """A function turning a Python value into what the database driver takes, per column type."""
    if isinstance(field, models.JSONField):  # a dict on both databases: Django's own JSON adaptation
        return lambda value: field.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        return None  # psycopg adapts str, int, bool, date, aware datetime, bytes, None itself
    if isinstance(field, models.DateTimeField):
        return _memoised(connection.ops.adapt_datetimefield_value)  # created_at: one value per chunk
    if isinstance(field, models.DateField):
        return lambda value: value.isoformat() if isinstance(value, datetime.date) else value
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
BULK_CHECKPOINT_PAGES = 25_000  # ~100 MB of log between checkpoints while loading (SQLite's default: 1,000)


@contextlib.contextmanager
def bulk_cache():
    """On SQLite, while a bulk load runs (restored after): a larger page cache for this connection,
    and the write-ahead log checkpointed every BULK_CHECKPOINT_PAGES pages instead of every 1,000
    (each checkpoint copies the log into the database and syncs the file; one per 5,000-row chunk
    was ~2 s of a 100,000-row import). Durability is untouched: every commit is in the log as before
    (WAL, synchronous=NORMAL); only when its pages are copied over changes. A load that commits in
    turns (WriteLockTurns) checkpoints at its turns instead, and the last checkpoint is the load's own
    (timed with it), so the next user's save does not inherit it."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        checkpoint = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
            if not connection.in_atomic_block:  # the load's own last checkpoint, not the next writer's
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


# SQLite's busy handler retries a waiting writer every 100 ms once it has waited ~0.3 s, and grants
# nobody the lock in turn: a loader that commits and at once begins again keeps other users' saves
# waiting for its whole run (and failing after the 20 s timeout). Left free this long, the lock goes
# to whoever waits (docs/performance.md, import cost).
SQLITE_LOCK_GAP = 0.11
# A bulk load on SQLite leaves the write lock free once it has held it this long (over one or more
# transactions): a user's save waits about this plus one transaction (issue 16: < 2 s). Shorter costs
# the load SQLITE_LOCK_GAP more often.
SQLITE_LOCK_STRETCH = 0.5
# Rows a bulk load writes per transaction at most on SQLite, where a transaction holds the one write
# lock of the database. Fewer holds it for less time but costs CPU: 1,000 rows per transaction cost
# ~4.5 CPU-s more per 100,000 rows at load (each commit and checkpoint rewrites the index pages every
# transaction touches; docs/performance.md, import cost), so the import's chunk of 5,000 stays whole.
# PostgreSQL locks rows, not the database: its loads keep their chunks whole.
SQLITE_TRANSACTION_ROWS = 5000
# ... and on a busy machine fewer: a transaction is sized from the rate of the last ones to hold the lock
# about this long, so that a user's save waits at most about this, whatever the machine's load (issue 16:
# < 2 s). On a quiet machine 5,000 rows take less, and the chunk stays whole (no CPU cost); at load the
# load pays the smaller transactions' CPU instead of the users their wait. Never under the minimum rows.
SQLITE_TRANSACTION_SECONDS = 1.5
SQLITE_MIN_TRANSACTION_ROWS = 500
# The first transaction, before any rate is known: small enough not to hold the lock long on a busy
# machine (5,000 rows held it 4 s at load 6), large enough to measure the rate by.
SQLITE_FIRST_TRANSACTION_ROWS = 2500


def rows_per_transaction(rows: int) -> int:
    """How many of a chunk of `rows` a bulk load should write per transaction."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        return max(1, min(rows, SQLITE_TRANSACTION_ROWS))
    return max(1, rows)


class WriteLockTurns:
    """A bulk load's transactions and, on SQLite, its turns with the database's one write lock.

    `atomic()` is transaction.atomic(), timed. `between()`, called after each commit, leaves the lock
    free for SQLITE_LOCK_GAP once the load has held it SQLITE_LOCK_STRETCH since it last did; `pause()`,
    called where the load may wait for more rows (the end of a chunk), leaves it free as long as that
    takes. Both first copy what the load has written into the database file (a PASSIVE checkpoint: it
    takes no write lock and blocks nobody).

    The checkpoint is the load's own work, done in its own time. Left to SQLite, it is run at the
    commit of whichever connection first finds more than its wal_autocheckpoint (1,000 pages) in the
    log; bulk_cache raises the loader's own threshold, so that was the next user saving a visit, who
    copied and synced the load's transactions inside their save (docs/performance.md, import cost). A
    save that commits while the load's checkpoint runs skips its own: SQLite runs one checkpoint at a
    time and does not wait for it.
    Nothing on PostgreSQL (row locks), nor inside an enclosing transaction (the lock is not released)."""

    def __init__(self):
        self.held = 0.0  # seconds in transactions since the lock was last left free
        self.released: float | None = None
        self.written = False  # committed since the last checkpoint
        self.rate: float | None = None  # rows per second the last transaction wrote holding the lock

    def transaction_rows(self, cap: int, remaining: int | None = None) -> int:
        """How many rows (at most `cap`, from rows_per_transaction) the next transaction should write: on
        SQLite, as many as the last transaction's rate writes in SQLITE_TRANSACTION_SECONDS. Of `remaining`
        rows, a tail under a quarter of that goes with them rather than in a commit of its own (a quiet
        machine writing a chunk a little slower than the budget would otherwise commit twice)."""
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return cap
        if self.rate is None:
            size = min(cap, SQLITE_FIRST_TRANSACTION_ROWS)
        else:
            size = min(cap, max(SQLITE_MIN_TRANSACTION_ROWS, int(self.rate * SQLITE_TRANSACTION_SECONDS)))
        if remaining is not None and size < remaining <= min(cap, size + size // 4):
            return remaining
        return size

    def record(self, rows: int, seconds: float) -> None:
        """A committed transaction of `rows` rows held the lock `seconds`: the rate the next is sized by.
        A few rows' transaction (a row written alone) says too little about the rate to count."""
        if rows >= SQLITE_MIN_TRANSACTION_ROWS // 10 and seconds > 0:
            self.rate = rows / seconds

    @contextlib.contextmanager
    def atomic(self, rows: int = 0):
        started = time.perf_counter()
        if self.released is not None and started - self.released >= SQLITE_LOCK_GAP:
            self.held = 0.0  # free long enough since (waiting for rows to write): whoever waited had it
        try:
            with transaction.atomic():
                yield
            self.written = True
        finally:
            self.released = time.perf_counter()
            self.held += self.released - started
        self.record(rows, self.released - started)

    def between(self) -> None:
        if self.held >= SQLITE_LOCK_STRETCH and self._checkpoint():
            time.sleep(max(0.0, SQLITE_LOCK_GAP - (time.perf_counter() - self.released)))
            self.held, self.released = 0.0, time.perf_counter()

    def pause(self) -> None:
        self._checkpoint()

    def _checkpoint(self) -> bool:
        """Whether the load may leave the lock free here (and, if it wrote anything, has checkpointed)."""
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return False
        if self.written:  # the gap runs meanwhile: it counts from the commit
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self.written = False
        return True


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


class InsertColumns:
    """A model's concrete columns (by attname) for plain row inserts, and `row()` turning a dict of
    values into a list in column order, adapted for this database, missing values defaulted. Built
    once per import; cheap to use per row, and usable in a forked process (it only reads `_meta`
    and the backend's adapters, never the database)."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True):
        self.model = model
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.attnames = [f.attname for f in fields]
        self.index = {name: i for i, name in enumerate(self.attnames)}
        self._defaults = {f.attname: f.get_default() for f in fields}
        self._pick = operator.itemgetter(*self.attnames)
        self._adapters = [(i, adapt) for i, f in enumerate(fields) if (adapt := _adapter(f)) is not None]

    def row(self, values: dict) -> list:
        """Dict merge and itemgetter run in C: ~3x a per-column comprehension."""
        out = list(self._pick({**self._defaults, **values})) if len(self.attnames) > 1 else [
            self._pick({**self._defaults, **values})]
        for index, adapt in self._adapters:
            if out[index] is not None:
                out[index] = adapt(out[index])
        return out


def lists_insert(model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence], *,
                 binary: bool = False) -> int:
    """Insert `rows`, each a sequence of database-ready values in `attnames` order (every column
    without a database default must be among them); returns the number inserted.

    `binary` (PostgreSQL): COPY in binary, which spares the client formatting every value as text
    and the server parsing it back (docs/performance.md, import cost). Binary is strict: every value
    must be the Python type of its column (int for integers, date, aware datetime, bytes, bool, str
    for text, psycopg's Jsonb for JSON), as InsertColumns.row gives; a str where a date belongs
    raises instead of being parsed."""
    if not rows:
        return 0
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = [meta.get_field(a).column for a in attnames]  # attnames work too
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = _column_types(cursor, meta.db_table, columns) if binary else None  # not during the COPY
            statement = f"COPY {table} ({names}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
            with cursor.cursor.copy(statement) as copy:
                if types:
                    copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(attnames))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
    return len(rows)


_TYPES: dict[tuple[str, str, tuple[str, ...]], list[int]] = {}


def _column_types(cursor, table: str, columns: list[str]) -> list[int]:
    """The type oids of `columns` of `table` (binary COPY must name them), read once per database."""
    key = (connection.settings_dict["NAME"], table, tuple(columns))
    if key not in _TYPES:
        cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                       "AND NOT attisdropped", [table])
        oids = dict(cursor.fetchall())
        _TYPES[key] = [oids[column] for column in columns]
    return _TYPES[key]
