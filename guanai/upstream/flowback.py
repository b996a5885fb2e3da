"""数据回流: what a higher node sends back to a child node, and applying it there as a worklist.

Three topics (docs/upstream.md): a child whose ID number was issued in the child node's area but who
is registered under another source (本县籍儿童在外地登记), the higher level's decision on one ID
held in two areas that involves the child node, and a person another county reported as moved out
to the child node's area (户籍迁入). Where the child node changed that person after the
version the decision was made on, the decision does not overwrite anything: both versions go on
the child node's conflict list.
"""

import datetime
import json
from collections.abc import Iterable, Iterator

from django.db.models import Q
from django.utils import timezone

from guanai.people import idcipher, idnumbers
from guanai.people.models import Person
from guanai.upstream.models import (
    Conflict,
    ConflictDecision,
    ConflictKind,
    FlowbackItem,
    FlowbackTopic,
    Node,
    ReceivedRecord,
    RecordKind,
)
from guanai.upstream.packages import PackageRefused, parse_wire_time, wire_time
from guanai.upstream.receiving import SUMMARY_FIELDS
from guanai.upstream.records import BATCH, _line, _window, dumps, own_area

CHILD_AGE_LIMIT = 18  # RULES.md "Children": a child is under 18


def _is_child(birth_date: str | None, on: datetime.date) -> bool:
    if not birth_date:
        return False
    born = datetime.date.fromisoformat(birth_date)
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < CHILD_AGE_LIMIT


def _registered_elsewhere(local: Node, child: Node, since, until) -> Iterator[str]:
    today = timezone.localdate()
    people = ReceivedRecord.objects.filter(receiver=local, kind=RecordKind.PERSON, deleted=False,
                                           issued_code__startswith=child.code)
    rows = _window(people.exclude(source__startswith=child.code), since, until, field="received_at")
    for source, key, area, version, body, cipher in rows.values_list(
            "source", "key", "area_code", "version", "body", "id_number_cipher").iterator(chunk_size=BATCH):
        data = json.loads(body)
        if not _is_child(data.get("birth_date"), today):
            continue
        person = {name: data.get(name) for name in SUMMARY_FIELDS} | {
            "id_number": idcipher.decrypt(cipher) if cipher else "", "area_code": area, "source": source}
        yield _line(kind="flowback", source=local.code, key=f"re:{source}:{key}", area=child.code, version=version,
                    data_json=dumps({"topic": FlowbackTopic.REGISTERED_ELSEWHERE, "person": person}))


def _decisions(local: Node, child: Node, since, until) -> Iterator[str]:
    decided = _window(Conflict.objects.filter(node=local, kind=ConflictKind.TWO_AREAS).exclude(decision="")
                      .filter(Q(local_source__startswith=child.code) | Q(incoming_source__startswith=child.code)),
                      since, until, field="decided_at")
    for conflict in decided.iterator(chunk_size=BATCH):
        ours_is_local = conflict.local_source.startswith(child.code)
        source, key = ((conflict.local_source, conflict.local_key) if ours_is_local
                       else (conflict.incoming_source, conflict.incoming_key))
        ours = ReceivedRecord.objects.filter(receiver=local, kind=RecordKind.PERSON, source=source, key=key,
                                             deleted=False).first()
        kept = {ConflictDecision.KEEP_LOCAL: conflict.local_source, ConflictDecision.TAKE_INCOMING:
                conflict.incoming_source}.get(conflict.decision, "")
        data = {"topic": FlowbackTopic.CONFLICT_DECIDED, "decision": conflict.decision, "note": conflict.note,
                "kept_by": kept, "your_key": key, "your_version": ours.version if ours else "",
                "person": (conflict.local if ours_is_local else conflict.incoming) | {
                    "id_number": idcipher.decrypt(ours.id_number_cipher) if ours and ours.id_number_cipher else "",
                    "area_code": ours.area_code if ours else conflict.area_code},
                "other": (conflict.incoming if ours_is_local else conflict.local) | {
                    "area_code": conflict.other_area_code if ours_is_local else conflict.area_code}}
        yield _line(kind="flowback", source=local.code, key=f"cd:{conflict.pk}", area=data["person"]["area_code"],
                    version=wire_time(conflict.decided_at), data_json=dumps(data))


