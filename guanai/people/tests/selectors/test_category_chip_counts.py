"""The list page's chips: a registered reader of precomputed counts first, else counts that stop at a cap."""

import pytest

from guanai.accounts.scoping import scope_for
from guanai.people import search, selectors
from guanai.people.tests.factories import LONGKOU, CategorySpellFactory, PersonFactory


@pytest.fixture
def no_readers(monkeypatch):
    monkeypatch.setattr(selectors, "CATEGORY_COUNT_READERS", [])


@pytest.fixture
def spells(db):
    for _ in range(3):
        CategorySpellFactory(person=PersonFactory(), category="orphan")
    CategorySpellFactory(person=PersonFactory(), category="left_behind_child")
    CategorySpellFactory(person=PersonFactory(area_id=LONGKOU), category="left_behind_child")


def test_counted_in_scope_up_to_the_cap(director, spells, no_readers, monkeypatch):
    monkeypatch.setattr(search, "CHIP_COUNT_CAP", 2)
    counts, capped = selectors.category_chip_counts(scope=scope_for(director))
    assert (counts["orphan"], counts["left_behind_child"], counts["living_alone"]) == (2, 1, 0)
    assert capped == {"orphan"}


def test_a_reader_that_holds_the_scope_answers_instead(director, spells, no_readers, django_assert_num_queries):
    asked = []

    def reader(*, scope):
        asked.append(scope)
        return {"orphan": 7} if scope.prefix == director.area_id else None

    selectors.category_count_reader_register(reader)
    with django_assert_num_queries(0):
        assert selectors.category_chip_counts(scope=scope_for(director)) == ({"orphan": 7}, set())
    assert asked == [scope_for(director)]
