"""What a package carries, kind by kind (docs/upstream.md, "What each level may see").

A node reports the records of its own area except the areas of its registered child nodes (those
report for themselves), plus, relayed unchanged with their source, what it received from below.
Each record is one JSON line: {"kind", "source", "key", "area", "version", "data"}. Need-to-know:
a visit goes up without its narrative, a case as its stage and situation without reports or notes,
an enrollment without the bank account, a post's holders without their phone numbers; the person's
ID number travels only inside the sealed part. Payments go up once their roster is locked (the
lines of an open roster are a draft, rebuilt at will). What was deleted goes up as a tombstone in
the last part, `deleted` (docs/upstream.md).
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.db import connection
from django.db.models import F, Max, Model, QuerySet
from django.db.models.functions import Coalesce, Greatest

from guanai.accounts.scoping import Scope, scoped
from guanai.benefits.models import Enrollment, Payment, RosterStatus
from guanai.cases.models import Case
from guanai.facilities.models import Facility
from guanai.people import idcipher
from guanai.people.models import CategorySpell, Person
from guanai.upstream.models import Node, ReceivedRecord, RecordKind, Tombstone
from guanai.upstream.packages import wire_time
from guanai.visits.models import VisitRecord
from guanai.workforce.models import Post, Tenure

PERSON_FIELDS = ("name", "sex", "birth_date", "hukou_type", "living_arrangement", "is_migrant_worker",
                 "away_scope", "disability_type", "disability_grade", "care_need", "died_on",
                 "declared_missing_on", "dibao", "tekun", "in_full_time_school", "risk_level", "moved_out_on",
                 "moved_out_to", "moved_out_place")
SPELL_FIELDS = ("category", "started_on", "ended_on", "end_reason", "source")
POST_FIELDS = ("kind", "facility_id", "title", "established_on", "abolished_on")
TENURE_FIELDS = ("name", "background", "started_on", "ended_on", "end_reason", "trained_on", "certificate_no",
                 "certificate_on")
DELETED = "deleted"  # the tombstones' part, written last
# Need-to-know per kind: the columns that go up; narratives, reporters and bank accounts do not.
KIND_FIELDS: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    RecordKind.VISIT: (VisitRecord, ("person_id", "method", "visited_at", "target_group", "risk_level", "health",
                                     "mental_state", "gas_safety", "power_safety", "fire_safety", "fall_safety",
                                     "money_received", "supporters_care", "version", "is_current")),
    RecordKind.CASE: (Case, ("person_id", "number", "stage", "urgent", "situation", "opened_at", "risk_level",
                             "closure_reason", "closed_at")),
    RecordKind.ENROLLMENT: (Enrollment, ("person_id", "programme_id", "variant", "status", "starts_on", "ends_on",
                                         "end_reason")),
    RecordKind.PAYMENT: (Payment, ("person_id", "enrollment_id", "month", "kind", "amount_fen")),
    # A facility without its bank account (the subsidy is paid at its own level).
    RecordKind.FACILITY: (Facility, ("kind_id", "name", "operator", "operator_name", "status", "opened_on",
                                     "closed_on")),
}
KIND_ORDER = (RecordKind.PERSON, RecordKind.VISIT, RecordKind.CASE, RecordKind.ENROLLMENT, RecordKind.PAYMENT,
              RecordKind.FACILITY, RecordKind.POST)
REPORT_PARTS = (*KIND_ORDER, DELETED)
BATCH = 5000


def _plain(value):
    if isinstance(value, datetime.datetime):
        return wire_time(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain)


def own_area(queryset: QuerySet, node: Node) -> QuerySet:
    """The node's own records: its area, minus the areas its child nodes report for themselves."""
    queryset = scoped(queryset, scope=Scope(node.code))
    for child_code in node.children.values_list("code", flat=True):
        queryset = queryset.exclude(area__pk__startswith=child_code)
    return queryset


