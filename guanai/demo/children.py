"""Families with children, each built so that the rules (guanai/people/rules.py) derive exactly the
categories the scenario means, from facts: parents away working, deaths, sentences, disabilities.

A child is never labelled: a left-behind child is a rural child under 16 whose two recorded parents
are both migrant workers (or one is and the other cannot guard); an orphan has two dead parents;
a de facto orphan has parents in set S (民发〔2019〕62号). The near misses next to them (a 16-year-old
sibling, a father dead and the mother away, a father detained for 3 months) must stay uncounted.
"""

from __future__ import annotations

from dataclasses import dataclass

from guanai.demo.families import FamilyBuilder, HouseholdSpec, PersonSpec, Village, village_hukou
from guanai.demo.places import AWAY_PLACES, IN_COUNTY_PLACE


@dataclass(frozen=True, slots=True)
class ParentFate:
    """What keeps a de facto orphan's parent from raising the child (set S), or the parent's death."""

    facts: dict
    label: str


def child_ages(b: FamilyBuilder, count: int, *, max_age: int = 15, min_age: int = 0) -> list[int]:
    """Siblings' ages, eldest first; none under `min_age` (a child who had to be born by an earlier day)."""
    first = b.rng.randrange(max(count - 1, min_age), max_age + 1)
    ages = [first]
    for _ in range(count - 1):
        ages.append(max(min_age, ages[-1] - b.rng.randrange(1, 5)))
    return ages


def parents_pair(b: FamilyBuilder, v: Village, household: HouseholdSpec | None, *, eldest: int,
                 father_facts: dict, mother_facts: dict) -> tuple[PersonSpec, PersonSpec]:
    father_age = eldest + b.rng.randrange(22, 33)
    mother_age = max(eldest + 20, father_age - b.rng.randrange(0, 5))
    father = b.person(v, household, age=father_age, sex="male", phone_share=0.92, **father_facts)
    mother = b.person(v, household, age=mother_age, sex="female", phone_share=0.9, **mother_facts)
    return father, mother


def migrant(b: FamilyBuilder, county_code: str, *, scope: str | None = None, since=None) -> dict:
    scope = scope or ("out_of_province" if b.rng.random() < 0.6 else "out_of_county")
    place = IN_COUNTY_PLACE[county_code] if scope == "in_county" else b.rng.choice(AWAY_PLACES[county_code][scope])
    return {"is_migrant_worker": True, "away_scope": scope, "away_place": place,
            "away_since": since or b.months_ago(8, 120), "living_arrangement": "with_others"}


def add_children(b: FamilyBuilder, v: Village, household: HouseholdSpec, ages: list[int], *,
                 father: PersonSpec, mother: PersonSpec, expected: set[str], living: str,
                 expected_under: int = 16, **facts) -> list[PersonSpec]:
    """The children, with the parent relationships; `expected` holds for those under `expected_under`."""
    kids = []
    for age in ages:
        kid = b.person(v, household, age=age, surname=b.surname_of(father), living_arrangement=living,
                       in_full_time_school=age >= 6, phone_share=0.3 if age >= 14 else 0.0, **facts)
        kid.expected = set(expected) if age < expected_under else set()
        b.relate(kid, father, "parent")
        b.relate(kid, mother, "parent")
        kids.append(kid)
    return kids


def left_behind_family(b: FamilyBuilder, v: Village, *, children: int, carer_builder, variant: str = "both_away",
                       living: str = "with_grandparents") -> list[PersonSpec]:
    """Both parents away working (or the father away and the mother severely disabled or ill at home);
    the children live with grandparents or relatives who are their entrusted carers. A sibling of 16
    (a near miss) is added now and then."""
    household = b.household(v, "rural")
    ages = child_ages(b, children, min_age=b.age_floor(0))
    if b.rng.random() < 0.05 and max(ages) <= 13:
        ages = [16, *ages]
    since = b.months_ago(8, 96)
    father_facts = migrant(b, v.county_code, since=since)
    if variant == "mother_incapable":
        mother_facts = b.rng.choice((
            {"disability_type": "physical", "disability_grade": 1, "care_need": "partial",
             "living_arrangement": "with_relatives"},
            {"severe_illness": b.rng.choice(("尿毒症", "恶性肿瘤", "重度再生障碍性贫血")),
             "living_arrangement": "with_relatives"},
        ))
    else:
        mother_facts = migrant(b, v.county_code, since=b.months_ago(8, 96))
    father, mother = parents_pair(b, v, household, eldest=max(ages), father_facts=father_facts,
                                  mother_facts=mother_facts)
    kids = add_children(b, v, household, ages, father=father, mother=mother, expected={"left_behind_child"},
                        living=living, written_notice_given=b.rng.random() < 0.85,
                        weekly_contact=b.rng.random() < 0.8)
    for carer in carer_builder(b, v, household, father):
        for kid in kids:
            b.relate(kid, carer, "entrusted_carer", started_on=since)
    return kids


