"""Elderly people and their supporters, built so the rules derive the elder categories from facts:
a left-behind elder is rural, 60 or older, and every living supporter has been away from the county
for more than 6 months; an empty-nest elder is urban, 60 or older and lives alone or with a spouse.

Near misses stand beside them: an elder whose son lives at home, an elder whose children work in
the county town, grandparents under 60 who look after their grandchildren.
"""

from __future__ import annotations

from guanai.demo.children import migrant
from guanai.demo.families import FamilyBuilder, HouseholdSpec, PersonSpec, Village, village_hukou

SEVERE_GRADES = (1, 2)
SEVERE_MENTAL = ("mental", "intellectual")


def elder_age(b: FamilyBuilder, *, low: int = 60, high: int = 95) -> int:
    """Ages thin out past 75, as in the census pyramid."""
    while True:
        age = b.rng.randrange(low, high + 1)
        if age < 75 or b.rng.random() < 0.45 ** ((age - 70) / 10):
            return age


def care_facts(b: FamilyBuilder, age: int, *, disabled_share: float) -> dict:
    if b.rng.random() >= disabled_share * (1.6 if age >= 80 else 0.8):
        return {}
    return {"care_need": b.rng.choice(("partial", "partial", "full"))}


def elder_expected(person: PersonSpec, age: int, *, left_behind: bool = False, empty_nest: bool = False) -> set[str]:
    """What the rules' elder categories give this elder (the plan's side of the comparison)."""
    found = set()
    if left_behind:
        found.add("left_behind_elder")
    if empty_nest:
        found.add("empty_nest_elder")
    if age >= 60 and person.facts.get("living_arrangement") == "alone":
        found.add("living_alone")
    if age >= 60 and person.facts.get("care_need") in ("partial", "full"):
        found.add("disabled_care")
    grade, kind = person.facts.get("disability_grade"), person.facts.get("disability_type")
    severe = grade in SEVERE_GRADES or (kind in SEVERE_MENTAL and grade in (3, 4))
    if age >= 60 and (found or severe or person.facts.get("bereaved_one_child_family")):
        found.add("special_difficulty_elder")
    if age >= 80:
        found.add("oldest_old")
    return found


def elder(b: FamilyBuilder, v: Village, household: HouseholdSpec, *, age: int, sex: str, living: str,
          disabled_share: float, surname: str | None = None, left_behind: bool = False,
          empty_nest: bool = False, **facts) -> PersonSpec:
    facts.update(care_facts(b, age, disabled_share=disabled_share))
    if b.rng.random() < 0.12:
        facts.setdefault("dibao", True)
    person = b.person(v, household, age=age, sex=sex, surname=surname, phone_share=0.8,
                      living_arrangement=living, **facts)
    person.expected = elder_expected(person, age, left_behind=left_behind, empty_nest=empty_nest)
    return person


def adult_child(b: FamilyBuilder, v: Village, parent_age: int, *, surname: str, away: bool,
                county_scope: str | None = None) -> PersonSpec:
    """A son or daughter in their own household in the same village: away working, or at home."""
    age = min(75, max(22, parent_age - b.rng.randrange(22, 36)))
    household = b.household(v, village_hukou(v))
    sex = b.rng.choice(("male", "female"))
    facts = migrant(b, v.county_code, scope=county_scope) if away else {"living_arrangement": "with_children"}
    if age >= 60:
        facts["living_arrangement"] = "with_children"  # an older child lives with their own family
    child = b.person(v, household, age=age, sex=sex, surname=surname if sex == "male" else None,
                     phone_share=0.95, **facts)
    child.expected = {"oldest_old"} if age >= 80 else set()
    return child


def elder_household(b: FamilyBuilder, v: Village, *, members: int, kind: str, disabled_share: float,
                    ages: tuple[int, int] = (60, 95)) -> list[PersonSpec]:
    """One elder living alone or an elderly couple, with 1-3 adult children as supporters.
    kind: left_behind (rural, every child away from the county), empty_nest (urban, alone or with
    spouse), son_home (a son lives with them), in_county (the children work in the county town)."""
    household = b.household(v, "urban" if kind == "empty_nest" else village_hukou(v))
    living = {1: "alone", 2: "with_spouse"}[members] if kind in ("left_behind", "empty_nest", "in_county") \
        else "with_children"
    # A left-behind or empty-nest elder was already 60 on the day the area's figures describe.
    low = b.age_floor(ages[0]) if kind in ("left_behind", "empty_nest") else ages[0]
    first_age = elder_age(b, low=low, high=ages[1])
    husband_surname = b.names.surname()
    elders = [elder(b, v, household, age=first_age, sex="male" if members == 2 else b.rng.choice(("male", "female")),
                    living=living, disabled_share=disabled_share, surname=husband_surname,
                    left_behind=kind == "left_behind", empty_nest=kind == "empty_nest")]
    if members == 2:
        age = max(low, min(ages[1], first_age + b.rng.randrange(-6, 3)))
        elders.append(elder(b, v, household, age=age, sex="female", living=living, disabled_share=disabled_share,
                            left_behind=kind == "left_behind", empty_nest=kind == "empty_nest"))
    supporters = []
    for index in range(b.rng.randrange(1, 4)):
        if kind == "left_behind":
            supporters.append(adult_child(b, v, first_age, surname=husband_surname, away=True))
        elif kind == "in_county":
            supporters.append(adult_child(b, v, first_age, surname=husband_surname, away=True,
                                          county_scope="in_county"))
        elif kind == "son_home" and index == 0:
            son = b.person(v, household, age=min(75, max(25, first_age - b.rng.randrange(24, 34))), sex="male",
                           surname=husband_surname, phone_share=0.95, living_arrangement="with_parents")
            supporters.append(son)
        else:
            supporters.append(adult_child(b, v, first_age, surname=husband_surname, away=b.rng.random() < 0.5))
    for person in elders:
        for supporter in supporters:
            b.relate(person, supporter, "supporter")
    return elders


def grandparent_carers(kind: str, *, couple: bool):
    """The entrusted carers of a left-behind family, as a builder for children.left_behind_family.
    kind: left_behind (60+, their only supporter is the migrant father), young (under 60),
    son_home (60+, another son lives in the village), relative (an aunt)."""

    def build(b: FamilyBuilder, v: Village, household: HouseholdSpec, father: PersonSpec) -> list[PersonSpec]:
        surname = b.surname_of(father)
        if kind == "relative":
            aunt = b.person(v, household, age=b.rng.randrange(30, 50), sex="female", phone_share=0.9,
                            living_arrangement="with_relatives")
            return [aunt]
        father_age = b.on.year - father.birth_date.year
        ages = []
        base = {"young": (max(45, father_age + 20), 59), "left_behind": (b.age_floor(60), 82),
                "son_home": (60, 82)}[kind]
        low, high = min(base[0], base[1]), base[1]
        for _ in range(2 if couple else 1):
            ages.append(b.rng.randrange(low, high + 1))
        carers = []
        for index, age in enumerate(ages):
            sex = "female" if index == 0 else "male"
            carers.append(elder(b, v, household, age=age, sex=sex, living="with_relatives",
                                disabled_share=0.0, surname=surname if sex == "male" else None,
                                left_behind=kind == "left_behind" and age >= 60))
        supporters = [father]
        if kind == "son_home":
            uncle = adult_child(b, v, max(ages), surname=surname, away=False)
            supporters.append(uncle)
        for carer in carers:
            for supporter in supporters:
                b.relate(carer, supporter, "supporter")
        return carers

    return build
