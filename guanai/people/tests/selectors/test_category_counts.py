import datetime

from guanai.accounts.scoping import scope_for
from guanai.people.selectors import category_counts
from guanai.people.tests.factories import LONGKOU, CategorySpellFactory, PersonFactory


def test_counts_open_spells_in_scope_in_one_query(director, outsider, county, django_assert_num_queries):
    a, b = PersonFactory(), PersonFactory()
    CategorySpellFactory(person=a, category="orphan", started_on=datetime.date(2025, 1, 1))
    CategorySpellFactory(person=b, category="orphan", started_on=datetime.date(2026, 6, 1))
    CategorySpellFactory(person=b, category="living_alone", started_on=datetime.date(2025, 1, 1),
                         ended_on=datetime.date(2026, 3, 1))
    CategorySpellFactory(person=PersonFactory(area_id=LONGKOU), category="orphan")
    with django_assert_num_queries(1):
        counts = category_counts(scope=scope_for(director))
    assert counts["orphan"] == 2 and counts["living_alone"] == 0 and counts["oldest_old"] == 0
    assert category_counts(scope=scope_for(outsider))["orphan"] == 1
    assert category_counts(scope=scope_for(county))["orphan"] == 3
    on_date = category_counts(scope=scope_for(director), on=datetime.date(2026, 2, 1))
    assert on_date["orphan"] == 1 and on_date["living_alone"] == 1
    # a spell no longer holds on its end date
    assert category_counts(scope=scope_for(director), on=datetime.date(2026, 3, 1))["living_alone"] == 0
