"""A person's facts on a date, as the rules read them (PersonFacts), and their bulk loading.

facts_load reads people, their open relationships and their relatives' facts in three queries,
whatever the number of people, so that recomputing categories never costs a query per person.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from guanai.areas.models import Kind
from guanai.people.models import HukouType, Person, Relationship, RelationshipKind


@dataclass(slots=True, eq=False)
class PersonFacts:
    """A person's facts on a date, with their open relationships one level deep (equal only to itself)."""

    id: int | None = None
    name: str = ""
    area_code: str = ""
    area_kind: str = ""
    sex: str = ""
    birth_date: date | None = None
    hukou_type: str = ""
    living_arrangement: str = ""
    is_migrant_worker: bool = False
    away_scope: str = ""
    away_since: date | None = None
    disability_type: str = ""
    disability_grade: int | None = None
    care_need: str = ""
    severe_illness: str = ""
    custody_type: str = ""
    custody_since: date | None = None
    custody_term_months: int | None = None
    out_of_contact_since: date | None = None
    guardianship_revoked_on: date | None = None
    deported_on: date | None = None
    died_on: date | None = None
    declared_missing_on: date | None = None
    parents_unknown: bool = False
    dibao: bool = False
    tekun: bool = False
    bereaved_one_child_family: bool = False
    in_full_time_school: bool = False
    written_notice_given: bool = False
    weekly_contact: bool = False
    carer_excluded_reason: str = ""
    risk_level: str = ""
    parents: list[PersonFacts] = field(default_factory=list)
    guardians: list[PersonFacts] = field(default_factory=list)
    entrusted_carers: list[PersonFacts] = field(default_factory=list)
    supporters: list[PersonFacts] = field(default_factory=list)
    children: list[PersonFacts] = field(default_factory=list)

    def age_on(self, on: date) -> int | None:
        return age_on(self.birth_date, on) if self.birth_date else None


RELATIVE_LISTS = ("parents", "guardians", "entrusted_carers", "supporters", "children")
# Person model fields mirrored by PersonFacts (spells.facts_load reads exactly these).
FACT_FIELDS = tuple(f.name for f in dataclasses.fields(PersonFacts)
                    if f.name not in RELATIVE_LISTS and f.name not in ("area_code", "area_kind"))


def age_on(birth_date: date, on: date) -> int:
    """Age in full years (周岁) on a date (RULES.md, Ages)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_rural(facts: PersonFacts) -> bool:
    if facts.hukou_type:
        return facts.hukou_type == HukouType.RURAL
    return facts.area_kind == Kind.VILLAGE_COMMITTEE


_LIST_OF_KIND = {RelationshipKind.PARENT: "parents", RelationshipKind.GUARDIAN: "guardians",
                 RelationshipKind.ENTRUSTED_CARER: "entrusted_carers", RelationshipKind.SUPPORTER: "supporters"}


def id_q(field: str, ids: list[int]) -> Q:
    """Rows whose `field` is one of `ids`: a range scan when the ids are nearly contiguous (a recompute
    of everyone), which spares the database and Django a 2,000-item IN list; callers keep only the
    ids they asked for."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": ids})


def _facts_rows(person_ids: list[int]) -> dict[int, PersonFacts]:
    wanted = set(person_ids)
    rows = Person.objects.filter(id_q("id", person_ids)).values_list(*FACT_FIELDS, "area_id", "area__kind")
    names = (*FACT_FIELDS, "area_code", "area_kind")
    return {row[0]: PersonFacts(**dict(zip(names, row, strict=True))) for row in rows if row[0] in wanted}


def facts_load(person_ids: Iterable[int], on: date) -> dict[int, PersonFacts]:
    """{person id: PersonFacts} with the relationships open on the date: the person's parents,
    guardians, entrusted carers and supporters, and the people whose parent they are (children)."""
    ids = list(person_ids)
    if not ids:
        return {}
    wanted = set(ids)
    facts = _facts_rows(ids)
    open_on = (Q(started_on__isnull=True) | Q(started_on__lte=on)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    links = [(person_id, relative_id, kind) for person_id, relative_id, kind in Relationship.objects.filter(open_on)
             .filter(id_q("person_id", ids) | (id_q("relative_id", ids) & Q(kind=RelationshipKind.PARENT)))
             .values_list("person_id", "relative_id", "kind")
             if person_id in wanted or (kind == RelationshipKind.PARENT and relative_id in wanted)]
    missing = {pid for person_id, relative_id, _ in links for pid in (person_id, relative_id)} - facts.keys()
    relatives = _facts_rows(sorted(missing)) if missing else {}
    for person_id, relative_id, kind in links:
        person = facts.get(person_id) or relatives.get(person_id)
        relative = facts.get(relative_id) or relatives.get(relative_id)
        if person is None or relative is None:
            continue
        if person_id in wanted and relative not in (kin := getattr(person, _LIST_OF_KIND[kind])):
            kin.append(relative)
        if kind == RelationshipKind.PARENT and relative_id in wanted and person not in relative.children:
            relative.children.append(person)
    return {pid: facts[pid] for pid in ids if pid in facts}
