"""Applying received records (inside package_apply's transaction): newer versions replace older
ones, the same or an older version changes nothing, so a replayed or late package is harmless.
A person's ID number is re-encrypted under this installation's key; one ID held by two sources,
or by this node's own registry and a source, goes on the conflict list."""

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.utils import timezone

from guanai.people import idcipher, idnumbers
from guanai.people.idkeys import PENDING_MESSAGE, rotation_pending
from guanai.sheets.bulkrows import bulk_cache, lists_insert
from guanai.upstream.models import Conflict, ConflictKind, Node, ReceivedRecord, RecordKind
from guanai.upstream.packages import PackageRefused
from guanai.upstream.records import BATCH, DELETED, dumps, own_area

SUMMARY_FIELDS = ("name", "sex", "birth_date", "died_on", "dibao", "tekun", "risk_level")
# A line as records._line and records.kind_lines write it: the head's five strings, then "data" last.
# The pattern is made per part with the kind and the sender's code in it, so a line it matches is
# already checked (the kind, a source and an area inside the sender's); matching it costs a quarter
# of json.loads on a whole visit line, the receiver's largest cost after the insert itself
# (docs/performance.md). Any other spelling falls back to json.loads and the checks in Python.
LINE = (r'\{{"kind":"{kind}","source":"({code}[^"\\]*)","key":"([^"\\]*)","area":"({code}[^"\\]*)",'
        r'"version":"([^"\\]*)","data":(\{{.*\}})\}}\Z')
# The columns every received row is inserted with, in this order (ReceivedRecord has no other column
# without a default than its id).
CONSTANT_COLUMNS = ("receiver_id", "kind", "package_id", "received_at")
RECORD_COLUMNS = ("source", "key", "area_code", "version", "body", "id_number_cipher", "id_number_digest",
                  "id_number_masked", "issued_code")

Line = tuple[str, str, str, str, str]  # source, key, area, version, and the "data" object's JSON text


class LineParser:
    """Reads the lines of one part, refusing any of another kind or outside the sender's area."""

    def __init__(self, *, kind: str, sender: Node):
        self.kind, self.code = kind, sender.code
        self._pattern = re.compile(LINE.format(kind=re.escape(kind), code=re.escape(sender.code)), re.DOTALL)

    def __call__(self, raw: bytes) -> Line:
        text = raw.decode()
        match = self._pattern.match(text)
        return match.groups() if match else self._slow(text)

    def _slow(self, text: str) -> Line:
        try:
            record = json.loads(text)
        except ValueError:
            raise PackageRefused(f"一行记录不是有效的 JSON / a record line is not JSON: {text[:80]}") from None
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise PackageRefused(f"一行记录缺少内容 data / a record line has no data object: {text[:80]}")
        source, key, area, version = (str(record.get(name, "")) for name in ("source", "key", "area", "version"))
        if record.get("kind") != self.kind or not source.startswith(self.code) or not area.startswith(self.code):
            raise PackageRefused(f"记录 {source}:{key} 不属于发送方 {self.code} 的辖区 / "
                                 "a record lies outside the sender's area")
        return source, key, area, version, dumps(record["data"])


