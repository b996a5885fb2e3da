"""Importing people from the bureau's own sheets (issue 4, "Import").

`people_import` reads a Table (sheets.reading), checks every row against PersonIn (importrows.py),
matches rows to people by the ID number's keyed digest (or, without an ID number, by village, name
and birth date), and updates or creates them in chunks of CHUNK_SIZE rows. Each chunk is one
transaction (on SQLite, whose write lock is the whole database's, one per
bulkrows.SQLITE_TRANSACTION_ROWS rows of it if that is fewer, and fewer still on a busy machine:
`WriteLockTurns.transaction_rows`): people, their
history rows, name keys, recomputed categories, an audit event and the caller's progress counters
commit together or not at all. A transaction that the database refuses is retried row by row, so one
bad row costs only itself. Every rejected row is reported with its sheet row number, column and a
Chinese + English reason; no row is ever half written.

Two halves (ADR 0007): `_Preparer` does everything that needs no database (checking, the ID number's
stored forms, pinyin keys, the rules for people who turn out to be new, rows ready for insert) and,
for large sheets, runs in a forked process one chunk ahead; `_ChunkWriter` matches and writes.

Rules of the import:
- a blank cell never overwrites a stored value (a sheet with a few columns changes only those);
- a person registered outside the importer's scope is rejected with a transfer hint, never touched;
- the village (by name, or by a 区划代码 column) must be one within the importer's scope;
- the same ID number twice in one sheet: the first row counts, the later ones are rejected;
- `dry_run` reads, validates and matches everything and writes nothing.
"""

import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from django.db import DatabaseError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope
from guanai.audit.services import event_record
from guanai.people.facts import FACT_FIELDS, PersonFacts
from guanai.people.headers import field_for_header, is_known_header
from guanai.people.idkeys import rotation_refuse_if_pending
from guanai.people.importrows import (
    BureauWords,
    MappingRequired,
    Problem,
    RowReader,
    ValidRow,
    Villages,
    sheet_columns,
    unrecognised_merged,
)
from guanai.people.models import NameKey, Person
from guanai.people.pinyin import name_keys
from guanai.people.schemas import NOT_PERSON_COLUMNS, field_label
from guanai.people.selectors import IMPORTED, RuleParamsCache, id_ranges
from guanai.people.services import (
    DATED_FACTS,
    IMPORT_CHANGE_REASON,
    counts_from,
    creation_history_backfill,
    id_number_columns,
    linked_person_ids,
    person_write_name_keys,
    spells_area_follow,
)
from guanai.people.spells import categories_recompute, categories_write_new, new_person_categories
from guanai.sheets.bulkrows import (
    InsertColumns,
    WriteLockTurns,
    bulk_cache,
    ids_reserve,
    lists_insert,
    rows_per_transaction,
)
from guanai.sheets.pipeline import MIN_ROWS_FOR_CHILD, chunks_in_child, loaded_data_frozen
from guanai.sheets.reading import Sheet, Table, read_sheet, table_from_sheet
from guanai.sheets.writing import error_report_write

