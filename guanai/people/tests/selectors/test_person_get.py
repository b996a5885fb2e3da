import pytest

from guanai.accounts.scoping import scope_for
from guanai.people.selectors import HouseholdNotFound, PersonNotFound, household_get, person_get
from guanai.people.tests.factories import HouseholdFactory, PersonFactory


def test_get_in_scope(director, supervisor, county):
    person = PersonFactory()
    for user in (director, supervisor, county):
        assert person_get(scope=scope_for(user), pk=person.pk) == person


def test_outsider_gets_not_found(outsider, analyst):
    person = PersonFactory()
    for user in (outsider, analyst):
        with pytest.raises(PersonNotFound):
            person_get(scope=scope_for(user), pk=person.pk)


def test_household_get_with_members(director, outsider, django_assert_num_queries):
    household = HouseholdFactory()
    members = [PersonFactory(household=household) for _ in range(3)]
    with django_assert_num_queries(2):
        got = household_get(scope=scope_for(director), pk=household.pk)
        assert list(got.members.all()) == sorted(members, key=lambda p: (p.birth_date, p.pk))
    with pytest.raises(HouseholdNotFound):
        household_get(scope=scope_for(outsider), pk=household.pk)
