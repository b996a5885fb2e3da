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


@pytest.mark.django_db(transaction=True)
def test_a_transaction_is_sized_to_hold_the_lock_about_its_seconds_at_the_last_rate(monkeypatch):
    monkeypatch.setattr(bulkrows, "SQLITE_TRANSACTION_SECONDS", 0.6)
    monkeypatch.setattr(bulkrows, "SQLITE_MIN_TRANSACTION_ROWS", 500)
    monkeypatch.setattr(bulkrows, "SQLITE_FIRST_TRANSACTION_ROWS", 1000)
    turns = bulkrows.WriteLockTurns()
    assert turns.transaction_rows(5000) == bulkrows.SQLITE_FIRST_TRANSACTION_ROWS  # no rate yet
    assert turns.transaction_rows(40) == 40
    turns.record(5000, 2.0)  # a busy machine: 2,500 rows a second
    assert turns.transaction_rows(5000) == 1500
    turns.record(5000, 0.25)  # a quiet one: 20,000 a second, 12,000 in 0.6 s
    assert turns.transaction_rows(5000) == 5000
    turns.record(5000, 60.0)  # very busy: never under the minimum
    assert turns.transaction_rows(5000) == 500
    assert turns.transaction_rows(40) == 40  # never over what rows_per_transaction gives
    turns.record(1, 30.0)  # a row written alone says nothing of the rate
    assert turns.transaction_rows(5000) == 500
    turns.record(4000, 0.6)  # 4,000 rows fit the budget
    assert turns.transaction_rows(5000, remaining=5000) == 5000  # the last 1,000 ride along: no own commit
    assert turns.transaction_rows(5000, remaining=6000) == 4000
    assert turns.transaction_rows(5000, remaining=3000) == 4000  # all of it fits anyway
    with transaction.atomic():  # one enclosing transaction: splitting it would release nothing
        assert turns.transaction_rows(5000) == 5000


@pytest.mark.django_db(transaction=True)
def test_a_transaction_records_its_rows_and_time():
    turns = bulkrows.WriteLockTurns()
    with turns.atomic(rows=1000):
        pass
    assert turns.rate is not None and turns.rate > 1000
