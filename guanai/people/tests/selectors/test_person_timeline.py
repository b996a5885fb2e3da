import datetime

import pytest

from guanai.accounts.scoping import scope_for
from guanai.people import selectors
from guanai.people.schemas import PersonIn
from guanai.people.selectors import (
    TIMELINE_SOURCES,
    PersonNotFound,
    TimelineItem,
    facts_history_items,
    person_timeline,
    relationship_items,
    spell_items,
    timeline_source_register,
)
from guanai.people.services import category_manual_add, person_create, person_update, relationship_add
from guanai.people.tests.factories import XINMINJIE, PersonFactory


def test_timeline_shows_changes_with_chinese_labels_and_spells(director):
    scope = scope_for(director)
    person = person_create(actor=director, scope=scope, data=PersonIn(
        area_code=XINMINJIE, name="李大爷", sex="男", birth_date="1940-01-01", phone="13800138000"))
    person_update(actor=director, scope=scope, person=person, data=PersonIn(
        area_code=XINMINJIE, name="李大爷", sex="男", birth_date="1940-01-01", phone="13900139000",
        living_arrangement="独居"))
    category_manual_add(actor=director, scope=scope, person=person, category="disabled_care",
                        started_on=datetime.date(2026, 1, 1), reason="卧床")
    relationship_add(actor=director, scope=scope, person=person, relative=PersonFactory(name="李明"),
                     kind="supporter")
    items = person_timeline(scope=scope, person=person)
    titles = [item.title for item in items]
    assert "登记" in titles
    change = next(item for item in items if item.title.startswith("修改"))
    assert "联系电话" in change.title and "居住情况" in change.title
    assert "13800138000 → 13900139000" in change.detail and "独居" in change.detail
    assert change.actor == str(director)
    assert any(t.startswith("认定为高龄老人（按规则认定）") for t in titles)
    assert any(t == "认定为失能/半失能老人（人工认定）" for t in titles)
    assert any("李明" in t for t in titles)
    assert [item.at for item in items] == sorted((item.at for item in items), reverse=True)


def test_outsider_gets_not_found(outsider):
    with pytest.raises(PersonNotFound):
        person_timeline(scope=scope_for(outsider), person=PersonFactory())


def test_other_apps_can_add_items(director):
    def visits(scope, person):
        return [TimelineItem(at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), kind="visit", title="上门探访")]

    timeline_source_register(visits)
    timeline_source_register(visits)
    try:
        items = person_timeline(scope=scope_for(director), person=PersonFactory())
        assert [i.title for i in items if i.kind == "visit"] == ["上门探访"]
    finally:
        TIMELINE_SOURCES.remove(visits)


def test_timeline_costs_a_constant_number_of_queries(director, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(selectors, "TIMELINE_SOURCES", [facts_history_items, spell_items, relationship_items])
    scope = scope_for(director)
    person = person_create(actor=director, scope=scope, data=PersonIn(
        area_code=XINMINJIE, name="李大爷", sex="男", birth_date="1940-01-01"))
    for phone in ("13800138000", "13800138001", "13800138002", "13800138003"):
        person_update(actor=director, scope=scope, person=person, data=PersonIn(
            area_code=XINMINJIE, name="李大爷", sex="男", birth_date="1940-01-01", phone=phone))
    with django_assert_max_num_queries(3):  # history with users; spells with creators; relationships
        # (other apps' sources are left out: each is tested by its own app)
        items = person_timeline(scope=scope, person=person)
    assert sum(item.title == "修改：联系电话" for item in items) == 4, [(i.title, i.detail) for i in items]