def ordinary_family(b: FamilyBuilder, v: Village) -> None:
    """Father away working, mother at home with the children: no child is left behind (a near miss)."""
    household = b.household(v, village_hukou(v))
    ages = child_ages(b, b.rng.randrange(1, 3))
    father, mother = parents_pair(b, v, household, eldest=max(ages), father_facts=migrant(b, v.county_code),
                                  mother_facts={"living_arrangement": "with_children"})
    add_children(b, v, household, ages, father=father, mother=mother, expected=set(), living="with_parents")


def single_parent_away_family(b: FamilyBuilder, v: Village) -> None:
    """Father dead, mother away working: not left-behind under the default single-parent setting
    (国发〔2016〕13号 is silent; the county may switch it on), not an orphan, not a de facto orphan."""
    household = b.household(v, "rural")
    ages = child_ages(b, 1, max_age=14)
    father, mother = parents_pair(b, v, household, eldest=ages[0],
                                  father_facts={"died_on": b.months_ago(14, 80), "death_evidence": "死亡医学证明"},
                                  mother_facts=migrant(b, v.county_code))
    kids = add_children(b, v, household, ages, father=father, mother=mother, expected=set(),
                        living="with_grandparents")
    carer = b.person(v, household, age=b.rng.randrange(50, 59), sex="female", phone_share=0.7,
                     living_arrangement="with_relatives")
    for kid in kids:
        b.relate(kid, carer, "entrusted_carer")


def in_county_family(b: FamilyBuilder, v: Village) -> None:
    """Both parents work in the county town: left-behind only where the county's setting counts work
    inside the county (凤县's demo setting: out of the county only)."""
    household = b.household(v, "rural")
    ages = child_ages(b, b.rng.randrange(1, 3))
    father, mother = parents_pair(b, v, household, eldest=max(ages),
                                  father_facts=migrant(b, v.county_code, scope="in_county"),
                                  mother_facts=migrant(b, v.county_code, scope="in_county"))
    kids = add_children(b, v, household, ages, father=father, mother=mother, expected=set(),
                        living="with_grandparents")
    carer = b.person(v, household, age=b.rng.randrange(50, 59), sex="female", phone_share=0.7,
                     living_arrangement="with_relatives")
    for kid in kids:
        b.relate(kid, carer, "entrusted_carer")


def poor_family(b: FamilyBuilder, v: Village, *, disabled_child: bool = False, count: int = 1) -> list[PersonSpec]:
    """Children in difficulty (国发〔2016〕36号): a dibao family at home, or a child with a disability."""
    household = b.household(v, village_hukou(v))
    ages = child_ages(b, 1 if disabled_child else count, min_age=b.age_floor(0))
    dibao = not disabled_child
    father, mother = parents_pair(b, v, household, eldest=max(ages),
                                  father_facts={"living_arrangement": "with_children", "dibao": dibao},
                                  mother_facts={"living_arrangement": "with_children", "dibao": dibao})
    extra = {"disability_type": b.rng.choice(("intellectual", "physical", "hearing")),
             "disability_grade": b.rng.randrange(1, 5),
             "disability_certificate_no": "残疾人证"} if disabled_child else {"dibao": True}
    kids = add_children(b, v, household, ages, father=father, mother=mother, expected={"child_in_difficulty"},
                        living="with_parents", expected_under=18, **extra)
    return kids


def raised_by_relatives(b: FamilyBuilder, v: Village, *, ages: list[int], father_fate: ParentFate,
                        mother_fate: ParentFate, expected: set[str], notes: str) -> list[PersonSpec]:
    """Orphans and de facto orphans: living with an uncle's or aunt's family, who are their guardians
    (散居, RULES.md); the parents stay on record with the facts that put them in set S."""
    guardian_home = b.household(v, "rural")
    uncle = b.person(v, guardian_home, age=b.rng.randrange(38, 56), sex="male", phone_share=1.0,
                     living_arrangement="with_children")
    aunt = b.person(v, guardian_home, age=b.rng.randrange(36, 54), sex="female", phone_share=0.8,
                    living_arrangement="with_children")
    father = b.person(v, None, age=max(ages) + b.rng.randrange(24, 32), sex="male", surname=uncle.name[0],
                      **father_fate.facts)
    mother = b.person(v, None, age=max(ages) + b.rng.randrange(22, 30), sex="female", **mother_fate.facts)
    kids = add_children(b, v, guardian_home, ages, father=father, mother=mother, expected=expected,
                        living="with_relatives", expected_under=18)
    for kid in kids:
        kid.facts["notes"] = notes
        b.relate(kid, uncle, "guardian", notes=f"{father_fate.label}；{mother_fate.label}")
        b.relate(kid, aunt, "guardian")
    return kids
