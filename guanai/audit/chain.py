"""The audit trail is a hash chain: each row carries the SHA-256 of its own content and of the row
before it, per table (AccessLog, Event). Changing, deleting or inserting a row anywhere breaks every
hash after it, and `guanai audit verify` names the first row where the chain breaks.

Rows are chained in id order. Writers serialise on the table's last hash: SQLite writes one
transaction at a time already (BEGIN IMMEDIATE); PostgreSQL takes a transaction-level advisory lock
per table, held until the row commits, so two writers never chain onto the same predecessor.
Pruning old rows (retention) keeps the chain checkable: the prune records, in an Event (itself
chained), the id and hash of the last row it deleted, and the first remaining row must follow it.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection

GENESIS = "0" * 64
# Advisory lock keys (PostgreSQL), one per chained table.
_LOCK_KEYS = {"audit_accesslog": 0x6A0D17A1, "audit_event": 0x6A0D17E1}


def _canonical(value) -> str:
    # A JSON value as the database gives it back: keys sorted, whatever order jsonb stored them in.
    return json.dumps(json.loads(json.dumps(value, default=str)), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def row_content(row) -> dict:
    """The fields a row's hash covers: everything but the id, the hashes and the bookkeeping times.
    Empty values are left out, so a field added later (empty on old rows) leaves their hashes alone,
    while emptying a filled field still changes the hash."""
    fields = [f.attname for f in row._meta.concrete_fields
              if f.attname not in {"id", "prev_hash", "row_hash", "created_at", "updated_at"}]
    content = {}
    for name in fields:
        value = getattr(row, name)
        if value in (None, "", {}, []):
            continue
        content[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return content


def row_hash(prev_hash: str, row) -> str:
    return hashlib.sha256((prev_hash + _canonical(row_content(row))).encode("utf-8")).hexdigest()


def chain_link(row) -> None:
    """Set prev_hash and row_hash of a row about to be inserted (inside the writer's transaction)."""
    chain_link_many([row])


def chain_link_many(rows: list) -> None:
    """Chain rows of one table about to be inserted in this order (one insert or a bulk_create)."""
    if not rows:
        return
    model = type(rows[0])
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEYS[table]])
    prev = model.objects.order_by("-id").values_list("row_hash", flat=True).first() or chain_start(model)
    for row in rows:
        row.prev_hash = prev
        row.row_hash = prev = row_hash(prev, row)


def chain_start(model) -> str:
    """The hash the oldest kept row follows: GENESIS, or the last pruned row's (see prune)."""
    # The Event model through the app registry: models.py imports this module, not the other way round.
    event = model._meta.apps.get_model("audit", "Event")
    pruned = (event.objects.filter(verb="audit_pruned", object_type=model._meta.db_table)
              .order_by("-id").values_list("data", flat=True).first())
    return pruned["last_hash"] if pruned else GENESIS


@dataclass(frozen=True)
class ChainBreak:
    table: str
    row_id: int
    reason: str


def chain_verify(model, *, batch: int = 5_000) -> tuple[int, ChainBreak | None]:
    """Rows checked, and the first break (None when the whole chain holds)."""
    table = model._meta.db_table
    expected_prev = chain_start(model)
    checked, last_id = 0, 0
    while True:
        rows = list(model.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return checked, None
        for row in rows:
            if row.prev_hash != expected_prev:
                return checked, ChainBreak(table, row.id, "previous hash does not match: a row before it was "
                                                          "changed, deleted or inserted")
            if row.row_hash != row_hash(row.prev_hash, row):
                return checked, ChainBreak(table, row.id, "content does not match its hash: the row was changed")
            expected_prev = row.row_hash
            checked += 1
        last_id = rows[-1].id
