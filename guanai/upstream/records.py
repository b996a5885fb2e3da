"""What a package carries, kind by kind (docs/upstream.md, "What each level may see").

A node reports the records of its own area except the areas of its registered child nodes (those
report for themselves), plus, relayed unchanged with their source, what it received from below.
Each record is one JSON line: {"kind", "source", "key", "area", "version", "data"}. Need-to-know:
a visit goes up without its narrative, a case as its stage and situation without reports or notes,
an enrollment without the bank account; the person's ID number travels only inside the sealed part.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator

from django.db import connection
from django.db.models import Model, Q, QuerySet

from guanai.accounts.scoping import Scope, scoped
from guanai.benefits.models import Enrollment, Payment
from guanai.cases.models import Case
from guanai.facilities.models import Facility
from guanai.people import idcipher
from guanai.people.models import CategorySpell, Person
from guanai.upstream.models import Node, ReceivedRecord, RecordKind
from guanai.upstream.packages import wire_time
from guanai.visits.models import VisitRecord

PERSON_FIELDS = ("name", "sex", "birth_date", "hukou_type", "living_arrangement", "is_migrant_worker",
                 "away_scope", "disability_type", "disability_grade", "care_need", "died_on",
                 "declared_missing_on", "dibao", "tekun", "in_full_time_school", "risk_level")
SPELL_FIELDS = ("category", "started_on", "ended_on", "end_reason", "source")
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
              RecordKind.FACILITY)
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


def person_lines(node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """People changed in the window, or whose category spells changed in it, each with all its spells.
    The version is the later of the person's and its spells' last change."""
    people = own_area(Person.objects.all(), node)
    changed_spells = _window(CategorySpell.objects.filter(person__in=people.values("pk")), since, until)
    selected = _window(people, since, until) | people.filter(pk__in=changed_spells.values("person_id"))
    ids = list(selected.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        spells: dict[int, list[dict]] = defaultdict(list)
        latest: dict[int, datetime.datetime] = {}
        for row in CategorySpell.objects.filter(person_id__in=chunk).values("person_id", "updated_at", *SPELL_FIELDS):
            person_id, changed = row.pop("person_id"), row.pop("updated_at")
            spells[person_id].append(row)
            latest[person_id] = max(changed, latest.get(person_id, changed))
        rows = Person.objects.filter(pk__in=chunk).order_by("pk").values(
            "pk", "area_id", "updated_at", "id_number_cipher", *PERSON_FIELDS)
        for row in rows:
            pk, area, cipher = row.pop("pk"), row.pop("area_id"), row.pop("id_number_cipher")
            version = max(row.pop("updated_at"), latest.get(pk, datetime.datetime.min.replace(tzinfo=datetime.UTC)))
            row["id_number"] = idcipher.decrypt(cipher) if cipher else ""
            row["spells"] = spells.get(pk, [])
            yield _line(kind=RecordKind.PERSON, source=node.code, key=pk, area=area, version=wire_time(version),
                        data_json=dumps(row))


def _wire(value) -> str:
    """A stored time as the wire's version text (UTC). SQLite hands back its stored text, PostgreSQL an
    aware datetime."""
    if isinstance(value, datetime.datetime):
        return wire_time(value)
    text = value.replace(" ", "T")
    return (text if "." in text else text + ".000000")[:26] + "Z"


def kind_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """Read through a plain cursor: Django's per-value converters were half the time on 1,000,000 visits
    (docs/performance.md); the values are only written out again as JSON."""
    model, fields = KIND_FIELDS[kind]
    queryset = _window(own_area(model.objects.all(), node), since, until).order_by("pk").values_list(
        "pk", "area_id", "updated_at", *fields)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(BATCH):
            for pk, area, updated_at, *values in chunk:
                yield dumps({"kind": kind, "source": node.code, "key": str(pk), "area": area,
                             "version": _wire(updated_at), "data": dict(zip(fields, values, strict=True))})


def relay_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    """What this node received from below, passed on with its original source and version."""
    rows = _window(ReceivedRecord.objects.filter(receiver=node, kind=kind), since, until, field="received_at")
    for source, key, area, version, body, cipher in rows.order_by("pk").values_list(
            "source", "key", "area_code", "version", "body", "id_number_cipher").iterator(chunk_size=BATCH):
        if kind == RecordKind.PERSON:
            number = idcipher.decrypt(cipher) if cipher else ""
            body = f'{body[:-1]},"id_number":{dumps(number)}}}'
        yield _line(kind=kind, source=source, key=key, area=area, version=version, data_json=body)


def report_lines(kind: str, node: Node, since: datetime.datetime | None, until: datetime.datetime) -> Iterator[str]:
    own = person_lines(node, since, until) if kind == RecordKind.PERSON else kind_lines(kind, node, since, until)
    yield from own
    yield from relay_lines(kind, node, since, until)


def people_holding(digests: list[str], node: Node) -> dict[str, Person]:
    """This node's own people with these ID digests (for flowback and conflicts)."""
    people = own_area(Person.objects.filter(id_number_digest__in=digests), node)
    return {p.id_number_digest: p for p in people}


def q_under(code: str, field: str = "area_code") -> Q:
    return Q(**{f"{field}__startswith": code})
