"""The demo's people at a small scale: every village gets people, the rules derive exactly the
plan, and a second load touches nothing."""

import datetime
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from guanai.accounts.scoping import Scope
from guanai.areas.models import Area, Level
from guanai.audit.models import Event
from guanai.demo.checks import demo_counts_compare
from guanai.demo.families import STABLE_DAYS
from guanai.demo.figures import FENGXIAN, HONGHE, HONGHE_STANDS_ON
from guanai.demo.people import DEMO_LOADED, PERSON_FACTS, demo_people_load
from guanai.demo.plan import plan_build, scaled_targets
from guanai.demo.spellstarts import REGISTER_FROM, on_file_by, on_file_since
from guanai.people.models import CategorySpell, Household, NameKey, Person, Relationship, RuleParameter
from guanai.people.selectors import category_counts
from guanai.people.spells import categories_recompute

ON = datetime.date(2026, 11, 23)


def village_codes(prefix: str) -> set[str]:
    return set(Area.objects.filter(level=Level.VILLAGE, code__startswith=prefix).values_list("code", flat=True))


@pytest.fixture
def loaded(db):
    return demo_people_load(on=ON, areas=(FENGXIAN,), scale=0.05)


def test_fengxian_has_people_in_every_village(loaded):
    assert village_codes(FENGXIAN) == set(Person.objects.values_list("area_id", flat=True).distinct())
    assert Household.objects.filter(head__isnull=True).count() == 0
    assert NameKey.objects.values("person").distinct().count() == loaded.people


def test_rules_derive_exactly_the_plan_and_the_figures(loaded):
    rows = demo_counts_compare()
    assert rows and all(row.ok for row in rows), [row for row in rows if not row.ok]
    derived = {row.category: row.derived for row in rows}
    assert derived["orphan"] == 3
    assert derived["de_facto_orphan"] == 10
    assert derived["left_behind_child"] == round(653 * 0.05)
    call_command("demo_check")


def test_near_misses_are_loaded_and_not_counted(loaded):
    # A 3-month detention, a 16-year-old sibling or an 18-year-old, a parent working in the county.
    assert Person.objects.filter(custody_type="detained", custody_term_months=3).exists()
    assert Person.objects.filter(away_scope="in_county").exists()
    assert RuleParameter.objects.filter(area_id=FENGXIAN, key="child_parent_away_scopes").exists()
    eighteen = Person.objects.filter(birth_date__lte=ON.replace(year=ON.year - 18),
                                     birth_date__gt=ON.replace(year=ON.year - 19),
                                     relationships__kind="guardian").distinct()
    assert eighteen.exists()
    assert not eighteen.filter(spells__category="de_facto_orphan").exists()


def test_counts_hold_for_half_a_year(loaded):
    before = category_counts(scope=Scope(FENGXIAN))
    ids = list(Person.objects.values_list("id", flat=True))
    categories_recompute(person_ids=ids, on=ON + datetime.timedelta(days=STABLE_DAYS - 10))
    assert category_counts(scope=Scope(FENGXIAN)) == before


def test_people_are_valid_records(loaded):
    for person in Person.objects.order_by("?")[:40]:
        person.full_clean()
    assert Relationship.objects.filter(kind="entrusted_carer").exists()
    assert Person.objects.exclude(phone="").exists() and Person.objects.filter(phone="").exists()


def test_second_load_creates_nothing(loaded):
    counts = (Person.objects.count(), Relationship.objects.count(), Event.objects.filter(verb=DEMO_LOADED).count())
    again = demo_people_load(on=ON, areas=(FENGXIAN,), scale=0.05)
    assert again.skipped
    assert (Person.objects.count(), Relationship.objects.count(),
            Event.objects.filter(verb=DEMO_LOADED).count()) == counts


def test_demo_check_fails_before_loading(db):
    with pytest.raises(CommandError):
        call_command("demo_check")


def test_honghe_plan_reaches_every_village_with_the_seed_figures(db):
    plan = plan_build(areas=(HONGHE,), scale=0.02, on=ON)
    assert {p.area_code for p in plan.registry.persons} == village_codes(HONGHE)
    expected = plan.expected_counts(HONGHE)
    for category, count in scaled_targets(HONGHE, 0.02).items():
        assert expected[category] == count, category