def _batches(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def records_apply(lines: Iterable[bytes], *, local: Node, sender: Node, kind: str, package_id: str) -> dict:
    """Apply one part's raw lines. Until this node holds a record of this kind from the sender's area
    (a first full package), no line can replace one, so the per-batch lookup of held versions is skipped;
    a key sent twice then fails the unique constraint and the whole package is refused (services)."""
    if kind not in RecordKind.values:
        raise PackageRefused(f"未知的记录类型 {kind} / unknown record kind")
    if rotation_pending():  # matching goes by the current digest only (people/idkeys.py)
        raise PackageRefused(PENDING_MESSAGE)
    held = ReceivedRecord.objects.filter(receiver=local, kind=kind, source__startswith=sender.code).exists()
    constant = (local.pk, kind, package_id, connection.ops.adapt_datetimefield_value(timezone.now()))
    parse = LineParser(kind=kind, sender=sender)
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    with bulk_cache():
        for batch in _batches(lines, BATCH):
            _apply_batch([parse(raw) for raw in batch], local=local, kind=kind, constant=constant, held=held,
                         counts=counts)
    return counts


def _existing(batch: list[Line], *, local: Node, kind: str) -> dict[tuple[str, str], tuple[int, str]]:
    """The held (id, version) of the batch's keys: one plain query per source (Django's lookup building
    for 5,000 keys cost more than the query)."""
    by_source: dict[str, list[str]] = {}
    for source, key, *_rest in batch:
        by_source.setdefault(source, []).append(key)
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for source, keys in by_source.items():
            marks = ", ".join(["%s"] * len(keys))
            cursor.execute(f"SELECT {quote('key')}, id, version FROM {quote(ReceivedRecord._meta.db_table)} "  # noqa: S608
                           f"WHERE receiver_id = %s AND kind = %s AND source = %s AND {quote('key')} IN ({marks})",
                           [local.pk, kind, source, *keys])
            for key, pk, version in cursor.fetchall():
                found[(source, key)] = (pk, version)
    return found


def _newer(batch: list[Line], *, local: Node, kind: str, counts: dict, new: str = "new",
           updated: str = "updated") -> tuple[list[Line], list[int]]:
    """The lines newer than what is held (older or equal ones change nothing), and the held rows they replace."""
    existing = _existing(batch, local=local, kind=kind)
    if not existing:
        counts[new] += len(batch)
        return batch, []
    fresh, replaced = [], []
    for line in batch:
        held = existing.get((line[0], line[1]))
        if held is None:
            counts[new] += 1
        elif line[3] <= held[1]:
            counts["unchanged"] += 1
            continue
        else:
            replaced.append(held[0])
            counts[updated] += 1
        fresh.append(line)
    return fresh, replaced


def _apply_batch(batch: list[Line], *, local: Node, kind: str, constant: tuple, held: bool, counts: dict) -> None:
    if held:
        batch, replaced = _newer(batch, local=local, kind=kind, counts=counts)
    else:
        counts["new"] += len(batch)
        replaced = []
    if replaced:
        ReceivedRecord.objects.filter(pk__in=replaced).delete()
    if kind != RecordKind.PERSON:
        lists_insert(ReceivedRecord, CONSTANT_COLUMNS + RECORD_COLUMNS,
                     [(*constant, *line, None, "", "", "") for line in batch])
        return
    people = []
    for source, key, area, version, data in batch:
        person = _person_columns(json.loads(data)) | {"source": source, "key": key, "area_code": area,
                                                      "version": version}
        people.append(person)
    lists_insert(ReceivedRecord, CONSTANT_COLUMNS + RECORD_COLUMNS,
                 [(*constant, *(p[name] for name in RECORD_COLUMNS)) for p in people])
    _conflicts_for(people, local=local)


def tombstones_apply(lines: Iterable[bytes], *, local: Node, sender: Node, package_id: str) -> dict:
    """Deletions at the source: the held record is emptied and marked deleted, keeping the tombstone's
    version (a record never received is stored so, too), so that an older package cannot bring it back.
    A tombstone older than the held version (the record was sent again since) changes nothing."""
    parse = LineParser(kind=DELETED, sender=sender)
    counts = {"deleted": 0, "unchanged": 0}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for batch in _batches(lines, BATCH):
        by_kind: dict[str, list[Line]] = defaultdict(list)
        for source, key, area, version, data in map(parse, batch):
            target = json.loads(data)
            kind, record_key = target.get("kind"), str(target.get("key", ""))
            if kind not in RecordKind.values or key != f"{kind}:{record_key}":
                raise PackageRefused(f"删除记录 {key} 无法识别 / a tombstone names no known record")
            by_kind[kind].append((source, record_key, area, version, "{}"))
        for kind, tombstones in by_kind.items():
            fresh, replaced = _newer(tombstones, local=local, kind=kind, counts=counts, new="deleted",
                                     updated="deleted")
            ReceivedRecord.objects.filter(pk__in=replaced).delete()
            lists_insert(ReceivedRecord, (*CONSTANT_COLUMNS, *RECORD_COLUMNS, "deleted"),
                         [(local.pk, kind, package_id, now, *line, None, "", "", "", True) for line in fresh])
    return counts


def _person_columns(data: dict) -> dict:
    number = idnumbers.clean(data.pop("id_number", "") or "") if data.get("id_number") else ""
    body = dumps(data)
    if not number:
        return {"body": body, "id_number_cipher": None, "id_number_digest": "", "id_number_masked": "",
                "issued_code": ""}
    return {"body": body, "id_number_cipher": idcipher.encrypt(number), "id_number_digest": idcipher.digest(number),
            "id_number_masked": idnumbers.mask(number), "issued_code": number[:6]}


def summary(body: str) -> dict:
    data = json.loads(body)
    return {name: data.get(name) for name in SUMMARY_FIELDS} | {"spells": data.get("spells", [])}


def _conflicts_for(people: list[dict], *, local: Node) -> None:
    """One ID number held by another source at this node, or by this node's own registry."""
    by_digest = {p["id_number_digest"]: p for p in people if p["id_number_digest"]}
    if not by_digest:
        return
    others = (ReceivedRecord.objects.filter(receiver=local, kind=RecordKind.PERSON, deleted=False,
                                            id_number_digest__in=by_digest)
              .values_list("id_number_digest", "source", "key", "area_code", "body"))
    conflicts = []
    for digest, source, key, area, body in others:
        mine = by_digest[digest]
        if source == mine["source"]:
            continue
        conflicts.append(_conflict(local, mine, other=(source, key, area, summary(body))))
    from guanai.people.models import Person  # the registry of this node itself

    for person in own_area(Person.objects.filter(id_number_digest__in=by_digest), local):
        mine = by_digest[person.id_number_digest]
        local_version = {name: getattr(person, name) for name in SUMMARY_FIELDS}
        conflicts.append(_conflict(local, mine, other=(local.code, str(person.pk), person.area_id,
                                                       json.loads(dumps(local_version)))))
    Conflict.objects.bulk_create(conflicts, ignore_conflicts=True)


def _conflict(local: Node, mine: dict, *, other: tuple[str, str, str, dict]) -> Conflict:
    source, key, area, version = other
    return Conflict(node=local, kind=ConflictKind.TWO_AREAS, area_code=area, other_area_code=mine["area_code"],
                    id_number_digest=mine["id_number_digest"], id_number_masked=mine["id_number_masked"],
                    local_source=source, local_key=key, local=version, incoming_source=mine["source"],
                    incoming_key=mine["key"], incoming=summary(mine["body"]))
