"""Importing people from the bureau's own sheets (issue 4, "Import").

`people_import` reads a Table (exchange.sheets), checks every row against PersonIn (importrows.py),
matches rows to people by the ID number's keyed digest (or, without an ID number, by village, name
and birth date), and updates or creates them in chunks of CHUNK_SIZE rows. Each chunk is one
transaction: people, their history rows, name keys, recomputed categories, an audit event and the
caller's progress counters commit together or not at all. A chunk that the database refuses is
retried row by row, so one bad row costs only itself. Every rejected row is reported with its sheet
row number, column and a Chinese + English reason; no row is ever half written.

Rules of the import:
- a blank cell never overwrites a stored value (a sheet with a few columns changes only those);
- a person registered outside the importer's scope is rejected with a transfer hint, never touched;
- the same ID number twice in one sheet: the first row counts, the later ones are rejected;
- `dry_run` reads, validates and matches everything and writes nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from guanai.accounts.roles import Capability, role_has
from guanai.accounts.scoping import Scope
from guanai.audit.services import event_record
from guanai.exchange.bulkrows import bulk_cache, ids_reserve, rows_insert
from guanai.exchange.headers import field_for_header, is_known_header
from guanai.exchange.sheets import Sheet, Table, read_sheet, table_from_sheet
from guanai.exchange.writers import error_report_write
from guanai.people import idcipher
from guanai.people.importrows import (
    MappingRequired,
    Problem,
    RowReader,
    ValidRow,
    Villages,
    sheet_columns,
)
from guanai.people.models import NameKey, Person
from guanai.people.pinyin import name_keys
from guanai.people.schemas import NOT_PERSON_COLUMNS
from guanai.people.services import id_number_columns, linked_person_ids, person_write_name_keys

CHUNK_SIZE = 5000  # rows per transaction; measured against 2,000 in docs/performance.md
CHANGE_REASON = "表格导入 / sheet import"

__all__ = ["CHUNK_SIZE", "ImportResult", "MappingRequired", "Problem", "people_import", "people_import_file",
           "people_error_report"]


@dataclass
class ImportResult:
    total: int = 0
    done: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    dry_run: bool = False
    problems: dict[int, list[Problem]] = field(default_factory=dict)  # sheet row -> why it was rejected

    def reject(self, row: int, problems: list[Problem]) -> None:
        """Idempotent: a chunk retried row by row reports each problem once."""
        known = self.problems.setdefault(row, [])
        known.extend(p for p in problems if p not in known)
        self.rejected = len(self.problems)

    def counted(self, plan: "_Plan", rows: int) -> "ImportResult":
        """A copy with a written chunk's counts added (committed to self only once the chunk commits)."""
        return replace(self, done=self.done + rows, created=self.created + len(plan.creates),
                       updated=self.updated + len(plan.updates), unchanged=self.unchanged + plan.unchanged,
                       rejected=len(self.problems))

    def take(self, other: "ImportResult") -> None:
        self.done, self.created, self.updated = other.done, other.created, other.updated
        self.unchanged, self.rejected = other.unchanged, len(self.problems)

    def reasons(self) -> dict[int, str]:
        return {row: "；".join(p.text() for p in problems) for row, problems in sorted(self.problems.items())}


Progress = Callable[[ImportResult], None]


def people_table(sheet: Sheet) -> Table:
    return table_from_sheet(sheet, is_known=is_known_header)


def people_import_file(*, actor, scope: Scope, source: Path | str | IO[bytes], filename: str | None = None,
                       mapping: dict[str, str] | None = None, dry_run: bool = False,
                       progress: Progress | None = None, chunk_size: int = CHUNK_SIZE) -> tuple[ImportResult, Table]:
    table = people_table(read_sheet(source, filename=filename))
    result = people_import(actor=actor, scope=scope, table=table, mapping=mapping, dry_run=dry_run,
                           progress=progress, chunk_size=chunk_size)
    return result, table


def people_import(*, actor, scope: Scope, table: Table, mapping: dict[str, str] | None = None,
                  dry_run: bool = False, progress: Progress | None = None,
                  chunk_size: int = CHUNK_SIZE) -> ImportResult:
    """Import `table`; raises MappingRequired (before anything is read) when headers need the user."""
    if actor is not None and not (actor.is_active and role_has(actor.role, Capability.PEOPLE_IMPORT)):
        raise PermissionDenied("您的角色不能导入服务对象 / your role may not import people")
    reader = RowReader(columns=sheet_columns(table, mapping=mapping, scope=scope), villages=Villages(scope))
    rows = list(table.data_rows())
    result = ImportResult(total=len(rows), dry_run=dry_run)
    writer = _ChunkWriter(actor=actor, scope=scope, dry_run=dry_run, today=reader.today)
    with bulk_cache():
        _read_and_write(rows, reader=reader, writer=writer, result=result, progress=progress, chunk_size=chunk_size)
    return result