RECORD_KEY_PREFIX = "pk:"  # ValidRow.key of a row matched by its record key: pk:<id>:<digest or nothing>
NAME_KEYS_MEMO = 100_000  # names whose keys are kept (a few MB)
CHUNK_SIZE = 5000  # rows per transaction; measured against 2,000 in docs/performance.md
CHANGE_REASON = IMPORT_CHANGE_REASON

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
    warned: int = 0  # rows imported (created, updated or unchanged) with a soft cell left out
    dry_run: bool = False
    problems: dict[int, list[Problem]] = field(default_factory=dict)  # sheet row -> why it was rejected
    warnings: dict[int, list[Problem]] = field(default_factory=dict)  # sheet row -> what it lost on the way in

    def reject(self, row: int, problems: list[Problem]) -> None:
        """Idempotent: a chunk retried row by row reports each problem once."""
        known = self.problems.setdefault(row, [])
        known.extend(p for p in problems if p not in known)
        self.rejected = len(self.problems)

    def counted(self, plan: "_Plan", rows: int) -> "ImportResult":
        """A copy with a written chunk's counts added (committed to self only once the chunk commits)."""
        warnings = {**self.warnings, **plan.warnings}
        return replace(self, done=self.done + rows, created=self.created + len(plan.creates),
                       updated=self.updated + len(plan.updates), unchanged=self.unchanged + plan.unchanged,
                       rejected=len(self.problems), warnings=warnings, warned=len(warnings))

    def take(self, other: "ImportResult") -> None:
        self.done, self.created, self.updated = other.done, other.created, other.updated
        self.unchanged, self.rejected = other.unchanged, len(self.problems)
        self.warnings, self.warned = other.warnings, other.warned

    def reasons(self) -> dict[int, str]:
        return {row: "；".join(p.text() for p in problems) for row, problems in sorted(self.problems.items())}

    def problem_groups(self) -> dict[str, list[dict]]:
        """Refusals and warnings grouped by kind (code and column) for the job's page: "16 rows: 居住情况,
        word not recognised", most rows first, each with its first GROUP_ROWS row numbers and an example."""
        return {"refused": _grouped(self.problems), "warned": _grouped(self.warnings)}


GROUP_ROWS = 50  # row numbers listed per group on the page (the report has them all)
GROUPS = 50  # groups listed per outcome
GROUP_WORDS = 20  # distinct unrecognised words a group offers to remember


def _grouped(by_row: dict[int, list[Problem]]) -> list[dict]:
    groups: dict[tuple[str, str], dict] = {}
    for row, problems in sorted(by_row.items()):
        for problem in problems:
            group = groups.setdefault((problem.code, problem.header or field_label(problem.field)), {
                "code": problem.code, "field": problem.field, "column": problem.column,
                "header": problem.header or field_label(problem.field), "count": 0, "rows": [],
                "example": problem.message, "words": []})
            if problem.code == "choice" and problem.value and problem.value not in group["words"] and len(
                    group["words"]) < GROUP_WORDS:
                group["words"].append(problem.value)
            if not group["rows"] or group["rows"][-1] != row:
                group["count"] += 1
                if len(group["rows"]) < GROUP_ROWS:
                    group["rows"].append(row)
    return sorted(groups.values(), key=lambda g: -g["count"])[:GROUPS]


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
                  dry_run: bool = False, progress: Progress | None = None, chunk_size: int = CHUNK_SIZE,
                  use_child: bool | None = None) -> ImportResult:
    """Import `table`; raises MappingRequired (before anything is read) when headers need the user.

    Rows are read, checked and prepared (encryption, pinyin keys, the rules for new people) chunk by
    chunk; with `use_child` (by default for MIN_ROWS_FOR_CHILD rows and more) that happens in a
    forked process while this one writes the previous chunk (sheets.pipeline)."""
    require_capability(actor, Capability.PEOPLE_IMPORT, allow_system=True)
    rotation_refuse_if_pending()  # matching goes by the current digest only (idkeys.py)
    reader = RowReader(columns=sheet_columns(table, mapping=mapping, scope=scope), villages=Villages(scope),
                       words=BureauWords.load())
    rows = list(table.data_rows())
    result = ImportResult(total=len(rows), dry_run=dry_run)
    writer = _ChunkWriter(actor=actor, scope=scope, dry_run=dry_run, today=reader.today)
    preparer = _Preparer(reader, columns=writer.person_columns, now=writer.now, rows_for_insert=not dry_run)
    if use_child is None:
        use_child = len(rows) >= MIN_ROWS_FOR_CHILD
    with bulk_cache(), loaded_data_frozen():
        for chunk in chunks_in_child(lambda: preparer.chunks(rows, chunk_size), use_child=use_child):
            for row, problems in chunk.rejected:
                result.reject(row, problems)
            writer.write(chunk.valid, result=result, batch_rows=chunk.rows, progress=progress)
    return result


