import datetime

import pytest

from guanai.accounts.scoping import scope_for
from guanai.people.schemas import PersonFilter, PersonOut
from guanai.people.selectors import person_list
from guanai.people.tests.factories import LONGKOU, CategorySpellFactory, HouseholdFactory, PersonFactory

ON = datetime.date(2026, 11, 23)


@pytest.fixture
def people(db):
    child = PersonFactory(name="张小花", birth_date=datetime.date(2016, 11, 23), sex="female")
    elder = PersonFactory(name="李大爷", birth_date=datetime.date(1940, 1, 1), sex="male", risk_level="high")
    CategorySpellFactory(person=child, category="left_behind_child")
    CategorySpellFactory(person=elder, category="oldest_old")
    CategorySpellFactory(person=elder, category="living_alone", ended_on=datetime.date(2026, 6, 1))
    far = PersonFactory(name="王远", area_id=LONGKOU)
    return {"child": child, "elder": elder, "far": far}


def test_director_sees_only_the_village(director, people):
    assert set(person_list(scope=scope_for(director))) == {people["child"], people["elder"]}


def test_outsider_sees_nothing_of_xinminjie(outsider, people):
    result = list(person_list(scope=scope_for(outsider)))
    assert result == [people["far"]]
    assert not list(person_list(scope=scope_for(outsider), filters=PersonFilter(area_code="610330100007")))


def test_county_sees_both(county, people):
    assert len(person_list(scope=scope_for(county))) == 3


@pytest.mark.parametrize(("filters", "expected"), [
    (PersonFilter(category="left_behind_child"), {"child"}),
    (PersonFilter(category="living_alone"), set()),  # the spell has ended
    (PersonFilter(risk_level="high"), {"elder"}),
    (PersonFilter(sex="male"), {"elder"}),
    (PersonFilter(min_age=10, on=ON), {"child", "elder"}),  # the child turns 10 that day
    (PersonFilter(max_age=9, on=ON), set()),
    (PersonFilter(min_age=60, max_age=90, on=ON), {"elder"}),
    (PersonFilter(max_age=10, on=ON), {"child"}),
    (PersonFilter(q="zxh"), {"child"}),
    (PersonFilter(q="大爷"), {"elder"}),  # a given name
    (PersonFilter(q="小"), {"child"}),
    (PersonFilter(q="爷"), {"elder"}),  # no name nor given name starts with it: a name containing it
    (PersonFilter(area_code="610330100007"), {"child", "elder"}),
])
def test_filters(director, people, filters, expected):
    names = {key for key, person in people.items() if person in person_list(scope=scope_for(director),
                                                                              filters=filters)}
    assert names == expected


def test_february_29_birthday_counts_from_march_1(director):
    person = PersonFactory(birth_date=datetime.date(2008, 2, 29))
    scope = scope_for(director)
    assert person not in person_list(scope=scope, filters=PersonFilter(min_age=18, on=datetime.date(2026, 2, 28)))
    assert person in person_list(scope=scope, filters=PersonFilter(min_age=18, on=datetime.date(2026, 3, 1)))


def test_list_costs_a_constant_number_of_queries(director, django_assert_num_queries):
    household = HouseholdFactory()
    for _ in range(15):
        person = PersonFactory(household=household, name="王" + PersonFactory.build().name[1:])
        CategorySpellFactory(person=person, category="orphan")
        CategorySpellFactory(person=person, category="child_in_difficulty")
    scope = scope_for(director)
    with django_assert_num_queries(2):  # people with area and household; open spells
        rows = [PersonOut.from_orm(p).model_dump() for p in person_list(scope=scope)]
    assert len(rows) == 15
    assert rows[0]["categories"] == ["child_in_difficulty", "orphan"]
    assert rows[0]["area_name"]
    with django_assert_num_queries(3):  # and whether any name starts with the characters
        assert len(person_list(scope=scope, filters=PersonFilter(category="orphan", min_age=1, q="王"))) == 15
    with django_assert_num_queries(2):
        assert len(person_list(scope=scope, filters=PersonFilter(q="wang"))) == 15
