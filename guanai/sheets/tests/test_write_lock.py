"""A bulk load on SQLite holds the database's one write lock for short stretches: a few rows per
transaction, and once it has held the lock SQLITE_LOCK_STRETCH, its own checkpoint with the lock left
free (bulkrows.WriteLockTurns)."""

import pytest
from django.db import connection, transaction

from guanai.sheets import bulkrows

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock is the database's")


@pytest.mark.django_db(transaction=True)
def test_a_chunk_is_written_a_few_rows_per_transaction_outside_an_enclosing_one():
    assert bulkrows.rows_per_transaction(5000) == bulkrows.SQLITE_TRANSACTION_ROWS
    assert bulkrows.rows_per_transaction(40) == 40
    assert bulkrows.rows_per_transaction(0) == 1
    with transaction.atomic():  # one enclosing transaction: splitting it would release nothing
        assert bulkrows.rows_per_transaction(5000) == 5000


def _checkpoints_seen(turns: bulkrows.WriteLockTurns, transactions: int) -> list[str]:
    seen = []

    def record(execute, sql, params, many, context):
        if "checkpoint" in sql:
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        for _ in range(transactions):
            with turns.atomic():
                assert connection.in_atomic_block
            turns.between()
    return seen


@pytest.mark.django_db(transaction=True)
def test_the_load_checkpoints_and_leaves_the_lock_free_once_it_has_held_it_long_enough(monkeypatch):
    monkeypatch.setattr(bulkrows, "SQLITE_LOCK_GAP", 0)
    monkeypatch.setattr(bulkrows, "SQLITE_LOCK_STRETCH", 0)  # every transaction is long enough
    assert _checkpoints_seen(bulkrows.WriteLockTurns(), 3) == ["PRAGMA wal_checkpoint(PASSIVE)"] * 3
    monkeypatch.setattr(bulkrows, "SQLITE_LOCK_STRETCH", 3600)  # none is
    assert _checkpoints_seen(bulkrows.WriteLockTurns(), 3) == []


@pytest.mark.django_db(transaction=True)
def test_before_a_pause_what_was_written_is_checkpointed_once(monkeypatch):
    monkeypatch.setattr(bulkrows, "SQLITE_LOCK_STRETCH", 3600)
    turns = bulkrows.WriteLockTurns()
    assert _checkpoints_seen(turns, 2) == []
    seen = []
    with connection.execute_wrapper(lambda execute, sql, *rest: seen.append(sql) or execute(sql, *rest)):
        turns.pause()
        turns.pause()  # nothing written since
    assert seen == ["PRAGMA wal_checkpoint(PASSIVE)"]


@pytest.mark.django_db(transaction=True)
def test_inside_an_enclosing_transaction_nothing_is_left_free(monkeypatch):
    monkeypatch.setattr(bulkrows, "SQLITE_LOCK_STRETCH", 0)
    with transaction.atomic():
        assert _checkpoints_seen(bulkrows.WriteLockTurns(), 2) == []