def people_error_report(out: IO[bytes] | str, *, table: Table, result: ImportResult) -> None:
    """The sheet's title rows, header and rejected rows as they were, with 错误原因 and 原行号 added."""
    id_columns = {i for i, header in enumerate(table.headers) if field_for_header(header) in {"id_number", "phone"}}
    error_report_write(out, sheet=table.sheet, header_index=table.header_index, reasons=result.reasons(),
                       text_columns=id_columns)


# --- preparing (in the reading process) ----------------------------------------------------------------

@dataclass
class _Chunk:
    rows: int  # sheet rows in the chunk
    valid: list[ValidRow]
    rejected: list[tuple[int, list[Problem]]]

    # Pickled (from the reading process) as plain tuples: 4x quicker to load than 5,000 dataclass
    # instances, which the writer was spending ~1.5 s per 100,000 rows on (docs/performance.md).
    _WIRE = ("row", "values", "id_number", "key", "name_keys", "new_row", "spells", "record_pk", "warnings")

    def __reduce__(self):
        pick = operator.attrgetter(*self._WIRE)
        return _Chunk._rebuilt, (self.rows, self.rejected, [pick(valid) for valid in self.valid])

    @classmethod
    def _rebuilt(cls, rows: int, rejected: list, valid: list[tuple]) -> "_Chunk":
        return cls(rows=rows, rejected=rejected, valid=[
            ValidRow(row=row, values=values, id_number=number, key=key, name_keys=keys, new_row=new_row, spells=spells,
                     record_pk=record_pk, warnings=warnings)
            for row, values, number, key, keys, new_row, spells, record_pk, warnings in valid])


class _Preparer:
    """Everything a chunk needs before it meets the database: each row checked (RowReader), repeats
    of an earlier row dropped, the ID number's stored forms, the pinyin keys, and for someone who
    turns out to be new, the row to insert with the risk level and spells the rules give. Uses no
    database: in a large import it runs in a forked process (sheets.pipeline), so what it reads
    from the database (villages, rule parameters) is loaded here, before the fork."""

    def __init__(self, reader: RowReader, *, columns: InsertColumns, now: datetime.datetime,
                 rows_for_insert: bool = True):
        self.reader, self.columns, self.now = reader, columns, now
        self.rows_for_insert = rows_for_insert  # a dry run only reads, checks and matches
        self.today = reader.today
        self.rules = RuleParamsCache(reader.today)
        self.rules.rows()
        self.seen: dict[str, int] = {}  # digest (or village/name/birth key) -> first sheet row
        self.keys: dict[str, list[str]] = {}  # name -> its pinyin keys

    def chunks(self, rows: list, chunk_size: int):
        for start in range(0, len(rows), chunk_size):
            batch = rows[start:start + chunk_size]
            valid, rejected = [], []
            for row, cells in batch:
                outcome = self.reader.read(row, cells)
                if not isinstance(outcome, ValidRow):
                    rejected.append((row, outcome))
                elif (problem := self._repeat(outcome)) is not None:
                    rejected.append((outcome.row, [problem]))
                else:
                    if self.rows_for_insert and outcome.record_pk is None:  # a keyed row never creates
                        self._prepare(outcome)
                    valid.append(outcome)
            yield _Chunk(rows=len(batch), valid=valid, rejected=rejected)

    def _repeat(self, valid: ValidRow) -> Problem | None:
        """The same person as an earlier row: the first row counts."""
        if valid.id_number:
            valid.stored = id_number_columns(valid.id_number)
            valid.key = valid.stored["id_number_digest"]
        else:
            values = valid.values
            valid.key = f"{values['area_code']}|{values['name']}|{values['birth_date']:%Y%m%d}"
        seen_as = valid.key
        if valid.record_pk is not None:  # the record key says who; the ID number, if any, must agree (_plan)
            seen_as = f"{RECORD_KEY_PREFIX}{valid.record_pk}"
            valid.key = f"{seen_as}:{valid.key if valid.id_number else ''}"
        first = self.seen.setdefault(seen_as, valid.row)
        if first == valid.row:
            return None
        return Problem(valid.row, "", "", "id_number", f"与第{first}行是同一人（身份证号或姓名+出生日期相同），"
                                                      f"本行未导入 / the same person as row {first}", code="repeat")

    def _name_keys(self, name: str) -> list[str]:
        """pinyin.name_keys, memoised: a roster repeats names (a tenth of the reading process's work)."""
        keys = self.keys.get(name)
        if keys is None:
            if len(self.keys) >= NAME_KEYS_MEMO:
                self.keys.clear()
            keys = self.keys[name] = name_keys(name)
        return keys

    def _prepare(self, valid: ValidRow) -> None:
        values = valid.values
        row = {k: v for k, v in values.items() if k not in NOT_PERSON_COLUMNS}
        row.update(valid.stored or id_number_columns(None), area_id=values["area_code"])
        valid.name_keys = self._name_keys(values["name"])
        kind = self.reader.villages.kinds.get(row["area_id"])
        if kind is not None:  # otherwise the writer runs the rules on the stored person
            facts = PersonFacts(**{name: row[name] for name in FACT_FIELDS if name in row},
                                area_code=row["area_id"], area_kind=kind)
            row["risk_level"], valid.spells = new_person_categories(facts, on=self.today, cache=self.rules)
        row.update(created_at=self.now, updated_at=self.now)
        valid.new_row = self.columns.row(row)  # database-ready, in column order; the id comes at insert
        valid.stored = None  # in new_row now; not worth pickling twice


