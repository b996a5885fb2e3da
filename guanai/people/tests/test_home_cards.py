import pytest

from guanai.accounts.scoping import scope_for
from guanai.areas.selectors import area_get
from guanai.conftest import FENGXIAN, LONGKOU, XINMINJIE
from guanai.people.home_cards import registry_card
from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _plant():
    CategorySpellFactory(person=PersonFactory(area_id=XINMINJIE), category=Category.LEFT_BEHIND_CHILD)
    CategorySpellFactory(person=PersonFactory(area_id=XINMINJIE), category=Category.LEFT_BEHIND_CHILD)
    CategorySpellFactory(person=PersonFactory(area_id=LONGKOU), category=Category.ORPHAN)


def _chips(card):
    return {chip["label"]: chip["n"] for chip in card["context"]["chips"]}


def test_county_card_counts_and_charts_by_township(county):
    _plant()
    card = registry_card(user=county, scope=scope_for(county), area=area_get(code=FENGXIAN))
    assert _chips(card)["农村留守儿童"] == 2 and _chips(card)["孤儿"] == 1
    chart = card["context"]["chart"]
    assert chart["labels"] == ["双石铺镇", "凤州镇"]
    left_behind = next(s for s in chart["series"] if s["name"] == "农村留守儿童")
    assert left_behind["data"] == [2, 0]


def test_outsider_card_counts_only_its_own_village(outsider):
    _plant()
    card = registry_card(user=outsider, scope=scope_for(outsider), area=area_get(code=LONGKOU))
    assert _chips(card)["农村留守儿童"] == 0 and _chips(card)["孤儿"] == 1
    assert card["context"]["chart"] is None


def test_card_costs_a_constant_number_of_queries(county, django_assert_max_num_queries):
    _plant()
    area = area_get(code=FENGXIAN)
    with django_assert_max_num_queries(3):
        registry_card(user=county, scope=scope_for(county), area=area)