def test_plan_facts_are_person_fields(db):
    plan = plan_build(areas=(FENGXIAN,), scale=0.02, on=ON)
    keys = Counter(key for person in plan.registry.persons for key in person.facts)
    assert set(keys) <= set(PERSON_FACTS) | {"notes"}
    assert len({p.id_number for p in plan.registry.persons}) == len(plan.registry.persons)


def test_spells_start_when_their_facts_began(loaded):
    """Not all on the load date: each rule spell starts when its rule began to hold (an 80th birthday,
    the parents' time away), not before the person came on file; the reason reads as on that day."""
    spells = list(CategorySpell.objects.filter(source="rule").select_related("person"))
    starts = {s.started_on for s in spells}
    assert len(starts) > len(spells) // 4 and min(starts) >= REGISTER_FROM
    assert sum(s.started_on == ON for s in spells) < len(spells) // 20
    oldest = [s for s in spells if s.category == "oldest_old"]
    assert oldest and all(s.started_on >= s.person.birth_date.replace(year=s.person.birth_date.year + 80)
                          for s in oldest)
    late = next(s for s in oldest if s.started_on > REGISTER_FROM)
    age = late.started_on.year - late.person.birth_date.year
    assert late.reason.startswith(f"{age}周岁") or late.reason.startswith(f"{age - 1}周岁")


def test_honghe_plans_orphans_and_children_in_difficulty_varied_by_county(db):
    plan = plan_build(areas=(HONGHE,), scale=0.05, on=ON)
    for category in ("orphan", "child_in_difficulty", "left_behind_child"):
        per_county = Counter(p.area_code[:6] for p in plan.registry.persons if category in p.expected)
        assert sum(per_county.values()) == scaled_targets(HONGHE, 0.05)[category] > 0
        assert len(set(per_county.values())) > 2, (category, per_county)
        if category != "orphan":  # no two counties share a count (27 orphans over 13 counties must)
            assert len(set(per_county.values())) == len(per_county) == 13, (category, per_county)


def test_honghe_facts_hold_on_the_reply_day(db):
    """红河州's figures describe 23 September 2021 (the reply's day): its left-behind children were born
    by then, its left-behind and empty-nest elders were 60, and their supporters had been away for the
    6 months the rule asks; 凤县's people are drawn from the load date as before."""
    plan = plan_build(areas=(FENGXIAN, HONGHE), scale=0.02, on=ON)
    sixty_by = HONGHE_STANDS_ON.replace(year=HONGHE_STANDS_ON.year - 60)
    honghe = [p for p in plan.registry.persons if p.area_code.startswith(HONGHE)]
    children = [p for p in honghe if p.expected & {"left_behind_child", "orphan", "child_in_difficulty"}]
    elders = [p for p in honghe if p.expected & {"left_behind_elder", "empty_nest_elder"}]
    assert children and all(p.birth_date <= HONGHE_STANDS_ON for p in children)
    assert elders and all(p.birth_date <= sixty_by for p in elders)
    supporters = {r.relative.pk or id(r.relative): r.relative for r in plan.registry.relations
                  if r.kind == "supporter" and "left_behind_elder" in r.person.expected
                  and r.person.area_code.startswith(HONGHE)}
    half_year_before = HONGHE_STANDS_ON - datetime.timedelta(days=183)
    assert supporters and all(s.facts["away_since"] <= half_year_before for s in supporters.values())
    # 凤县 keeps its young left-behind children (its facts are drawn from the load date).
    fengxian_ages = {ON.year - p.birth_date.year for p in plan.registry.persons
                     if p.area_code.startswith(FENGXIAN) and "left_behind_child" in p.expected}
    assert min(fengxian_ages) < 6


def test_honghe_people_came_on_file_by_the_reply_day():
    for person_id in range(1, 2000):
        assert REGISTER_FROM <= on_file_since(person_id, ON, by=HONGHE_STANDS_ON) <= HONGHE_STANDS_ON
        assert REGISTER_FROM <= on_file_since(person_id, ON) <= ON - datetime.timedelta(days=30)
    assert on_file_by(HONGHE + "01") == HONGHE_STANDS_ON and on_file_by(FENGXIAN) is None


def test_people_are_created_on_the_day_they_came_on_file(loaded):
    """Not all on the load date: a count of the people registered on a past day finds them."""
    rows = list(Person.objects.values_list("created_at", "birth_date"))
    days = {timezone.localtime(created).date() for created, _ in rows}
    assert min(days) >= REGISTER_FROM and max(days) <= ON and len(days) > len(rows) // 10
    assert all(timezone.localtime(created).date() >= born for created, born in rows)
