"""A person's facts on a date, as the rules read them (PersonFacts). Pure data: no model import, so
the rules sit below the models (their bulk loading from the database is spells.facts_load)."""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass, field
from datetime import date

from guanai.areas.models import Kind
from guanai.people.choices import HukouType


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
    moved_out_on: date | None = None
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


def born_by(on: date, years: int) -> date:
    """The latest birth date of someone `years` old (周岁) on `on` (the inverse of age_on): born on it
    or before, the person is that old. On 29 February the day `years` before may not exist; 28
    February stands in, since a 29 February birthday turns on 1 March in common years."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_rural(facts: PersonFacts) -> bool:
    if facts.hukou_type:
        return facts.hukou_type == HukouType.RURAL
    return facts.area_kind == Kind.VILLAGE_COMMITTEE
