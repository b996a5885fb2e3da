"""The demo's people before they reach the database: plain specs of persons, households and
relationships, and the small builder that makes them realistic (names, ages, ID numbers, phones,
addresses). Scenario modules (children.py, elders.py) compose these into families.

Every spec carries `expected`: the categories its scenario built it to hold. The rules never read
it; it is the plan that `guanai demo_check` and the tests compare the rules' output with.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from guanai.demo.identities import IdentityMaker
from guanai.demo.names import NameMaker

# No demo person crosses an age threshold (16, 18, 60, 80) within this many days of the load date,
# so the derived counts stay equal to the plan for half a year after `guanai demo` runs.
STABLE_DAYS = 190
CUSP_AGES = frozenset({15, 17, 59, 79})


@dataclass(slots=True)
class HouseholdSpec:
    area_code: str
    address: str
    hukou_type: str
    head: PersonSpec | None = None
    pk: int | None = None


@dataclass(slots=True)
class PersonSpec:
    area_code: str
    county_code: str
    household: HouseholdSpec | None
    name: str
    sex: str
    birth_date: datetime.date
    id_number: str
    phone: str = ""
    facts: dict = field(default_factory=dict)
    expected: set[str] = field(default_factory=set)
    pk: int | None = None


@dataclass(slots=True)
class RelationSpec:
    person: PersonSpec
    relative: PersonSpec
    kind: str
    started_on: datetime.date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    name: str  # short name: 新民街社区, 白家店村
    township: str
    county_code: str
    kind: str  # Area.kind: village_committee / residents_committee / other_unit


def village_hukou(v: Village) -> str:
    """村民委员会: rural; 社区居委会 and the forestry and farm living areas: urban."""
    return "rural" if v.kind == "village_committee" else "urban"


@dataclass
class Registry:
    """Everything one demo run will write, in build order."""

    households: list[HouseholdSpec] = field(default_factory=list)
    persons: list[PersonSpec] = field(default_factory=list)
    relations: list[RelationSpec] = field(default_factory=list)


STREETS = ("人民路", "解放路", "建设路", "滨河路", "新华街", "文化路", "团结路", "东风路", "南大街", "北大街")
BUILDINGS = ("小区", "家属院", "花园", "新村")


class FamilyBuilder:
    """Makes people and households in one village at a time, from one seeded random source."""

    def __init__(self, *, rng: random.Random, on: datetime.date, registry: Registry, region: str,
                 held_by: datetime.date | None = None):
        self.rng = rng
        self.on = on
        # The day the area's figures describe (红河州: the 2021 reply's date, figures.HONGHE_STANDS_ON):
        # the facts behind its categories already held then, so a count on that day gives the figure.
        self.held_by = held_by
        self.registry = registry
        self.names = NameMaker(rng, region=region)
        self.identities = IdentityMaker(rng)

    # -- dates -----------------------------------------------------------------------------
    def birth_date(self, age: int) -> datetime.date:
        """A birth date giving `age` full years on the load date; at a threshold age the birthday
        was within the last half year, so the next one is more than STABLE_DAYS away."""
        window = 365 - STABLE_DAYS if age in CUSP_AGES else 364
        days_since_birthday = self.rng.randrange(0, window)
        last_birthday = self.on - datetime.timedelta(days=days_since_birthday)
        year = last_birthday.year - age
        try:
            return last_birthday.replace(year=year)
        except ValueError:  # 29 February in a common year
            return last_birthday.replace(year=year, day=28)

    def days_ago(self, low: int, high: int) -> datetime.date:
        """A day `low` to `high` days before the load date, or before `held_by` where the facts must
        already hold then (a parent's leaving, a death)."""
        return (self.held_by or self.on) - datetime.timedelta(days=self.rng.randrange(low, high))

    def age_floor(self, age: int) -> int:
        """The least age on the load date of someone who was `age` or older on `held_by` (a child born
        by then: age_floor(0)); `age` itself where nothing is held by an earlier day."""
        if self.held_by is None:
            return age
        return age + (self.on - self.held_by).days // 365 + 1

    def months_ago(self, low: int, high: int) -> datetime.date:
        return self.days_ago(low * 31, high * 31)

    # -- households and people -------------------------------------------------------------
    def household(self, village: Village, hukou_type: str) -> HouseholdSpec:
        spec = HouseholdSpec(area_code=village.code, address=self.address(village), hukou_type=hukou_type)
        self.registry.households.append(spec)
        return spec

    def address(self, village: Village) -> str:
        rng = self.rng
        if village.kind == "residents_committee":
            street = rng.choice(STREETS)
            return (f"{village.township}{village.name}{street}{rng.randrange(1, 200)}号"
                    f"{rng.randrange(1, 12)}栋{rng.randrange(1, 4)}单元{rng.randrange(1, 7)}0{rng.randrange(1, 5)}室")
        if village.kind == "other_unit":
            return f"{village.township}{village.name}{rng.choice(BUILDINGS)}{rng.randrange(1, 30)}号"
        return f"{village.township}{village.name}{rng.randrange(1, 13)}组{rng.randrange(1, 80)}号"

    def person(self, village: Village, household: HouseholdSpec | None, *, age: int, sex: str | None = None,
               surname: str | None = None, phone_share: float = 0.0, birth: datetime.date | None = None,
               **facts) -> PersonSpec:
        """`birth`: a birth date the scenario fixed itself (then `age` is only used for the household head)."""
        sex = sex or self.rng.choice(("male", "female"))
        birth = birth or self.birth_date(age)
        facts.setdefault("hukou_type", household.hukou_type if household else "rural")
        facts.setdefault("address", household.address if household else "")
        spec = PersonSpec(
            area_code=village.code, county_code=village.county_code, household=household,
            name=self.names.full(sex, birth.year, surname=surname), sex=sex, birth_date=birth,
            id_number=self.identities.id_number(village.county_code, birth, sex),
            phone=self.identities.phone() if self.rng.random() < phone_share else "", facts=facts,
        )
        if household is not None and household.head is None and age >= 18:
            household.head = spec
        self.registry.persons.append(spec)
        return spec

    def relate(self, person: PersonSpec, relative: PersonSpec, kind: str, *, started_on=None, notes="") -> None:
        self.registry.relations.append(RelationSpec(person, relative, kind, started_on, notes))

    def surname_of(self, person: PersonSpec) -> str:
        return person.name[0]