def _window(queryset: QuerySet, since: datetime.datetime | None, until: datetime.datetime,
            field: str = "updated_at") -> QuerySet:
    queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset.filter(**{f"{field}__gt": since}) if since else queryset


def _line(*, kind: str, source: str, key, area: str, version: str, data_json: str) -> str:
    head = dumps({"kind": kind, "source": source, "key": str(key), "area": area, "version": version})
    return f'{head[:-1]},"data":{data_json}}}'


def _records_with_parts(*, kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime,
                        parents: QuerySet, parts: QuerySet, link: str, fields: tuple[str, ...],
                        part_fields: tuple[str, ...], parts_key: str,
                        finish: Callable[[dict], None] | None = None) -> Iterator[str]:
    """Records that go up whole with their parts (a person with its spells, a post with its holders):
    those changed in the window, whose parts changed in it, or a part of which was deleted in it. The
    version is the latest change of the record or of any part (a part's deletion included)."""
    parts_deleted = _parts_deleted(kind)
    changed_parts = _window(parts.filter(**{f"{link}__in": parents.values("pk")}), since, until)
    selected = (_window(parents, since, until) | parents.filter(pk__in=changed_parts.values(link))
                | parents.filter(pk__in=_in_window(parts_deleted, since, until)))
    ids = list(selected.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        found: dict[int, list[dict]] = defaultdict(list)
        latest = {pk: parts_deleted[pk] for pk in chunk if pk in parts_deleted}
        for row in parts.filter(**{f"{link}__in": chunk}).values(link, "updated_at", *part_fields):
            parent, changed_at = row.pop(link), row.pop("updated_at")
            found[parent].append(row)
            latest[parent] = max(changed_at, latest.get(parent, changed_at))
        for row in parents.model.objects.filter(pk__in=chunk).order_by("pk").values("pk", "area_id", "updated_at",
                                                                                     *fields):
            pk, area = row.pop("pk"), row.pop("area_id")
            version = max(row.pop("updated_at"), latest.get(pk, datetime.datetime.min.replace(tzinfo=datetime.UTC)))
            if finish is not None:
                finish(row)
            row[parts_key] = found.get(pk, [])
            yield _line(kind=kind, source=node.code, key=pk, area=area, version=wire_time(version),
                        data_json=dumps(row))


def _id_number_revealed(row: dict) -> None:
    """The ID number travels in clear inside the sealed part (the package seals it for the receiver)."""
    cipher = row.pop("id_number_cipher")
    row["id_number"] = idcipher.decrypt(cipher) if cipher else ""


def person_lines(node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """People changed in the window, or whose category spells changed in it, each with all its spells."""
    yield from _records_with_parts(
        kind=RecordKind.PERSON, node=node, since=since, until=until, parents=own_area(Person.objects.all(), node),
        parts=CategorySpell.objects.all(), link="person_id", fields=("id_number_cipher", *PERSON_FIELDS),
        part_fields=SPELL_FIELDS, parts_key="spells", finish=_id_number_revealed)


def _wire(value) -> str:
    """A stored time as the wire's version text (UTC). SQLite hands back its stored text, PostgreSQL an
    aware datetime."""
    if isinstance(value, datetime.datetime):
        return wire_time(value)
    text = value.replace(" ", "T")
    return (text if "." in text else text + ".000000")[:26] + "Z"


def _parts_deleted(kind: str) -> dict[int, datetime.datetime]:
    """Records of `kind` a row of which (a spell, a tenure) was deleted, with the last such deletion:
    that moves the record's version on, and a deletion in the window sends it again whole. One query
    (such deletions are few: a spell entered by mistake)."""
    rows = Tombstone.objects.filter(kind=kind).exclude(part="").values("key").annotate(last=Max("deleted_at"))
    return {int(row["key"]): row["last"] for row in rows}


def _in_window(moments: dict[int, datetime.datetime], since: datetime.datetime | None,
               until: datetime.datetime) -> list[int]:
    return [pk for pk, at in moments.items() if at <= until and (since is None or at > since)]


def post_lines(node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """Posts changed in the window, or whose holders changed in it, each with every holder over time
    (for coverage and turnover above: who held it when, and trained when; no phone number)."""
    yield from _records_with_parts(
        kind=RecordKind.POST, node=node, since=since, until=until, parents=own_area(Post.objects.all(), node),
        parts=Tenure.objects.order_by("started_on", "pk"), link="post_id", fields=POST_FIELDS,
        part_fields=TENURE_FIELDS, parts_key="tenures")


def _selected(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> QuerySet:
    """A kind's own records changed in the window, with their version time. A payment goes up once its
    roster is locked, so its version is the later of its own change and the lock."""
    model, _fields = KIND_FIELDS[kind]
    queryset = own_area(model.objects.all(), node)
    if kind == RecordKind.PAYMENT:
        queryset = queryset.filter(roster__status=RosterStatus.LOCKED).annotate(
            version_at=Greatest("updated_at", Coalesce("roster__locked_at", "updated_at")))
    else:
        queryset = queryset.annotate(version_at=F("updated_at"))
    return _window(queryset, since, until, field="version_at")


def kind_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """Read through a plain cursor: Django's per-value converters were half the time on 1,000,000 visits
    (docs/performance.md); the values are only written out again as JSON."""
    _model, fields = KIND_FIELDS[kind]
    queryset = _selected(kind, node, since, until).order_by("pk").values_list("pk", "area_id", "version_at",
                                                                               *fields)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(BATCH):
            for pk, area, updated_at, *values in chunk:
                yield dumps({"kind": kind, "source": node.code, "key": str(pk), "area": area,
                             "version": _wire(updated_at), "data": dict(zip(fields, values, strict=True))})


def relay_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """What this node received from below, passed on with its original source and version."""
    rows = _window(ReceivedRecord.objects.filter(receiver=node, kind=kind, deleted=False), since, until,
                   field="received_at")
    for source, key, area, version, body, cipher in rows.order_by("pk").values_list(
            "source", "key", "area_code", "version", "body", "id_number_cipher").iterator(chunk_size=BATCH):
        if kind == RecordKind.PERSON:
            number = idcipher.decrypt(cipher) if cipher else ""
            body = f'{body[:-1]},"id_number":{dumps(number)}}}'
        yield _line(kind=kind, source=source, key=key, area=area, version=version, data_json=body)


def deleted_lines(node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """Tombstones: this node's own deletions in its area (not its child nodes'), then those received
    from below, relayed with their source. Each names the record's kind and key; version = when."""
    own = _window(Tombstone.objects.filter(part="", area_code__startswith=node.code), since, until,
                  field="deleted_at")
    for child_code in node.children.values_list("code", flat=True):
        own = own.exclude(area_code__startswith=child_code)
    for kind, key, area, deleted_at in own.order_by("pk").values_list("kind", "key", "area_code", "deleted_at"):
        yield _line(kind=DELETED, source=node.code, key=f"{kind}:{key}", area=area, version=wire_time(deleted_at),
                    data_json=dumps({"kind": kind, "key": key}))
    relayed = _window(ReceivedRecord.objects.filter(receiver=node, deleted=True), since, until, field="received_at")
    for kind, source, key, area, version in relayed.order_by("pk").values_list(
            "kind", "source", "key", "area_code", "version").iterator(chunk_size=BATCH):
        yield _line(kind=DELETED, source=source, key=f"{kind}:{key}", area=area, version=version,
                    data_json=dumps({"kind": kind, "key": key}))


def report_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    if kind == DELETED:
        yield from deleted_lines(node, since, until)
        return
    own = {RecordKind.PERSON: person_lines, RecordKind.POST: post_lines}.get(kind)
    yield from own(node, since, until) if own else kind_lines(kind, node, since, until)
    yield from relay_lines(kind, node, since, until)