def _read_and_write(rows: list, *, reader: RowReader, writer: "_ChunkWriter", result: ImportResult,
                    progress: Progress | None, chunk_size: int) -> None:
    for start in range(0, len(rows), chunk_size):
        valid = []
        for row, cells in rows[start:start + chunk_size]:
            outcome = reader.read(row, cells)
            if isinstance(outcome, ValidRow):
                valid.append(outcome)
            else:
                result.reject(row, outcome)
        writer.write(valid, result=result, batch_rows=len(rows[start:start + chunk_size]), progress=progress)


def people_error_report(out: IO[bytes] | str, *, table: Table, result: ImportResult) -> None:
    """The sheet's title rows, header and rejected rows as they were, with 错误原因 and 原行号 added."""
    id_columns = {i for i, header in enumerate(table.headers) if field_for_header(header) in {"id_number", "phone"}}
    error_report_write(out, sheet=table.sheet, header_index=table.header_index, reasons=result.reasons(),
                       text_columns=id_columns)


# --- writing -------------------------------------------------------------------------------------------

@dataclass
class _Plan:
    creates: list[dict] = field(default_factory=list)  # rows for bulkrows, by attname
    updates: list[Person] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    renamed: list[Person] = field(default_factory=list)
    unchanged: int = 0


class _ChunkWriter:
    def __init__(self, *, actor, scope: Scope, dry_run: bool, today: datetime.date):
        self.actor, self.scope, self.dry_run, self.today = actor, scope, dry_run, today
        self.seen: dict[str, int] = {}  # digest (or village/name/birth key) -> first sheet row
        self.now = timezone.now()
        self.keys_memo: dict[str, list[str]] = {}

    def write(self, rows: list[ValidRow], *, result: ImportResult, batch_rows: int, progress: Progress | None):
        rows = self._drop_repeats(rows, result)
        if self.dry_run:
            result.take(result.counted(self._plan(rows, result), batch_rows))
            if progress:
                progress(result)
            return
        try:
            self._commit(rows, result=result, batch_rows=batch_rows, progress=progress)
        except DatabaseError:
            if len(rows) <= 1:
                raise
            self._write_one_by_one(rows, result=result, batch_rows=batch_rows, progress=progress)

    def _commit(self, rows: list[ValidRow], *, result: ImportResult, batch_rows: int, progress: Progress | None):
        """One transaction: the rows, their history, name keys, categories, the event and the progress."""
        with transaction.atomic():
            plan = self._plan(rows, result, lock=True)
            self._apply(plan)
            after = result.counted(plan, batch_rows)
            if progress:
                progress(after)
        result.take(after)

    def _write_one_by_one(self, rows, *, result: ImportResult, batch_rows: int, progress: Progress | None):
        """The database refused the chunk (a concurrent registration, a constraint): each row alone."""
        for valid in rows:
            try:
                self._commit([valid], result=result, batch_rows=1, progress=progress)
            except DatabaseError as error:
                result.reject(valid.row, [Problem(valid.row, "", "", "", f"写入数据库失败：{error} / "
                                                                         "the database refused this row")])
                result.done += 1
        result.done += batch_rows - len(rows)  # rows rejected before writing

    def _drop_repeats(self, rows: list[ValidRow], result: ImportResult) -> list[ValidRow]:
        kept = []
        for valid in rows:
            key = idcipher.digest(valid.id_number) if valid.id_number else self._no_id_key(valid.values)
            valid.key = key
            if key in self.seen:
                result.reject(valid.row, [Problem(valid.row, "", "", "id_number",
                                                  f"与第{self.seen[key]}行是同一人（身份证号或姓名+出生日期相同），"
                                                  "本行未导入 / "
                                                  f"the same person as row {self.seen[key]}")])
                continue
            self.seen[key] = valid.row
            kept.append(valid)
        return kept

    @staticmethod
    def _no_id_key(values: dict) -> str:
        return f"{values['area_code']}|{values['name']}|{values['birth_date']:%Y%m%d}"

    def _plan(self, rows: list[ValidRow], result: ImportResult, *, lock: bool = False) -> _Plan:
        existing = self._existing(rows, lock=lock)
        plan = _Plan()
        for valid in rows:
            person = existing.get(valid.key)
            if person is not None and not self.scope.contains(person.area_id):
                result.reject(valid.row, [Problem(
                    valid.row, "", "", "id_number",
                    f"此人已在{person.area.name}登记，不在您的管辖范围，未导入；"
                    "如已迁入本地，请在该人页面发起迁移申请 / "
                    f"already registered in {person.area_id}, outside your area: not imported; request a transfer")])
                continue
            if person is None:
                plan.creates.append(self._new_person(valid))
            else:
                self._change(person, valid, plan)
        return plan

    def _existing(self, rows: list[ValidRow], *, lock: bool) -> dict[str, Person]:
        digests = [r.key for r in rows if r.id_number]
        people = Person.objects.select_related("area")
        if lock:
            people = people.select_for_update(of=("self",))
        found = {p.id_number_digest: p for p in people.filter(id_number_digest__in=digests)} if digests else {}
        without = [r for r in rows if not r.id_number]
        if without:
            candidates = people.filter(id_number_digest__isnull=True,
                                       area_id__in={r.values["area_code"] for r in without},
                                       name__in={r.values["name"] for r in without})
            for person in candidates:
                found.setdefault(f"{person.area_id}|{person.name}|{person.birth_date:%Y%m%d}", person)
        return found

    def _new_person(self, valid: ValidRow) -> dict:
        """A new person as a row for bulkrows (by attname): the schema's values and the ID number's
        three stored forms (services.id_number_columns, the only way in)."""
        row = {k: v for k, v in valid.values.items() if k not in NOT_PERSON_COLUMNS}
        row.update(id_number_columns(valid.id_number), area_id=valid.values["area_code"], created_at=self.now,
                   updated_at=self.now)
        return row

    def _change(self, person: Person, valid: ValidRow, plan: _Plan) -> None:
        changed = []
        values = valid.values
        if values["area_code"] != person.area_id:
            person.area_id = values["area_code"]
            changed.append("area")
        for name, value in values.items():
            if name in NOT_PERSON_COLUMNS:
                continue
            if getattr(person, name) != value:
                setattr(person, name, value)
                changed.append(name)
        if not changed:
            plan.unchanged += 1
            return
        person.updated_at = self.now
        plan.updates.append(person)
        plan.update_fields.update(changed)
        if {"name", "area"} & set(changed):
            plan.renamed.append(person)

    def _apply(self, plan: _Plan) -> None:
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        touched = self._insert(plan.creates, user=user)
        if plan.updates:
            bulk_update_with_history(plan.updates, Person, [*sorted(plan.update_fields), "updated_at"],
                                     batch_size=500, default_user=user, default_change_reason=CHANGE_REASON)
            touched += [p.pk for p in plan.updates]
        if plan.renamed:
            person_write_name_keys(plan.renamed)
        if touched:
            from guanai.people.spells import categories_recompute  # the rules' module, as services do

            # People created just now have no relationships yet: only the updated ones can have relatives.
            linked = linked_person_ids(p.pk for p in plan.updates) if plan.updates else set()
            categories_recompute(person_ids=sorted(linked.union(touched)), on=self.today, actor=user)
            event_record(actor=user, verb="people_imported", object_type="person", area_code=self.scope.prefix,
                         data={"created": len(plan.creates), "updated": len(plan.updates),
                               "fields": sorted(plan.update_fields)})

    def _insert(self, rows: list[dict], *, user) -> list[int]:
        """New people, their first history rows ('+', as simple_history writes them) and their name
        keys, as plain row inserts (exchange.bulkrows; see docs/performance.md for why)."""
        if not rows:
            return []
        for row, pk in zip(rows, ids_reserve(Person, len(rows)), strict=True):
            row["id"] = pk
        rows_insert(Person, rows)
        # The history row is the person's row plus the history columns (rows_insert takes only its columns).
        stamp = {"history_date": self.now, "history_change_reason": CHANGE_REASON, "history_type": "+",
                 "history_user_id": user.pk if user else None}
        rows_insert(Person.history.model, [{**row, **stamp} for row in rows], with_pk=False)
        rows_insert(NameKey, [{"person_id": row["id"], "area_id": row["area_id"], "key": key, "created_at": self.now,
                               "updated_at": self.now} for row in rows for key in self._name_keys(row["name"])],
                    with_pk=False)
        return [row["id"] for row in rows]

    def _name_keys(self, name: str) -> list[str]:
        keys = self.keys_memo.get(name)
        if keys is None:
            keys = name_keys(name)
            if len(self.keys_memo) < 50_000:
                self.keys_memo[name] = keys
        return keys
