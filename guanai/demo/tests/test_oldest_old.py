"""红河州's oldest old of 2020 (oldest_old.py): who is paid in 2020, the age spread, the deaths since, and
the households they live in, which must not add to the seed figures' categories."""

import datetime
import random
from collections import Counter

import pytest

from guanai.demo import oldest_old
from guanai.demo.families import FamilyBuilder, Registry, Village
from guanai.demo.figures import HONGHE, HONGHE_LONGEVITY_2020
from guanai.demo.identities import is_valid_id_number
from guanai.demo.plan import plan_build
from guanai.people.facts import age_on

D = datetime.date
ON = D(2026, 11, 23)
VILLAGE = Village("532524101201", "团山村", "西庄镇", "532524", "village_committee")
COMMUNITY = Village("532501001001", "金湖社区", "城区街道", "532501", "residents_committee")


def builder(seed: int = 1) -> FamilyBuilder:
    return FamilyBuilder(rng=random.Random(seed), on=ON, registry=Registry(), region="honghe")


def test_approval_follows_the_80th_birthday_or_the_registers_start():
    assert oldest_old.approved_on(D(1930, 5, 1)) >= oldest_old.REGISTER_FROM  # 80 in 2010
    assert oldest_old.approved_on(D(1930, 5, 1)) < D(2016, 12, 1)
    approved = oldest_old.approved_on(D(1940, 8, 31))
    assert D(2020, 9, 20) <= approved <= D(2020, 11, 9)
    assert oldest_old.approved_on(D(1940, 8, 31)) == approved  # a function of the birth date alone
    assert oldest_old.turned(D(1940, 2, 29), 80) == D(2020, 2, 29)
    assert oldest_old.turned(D(1936, 2, 29), 85) == D(2021, 3, 1)


def test_paid_in_2020_needs_an_enrollment_by_december_and_life_on_a_paid_month():
    assert oldest_old.paid_in(2020, D(1935, 5, 10), None)
    assert oldest_old.paid_in(2020, oldest_old.BORN_BY, None)
    assert not oldest_old.paid_in(2020, D(1941, 1, 5), None)  # 80 in 2021
    assert oldest_old.paid_in(2020, D(1935, 5, 10), D(2020, 1, 15))  # January is paid
    assert not oldest_old.paid_in(2020, D(1935, 5, 10), D(2019, 12, 30))
    first = oldest_old.starts_on(D(1940, 6, 1))
    assert not oldest_old.paid_in(2020, D(1940, 6, 1), first - datetime.timedelta(days=1))
    assert oldest_old.paid_in(2020, D(1940, 6, 1), first)
    assert not oldest_old.paid_in(2020, None, None)


def test_ages_are_mostly_80s_with_a_handful_of_centenarians():
    rng = random.Random(7)
    ages = Counter(rng.choices(oldest_old.AGES, oldest_old.AGE_WEIGHTS)[0] // 10 * 10 for _ in range(20_000))
    assert ages[80] > 0.8 * 20_000 and ages[90] > 0.1 * 20_000
    assert 0 < ages[100] < 0.01 * 20_000


def test_deaths_come_after_the_first_paid_month_and_before_the_load_date():
    rng = random.Random(3)
    dead = 0
    for _ in range(5_000):
        birth = oldest_old.birth_in_2020_band(rng, rng.choices(oldest_old.AGES, oldest_old.AGE_WEIGHTS)[0])
        assert birth <= oldest_old.BORN_BY
        died = oldest_old.death_day(rng, birth, ON)
        assert oldest_old.paid_in(2020, birth, died)
        if died:
            dead += 1
            assert max(D(2020, 1, 1), oldest_old.starts_on(birth)) <= died < ON
    assert 0.4 * 5_000 < dead < 0.75 * 5_000  # six years of mortality at 80-100


@pytest.mark.parametrize("village", [VILLAGE, COMMUNITY])
def test_a_household_is_a_child_with_parents_paid_in_2020_and_no_seed_category(village):
    b = builder()
    households = [oldest_old.household_build(b, village, members=m) for m in (1, 2, 1, 2, 1, 1)]
    for elders in households:
        child = elders[0].household.head
        assert child not in elders and child.facts["living_arrangement"] == "with_parents"
        assert child.expected == set()
        for elder in elders:
            assert elder.household is child.household
            assert elder.facts["living_arrangement"] == "with_children"
            assert oldest_old.paid_in(2020, elder.birth_date, elder.facts.get("died_on"))
            assert is_valid_id_number(elder.id_number) and elder.id_number[6:14] == f"{elder.birth_date:%Y%m%d}"
            if elder.facts.get("died_on"):
                assert elder.expected == set()
            else:
                assert age_on(elder.birth_date, ON) >= 85 and "oldest_old" in elder.expected
            assert not elder.expected & {"left_behind_elder", "empty_nest_elder", "living_alone"}
    supporters = [r for r in b.registry.relations if r.kind == "supporter"]
    assert len(supporters) == sum(len(e) for e in households)


def test_honghe_plan_holds_the_scaled_recipients_in_every_county(db):
    scale = 0.01
    plan = plan_build(areas=(HONGHE,), scale=scale, on=ON)
    paid = [p for p in plan.registry.persons if oldest_old.paid_in(2020, p.birth_date, p.facts.get("died_on"))]
    assert len(paid) == plan.longevity_recipients == oldest_old.planned_recipients(scale)
    low, high = HONGHE_LONGEVITY_2020
    assert round(low * scale) < len(paid) < round(high * scale)
    assert {p.county_code for p in paid} == {code[:6] for code in oldest_old_counties()}
    dead = [p for p in paid if p.facts.get("died_on")]
    assert 0.3 * len(paid) < len(dead) < 0.8 * len(paid)
    assert len({p.id_number for p in plan.registry.persons}) == len(plan.registry.persons)


def oldest_old_counties() -> set[str]:
    from guanai.demo.figures import HONGHE_OLDEST_OLD_WEIGHTS

    return set(HONGHE_OLDEST_OLD_WEIGHTS)
