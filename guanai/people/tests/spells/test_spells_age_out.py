"""spells_age_out (the daily job): ends spells that aged out, opens those that age or elapsed time
bring, and leaves everyone else alone."""

from datetime import UTC, date, datetime

import pytest
from huey.api import PeriodicTask

from guanai.people.models import CategorySpell, Person, RelationshipKind
from guanai.people.spells import categories_recompute, spells_age_out
from guanai.people.tasks import categories_age_out_daily
from guanai.people.tests.factories import PersonFactory, RelationshipFactory, RuleParameterFactory

ON = date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def _open(person):
    return set(CategorySpell.objects.filter(person=person, ended_on__isnull=True).values_list("category", flat=True))


def _left_behind(birth_date):
    kid = PersonFactory(birth_date=birth_date, living_arrangement="with_grandparents")
    for sex in ("male", "female"):
        parent = PersonFactory(sex=sex, birth_date=date(1990, 1, 1), is_migrant_worker=True)
        RelationshipFactory(person=kid, relative=parent, kind=RelationshipKind.PARENT)
    return kid


def test_child_turning_16_is_closed_and_unrelated_people_skipped():
    kid = _left_behind(date(2010, 11, 23))
    categories_recompute(person_ids=[kid.pk], on=date(2026, 11, 22))
    PersonFactory(birth_date=date(1990, 6, 6))  # nobody crosses anything: not recomputed
    result = spells_age_out(on=ON)
    assert _open(kid) == set()
    assert result.people == 1 and result.closed == 1


def test_elder_turning_60_and_80_is_opened():
    sixty = PersonFactory(birth_date=date(1966, 11, 20), living_arrangement="alone")
    eighty = PersonFactory(birth_date=date(1946, 11, 23), living_arrangement="with_children")
    spells_age_out(on=ON)
    assert _open(sixty) == {"living_alone", "special_difficulty_elder"}
    assert _open(eighty) == {"oldest_old"}


def test_area_threshold_is_used_for_the_window():
    RuleParameterFactory(key="oldest_old_min_age", value=75, area_id="610330")
    seventy_five = PersonFactory(birth_date=date(1951, 11, 23), living_arrangement="with_children")
    spells_age_out(on=ON)
    assert _open(seventy_five) == {"oldest_old"}


def test_parent_out_of_contact_reaching_six_months_opens_de_facto():
    kid = PersonFactory(birth_date=date(2015, 1, 1), living_arrangement="with_grandparents")
    dad = PersonFactory(sex="male", birth_date=date(1985, 1, 1), out_of_contact_since=date(2026, 5, 23))
    mum = PersonFactory(sex="female", birth_date=date(1987, 1, 1), died_on=date(2024, 1, 1))
    for parent in (dad, mum):
        RelationshipFactory(person=kid, relative=parent, kind=RelationshipKind.PARENT)
    spells_age_out(on=date(2026, 11, 22))
    assert _open(kid) == set()
    spells_age_out(on=ON)
    assert _open(kid) == {"de_facto_orphan"}


def test_child_away_six_months_opens_left_behind_elder():
    old = PersonFactory(birth_date=date(1950, 1, 1), living_arrangement="with_spouse")
    son = PersonFactory(birth_date=date(1975, 1, 1), away_scope="out_of_province", away_since=date(2026, 5, 20))
    RelationshipFactory(person=son, relative=old, kind=RelationshipKind.PARENT)
    spells_age_out(on=ON)
    assert "left_behind_elder" in _open(old)
    assert Person.objects.get(pk=old.pk).risk_level == "medium"


def test_daily_task_is_scheduled_at_0130_shanghai():
    """HUEY runs in UTC: 01:30 in Shanghai is 17:30 UTC the day before."""
    task = categories_age_out_daily.task_class()
    assert isinstance(task, PeriodicTask)
    assert task.validate_datetime(datetime(2026, 11, 22, 17, 30, tzinfo=UTC))
    assert not task.validate_datetime(datetime(2026, 11, 23, 1, 30, tzinfo=UTC))


def test_daily_task_runs_the_age_out():
    old = PersonFactory(birth_date=date(1940, 1, 1), living_arrangement="alone")
    assert categories_age_out_daily.call_local().people == 0
    categories_recompute(person_ids=[old.pk], on=ON)
    assert categories_age_out_daily.call_local().people == 1