def _moved_in(local: Node, child: Node, since, until) -> Iterator[str]:
    """People another county reported as moved out to a place in the child node's area (people.
    person_move_out): the destination learns of them, with the ID number, to register them there.
    The item's area is the destination's code, so its worklist scoping finds the right village."""
    people = ReceivedRecord.objects.filter(receiver=local, kind=RecordKind.PERSON, deleted=False,
                                           body__contains=f'"moved_out_to":"{child.code}')
    rows = _window(people.exclude(source__startswith=child.code), since, until, field="received_at")
    for source, key, area, version, body, cipher in rows.values_list(
            "source", "key", "area_code", "version", "body", "id_number_cipher").iterator(chunk_size=BATCH):
        data = json.loads(body)
        person = {name: data.get(name) for name in SUMMARY_FIELDS} | {
            "id_number": idcipher.decrypt(cipher) if cipher else "", "area_code": area, "source": source,
            "moved_out_on": data.get("moved_out_on"), "moved_out_place": data.get("moved_out_place", ""),
            "spells": data.get("spells", [])}
        yield _line(kind="flowback", source=local.code, key=f"mi:{source}:{key}", area=data["moved_out_to"],
                    version=version, data_json=dumps({"topic": FlowbackTopic.MOVED_IN, "person": person}))


def flowback_lines(local: Node, child: Node, since: datetime.datetime | None, until: datetime.datetime
                   ) -> Iterator[str]:
    yield from _registered_elsewhere(local, child, since, until)
    yield from _decisions(local, child, since, until)
    yield from _moved_in(local, child, since, until)


def flowback_apply(lines: Iterable[tuple[dict, bytes]], *, local: Node, sender: Node) -> dict:
    counts = {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
    for record, _raw in lines:
        if record.get("kind") != "flowback" or record.get("source") != sender.code \
                or not str(record.get("area", "")).startswith(local.code):
            raise PackageRefused(f"回流事项 {record.get('key')} 不属于本节点 / a flowback item is not for this node")
        counts[_item_apply(record, local=local, sender=sender, counts=counts)] += 1
    return counts


def _item_apply(record: dict, *, local: Node, sender: Node, counts: dict) -> str:
    data = record["data"]
    person_data = dict(data.get("person", {}))
    number = person_data.pop("id_number", "")
    holders = Person.objects.filter(id_number_digest__in=idcipher.digests(number)) if number else Person.objects.none()
    mine = own_area(holders, local).first()
    item = FlowbackItem.objects.filter(node=local, source=sender.code, key=record["key"]).first()
    if item is not None and record["version"] <= item.version:
        return "unchanged"
    outcome = "new" if item is None else "updated"
    item = item or FlowbackItem(node=local, source=sender.code, key=record["key"])
    item.version, item.topic, item.area_code = record["version"], data["topic"], record["area"]
    item.person, item.summary = mine, {**data, "person": person_data}
    item.id_number_masked = idnumbers.mask(number) if number else ""
    item.handled_at = item.handled_by = None
    item.full_clean()
    item.save()
    if data["topic"] == FlowbackTopic.CONFLICT_DECIDED and mine is not None and _changed_since(mine, data):
        Conflict.objects.get_or_create(
            node=local, kind=ConflictKind.BOTH_CHANGED, local_source=local.code, local_key=str(mine.pk),
            incoming_source=sender.code, incoming_key=record["key"], decision="",
            defaults={"area_code": mine.area_id, "other_area_code": person_data.get("area_code", ""),
                      "id_number_digest": mine.id_number_digest, "id_number_masked": mine.id_number_masked,
                      "local": json.loads(dumps({n: getattr(mine, n) for n in SUMMARY_FIELDS})),
                      "incoming": {**person_data, "decision": data["decision"], "note": data.get("note", "")}})
        counts["conflicts"] += 1
    return outcome


def _changed_since(person: Person, data: dict) -> bool:
    """This node changed the person after the version the higher level decided on."""
    decided_on = parse_wire_time(data.get("your_version"))
    return decided_on is not None and person.updated_at > decided_on

