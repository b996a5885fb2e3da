"""Applying received records (inside package_apply's transaction): newer versions replace older
ones, the same or an older version changes nothing, so a replayed or late package is harmless.
A person's ID number is re-encrypted under this installation's key; one ID held by two sources,
or by this node's own registry and a source, goes on the conflict list."""

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from django.utils import timezone

from guanai.people import idcipher, idnumbers
from guanai.people.idkeys import PENDING_MESSAGE, rotation_pending
from guanai.sheets.bulkrows import InsertColumns, lists_insert
from guanai.upstream.models import Conflict, ConflictKind, Node, ReceivedRecord, RecordKind
from guanai.upstream.packages import PackageRefused
from guanai.upstream.records import BATCH, dumps, own_area

SUMMARY_FIELDS = ("name", "sex", "birth_date", "died_on", "dibao", "tekun", "risk_level")


Line = tuple[dict, bytes]  # a record parsed, and its raw line


def _batches(lines: Iterable[Line], size: int) -> Iterator[list[Line]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def records_apply(lines: Iterable[Line], *, local: Node, sender: Node, kind: str, package_id: str) -> dict:
    if kind not in RecordKind.values:
        raise PackageRefused(f"未知的记录类型 {kind} / unknown record kind")
    if rotation_pending():  # matching goes by the current digest only (people/idkeys.py)
        raise PackageRefused(PENDING_MESSAGE)
    columns = InsertColumns(ReceivedRecord, with_pk=False)
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = timezone.now()
    for batch in _batches(lines, BATCH):
        _apply_batch(batch, local=local, sender=sender, kind=kind, package_id=package_id, now=now,
                     columns=columns, counts=counts)
    return counts


def _check(record: dict, sender: Node, kind: str) -> None:
    if record.get("kind") != kind or not str(record.get("source", "")).startswith(sender.code) \
            or not str(record.get("area", "")).startswith(sender.code):
        raise PackageRefused(f"记录 {record.get('source')}:{record.get('key')} 不属于发送方 {sender.code} 的辖区 / "
                             "a record lies outside the sender's area")


def _existing(batch: list[Line], *, local: Node, kind: str) -> dict[tuple[str, str], tuple[int, str]]:
    found = {}
    by_source: dict[str, list[str]] = {}
    for record, _raw in batch:
        by_source.setdefault(record["source"], []).append(str(record["key"]))
    for source, keys in by_source.items():
        rows = ReceivedRecord.objects.filter(receiver=local, kind=kind, source=source, key__in=keys)
        for key, pk, version in rows.values_list("key", "pk", "version"):
            found[(source, key)] = (pk, version)
    return found


def _raw_data(raw: bytes) -> str:
    """The line's "data" object as it came: the writer puts it last (records._line, kind_lines), so the
    text need not be encoded again; the parsed record was checked already."""
    start = raw.find(b',"data":')
    return raw[start + 8:-1].decode() if start > 0 and raw.endswith(b"}") else ""


def _apply_batch(batch: list[Line], *, local: Node, sender: Node, kind: str, package_id: str, now, columns,
                 counts: dict) -> None:
    existing = _existing(batch, local=local, kind=kind)
    replaced, rows, people = [], [], []
    for record, raw in batch:
        _check(record, sender, kind)
        key = (record["source"], str(record["key"]))
        if key in existing:
            pk, version = existing[key]
            if record["version"] <= version:
                counts["unchanged"] += 1
                continue
            replaced.append(pk)
            counts["updated"] += 1
        else:
            counts["new"] += 1
        values = {"receiver_id": local.pk, "source": record["source"], "kind": kind, "key": str(record["key"]),
                  "area_code": record["area"], "version": record["version"], "package_id": package_id,
                  "received_at": now, "id_number_cipher": None, "id_number_digest": "", "id_number_masked": "",
                  "issued_code": ""}
        if kind == RecordKind.PERSON:
            values.update(_person_columns(record["data"]))
            people.append(values)
        else:
            values["body"] = _raw_data(raw) or dumps(record["data"])
        rows.append(columns.row(values))
    if replaced:
        ReceivedRecord.objects.filter(pk__in=replaced).delete()
    lists_insert(ReceivedRecord, columns.attnames, rows)
    if people:
        _conflicts_for(people, local=local)


def _person_columns(data: dict) -> dict:
    number = idnumbers.clean(data.pop("id_number", "") or "") if data.get("id_number") else ""
    body = dumps(data)
    if not number:
        return {"body": body}
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
    others = (ReceivedRecord.objects.filter(receiver=local, kind=RecordKind.PERSON, id_number_digest__in=by_digest)
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