# --- writing -------------------------------------------------------------------------------------------

def _record_problem(valid: ValidRow, person: Person | None) -> Problem | None:
    """A row with a record key updates that person or nobody: it never creates one, and an ID number
    beside it must be the one registered (an import does not change who a record is)."""
    if person is None:
        return Problem(valid.row, "", "", "", "记录编号对应的人员已不存在（可能已被删除），本行未导入 / "
                                              "the person of this record key no longer exists", code="record_missing")
    digest = valid.key.rsplit(":", 1)[1]
    if digest and digest != person.id_number_digest:
        return Problem(valid.row, "", "", "id_number", "身份证号与记录编号登记的不一致；更正身份证号请在该人页面办理 / "
                                                       "the ID number differs from the one registered for this record; "
                                                       "correct it on the person's page", code="record_mismatch")
    return None


@dataclass
class _Plan:
    creates: list[ValidRow] = field(default_factory=list)
    updates: list[Person] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    renamed: list[Person] = field(default_factory=list)
    counts_from: datetime.date | None = None  # the earliest day a dated fact changed alters the past from
    unchanged: int = 0
    warnings: dict[int, list[Problem]] = field(default_factory=dict)  # of the rows planned, not refused


class _ChunkWriter:
    def __init__(self, *, actor, scope: Scope, dry_run: bool, today: datetime.date):
        self.actor, self.scope, self.dry_run, self.today = actor, scope, dry_run, today
        self.now = timezone.now()
        self.person_columns = InsertColumns(Person)
        self.turns = WriteLockTurns()

    def write(self, rows: list[ValidRow], *, result: ImportResult, batch_rows: int, progress: Progress | None):
        if self.dry_run:
            result.take(result.counted(self._plan(rows, result), batch_rows))
            if progress:
                progress(result)
            return
        cap = rows_per_transaction(len(rows))
        start = 0
        while True:  # a chunk of refused rows still counts as done: one (empty) transaction at least
            size = self.turns.transaction_rows(cap, remaining=len(rows) - start)
            part = rows[start:start + size]
            last = start + size >= len(rows)
            self._write_transaction(part, result=result, batch_rows=batch_rows - start if last else len(part),
                                    progress=progress)
            if last:
                break
            start += size
        self.turns.pause()  # the next chunk may be a while: what this one wrote is checkpointed first

    def _write_transaction(self, rows: list[ValidRow], *, result: ImportResult, batch_rows: int,
                           progress: Progress | None) -> None:
        """`rows` in one transaction (`batch_rows` counts them and the rows refused before writing)."""
        try:
            self._commit(rows, result=result, batch_rows=batch_rows, progress=progress)
        except DatabaseError:
            if len(rows) <= 1:
                raise
            self._write_one_by_one(rows, result=result, batch_rows=batch_rows, progress=progress)
        self.turns.between()  # other users' saves get SQLite's write lock in turn

    def _commit(self, rows: list[ValidRow], *, result: ImportResult, batch_rows: int, progress: Progress | None):
        """One transaction: the rows, their history, name keys, categories, the event and the progress."""
        with self.turns.atomic(rows=len(rows)):
            plan = self._plan(rows, result, lock=True)
            self._apply(plan)
            after = result.counted(plan, batch_rows)
            if progress:
                progress(after)
        result.take(after)

    def _write_one_by_one(self, rows, *, result: ImportResult, batch_rows: int, progress: Progress | None):
        """The database refused the transaction (a concurrent registration, a constraint): each row alone."""
        for valid in rows:
            self.turns.between()  # a row's transaction is short, but back to back they would starve others
            try:
                self._commit([valid], result=result, batch_rows=1, progress=progress)
            except DatabaseError as error:
                result.reject(valid.row, [Problem(valid.row, "", "", "", f"写入数据库失败：{error} / "
                                                                         "the database refused this row",
                                                  code="database")])
                result.done += 1
        result.done += batch_rows - len(rows)  # rows rejected before writing

    def _plan(self, rows: list[ValidRow], result: ImportResult, *, lock: bool = False) -> _Plan:
        existing = self._existing(rows, lock=lock)
        plan = _Plan()
        for valid in rows:
            person = existing.get(valid.key)
            if valid.record_pk is not None and (problem := _record_problem(valid, person)) is not None:
                result.reject(valid.row, [problem])
                continue
            if person is not None and not self.scope.contains(person.area_id):
                result.reject(valid.row, [Problem(
                    valid.row, "", "", "id_number",
                    f"此人已在{person.area.name}登记，不在您的管辖范围，未导入；"
                    "如已迁入本地，请在该人页面发起迁移申请 / "
                    f"already registered in {person.area_id}, outside your area: not imported; request a transfer",
                    code="elsewhere")])
                continue
            if person is None:
                plan.creates.append(valid)
            else:
                self._change(person, valid, plan)
            if valid.warnings:
                plan.warnings[valid.row] = valid.warnings
        return plan

    def _existing(self, rows: list[ValidRow], *, lock: bool) -> dict[str, Person]:
        digests = [r.key for r in rows if r.id_number and r.record_pk is None]
        people = Person.objects.select_related("area")
        if lock:
            people = people.select_for_update(of=("self",))
        found = {p.id_number_digest: p for p in people.filter(id_number_digest__in=digests)} if digests else {}
        keyed = {r.record_pk: r.key for r in rows if r.record_pk is not None}
        if keyed:
            found.update((keyed[p.pk], p) for p in people.filter(pk__in=keyed))
        without = [r for r in rows if not r.id_number and r.record_pk is None]
        if without:
            candidates = people.filter(id_number_digest__isnull=True,
                                       area_id__in={r.values["area_code"] for r in without},
                                       name__in={r.values["name"] for r in without})
            for person in candidates:
                found.setdefault(f"{person.area_id}|{person.name}|{person.birth_date:%Y%m%d}", person)
        return found

    def _change(self, person: Person, valid: ValidRow, plan: _Plan) -> None:
        changed = []
        values = valid.values
        if person.unrecognised or "unrecognised" in values:
            values = {**values, "unrecognised": unrecognised_merged(
                person.unrecognised, read=set(values), new=values.get("unrecognised", ""))}
        if values["area_code"] != person.area_id:
            person.area_id = values["area_code"]
            changed.append("area")
        before = {name: getattr(person, name) for name in DATED_FACTS}
        for name, value in values.items():
            if name in NOT_PERSON_COLUMNS:
                continue
            if getattr(person, name) != value:
                setattr(person, name, value)
                changed.append(name)
        if not changed:
            plan.unchanged += 1
            return
        since = counts_from(before, {name: getattr(person, name) for name in DATED_FACTS})
        if since is not None:
            plan.counts_from = min(since, plan.counts_from or since)
        person.updated_at = self.now
        plan.updates.append(person)
        plan.update_fields.update(changed)
        if {"name", "area"} & set(changed):
            plan.renamed.append(person)

    def _apply(self, plan: _Plan) -> None:
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        created = self._insert(plan.creates, user=user)
        if plan.updates:
            creation_history_backfill(p.pk for p in plan.updates)  # people an earlier import created
            bulk_update_with_history(plan.updates, Person, [*sorted(plan.update_fields), "updated_at"],
                                     batch_size=500, default_user=user, default_change_reason=CHANGE_REASON)
        if plan.renamed:
            person_write_name_keys(plan.renamed)
            spells_area_follow(plan.renamed)  # the moved among them take their spells along
        if plan.updates:
            # Updated people and their relatives go through the rules as any change of facts does.
            linked = linked_person_ids(p.pk for p in plan.updates)
            categories_recompute(person_ids=sorted(linked.union(p.pk for p in plan.updates)), on=self.today,
                                 actor=user)
        if plan.creates or plan.updates:
            # The record of whom the import created (they get no creation history row: issue 16).
            event_record(actor=user, verb=IMPORTED, object_type="person", area_code=self.scope.prefix,
                         data={"created": len(plan.creates), "created_ids": id_ranges(created),
                               "updated": len(plan.updates), "fields": sorted(plan.update_fields),
                               # a death recorded late: the store recounts the months from it
                               **({"counts_from": plan.counts_from.replace(day=1).isoformat()}
                                  if plan.counts_from else {})})

    def _insert(self, creates: list[ValidRow], *, user) -> list[int]:
        """New people with the risk level their prepared rows carry, their category spells and their
        name keys, as plain row inserts (sheets.bulkrows; see docs/performance.md for why); returns
        their ids. No creation history row: the chunk's event lists whom it created (issue 16, a fifth
        of the rows an import wrote), and services.creation_history_backfill writes the row from the
        stored one before a person's first change."""
        if not creates:
            return []
        index = self.person_columns.index
        at_id, at_area, at_risk = index["id"], index["area_id"], index["risk_level"]
        rows = [valid.new_row for valid in creates]
        for row, pk in zip(rows, ids_reserve(Person, len(rows)), strict=True):
            row[at_id] = pk
        lists_insert(Person, self.person_columns.attnames, rows, binary=True)
        lists_insert(NameKey, ("person_id", "area_id", "key"), [(valid.new_row[at_id], valid.new_row[at_area], key)
                                                                for valid in creates for key in valid.name_keys],
                     binary=True)
        derived = [valid for valid in creates if valid.spells is not None]
        categories_write_new([(valid.new_row[at_id], category, reason) for valid in derived
                              for category, reason in valid.spells], people=len(derived),
                             risk_levels=[valid.new_row[at_risk] for valid in derived], on=self.today, actor=user)
        if len(derived) < len(creates):
            categories_recompute(person_ids=[valid.new_row[at_id] for valid in creates if valid.spells is None],
                                 on=self.today, actor=user)
        return [row[at_id] for row in rows]
