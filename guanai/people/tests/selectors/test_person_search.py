import datetime

import pytest
from django.db import connection
from django.db.models import Q

from guanai.accounts.scoping import scope_for
from guanai.core.collation import CodePointOrder
from guanai.people import search
from guanai.people.models import Person
from guanai.people.schemas import PersonFilter
from guanai.people.search import successor as _successor
from guanai.people.selectors import _name_key_rows, person_page, person_search
from guanai.people.tests.factories import LONGKOU, PersonFactory, id_number_make

NUMBER = id_number_make(birth_date=datetime.date(2013, 7, 8), sex="male")


@pytest.fixture
def people(db):
    return {
        "shan": PersonFactory(name="单小明", id_number=NUMBER, phone="13912345678"),
        "zeng": PersonFactory(name="曾国华", phone="0917-4567890"),
        "zhang": PersonFactory(name="张三"),
        "far": PersonFactory(name="单大伟", area_id=LONGKOU, phone="13912345000"),
    }


def _found(director, q, people):
    result = person_search(scope=scope_for(director), q=q)
    assert len(result) == len(set(result)), "deduplicated"
    return {key for key, person in people.items() if person in result}


@pytest.mark.parametrize(("q", "expected"), [
    ("shanxiaoming", {"shan"}),
    ("danxiao", {"shan"}),  # the common reading of 单 finds the surname too
    ("sxm", {"shan"}),
    ("dxm", {"shan"}),
    ("SXM", {"shan"}),
    ("cengguo", {"zeng"}),
    ("zgh", {"zeng"}),
    ("z", {"zeng", "zhang"}),
    ("zs", {"zhang"}),
    ("小明", {"shan"}),  # no name starts with it: a given name does
    ("国华", {"zeng"}),
    ("晓明", set()),  # read as 小明 is, but no name holds these characters
    ("华", {"zeng"}),  # no name nor given name starts with it: a name containing it
    ("单", {"shan"}),
    ("139", {"shan"}),
    ("13912345678", {"shan"}),
    ("139 1234 5678", {"shan"}),
    ("09174567890", {"zeng"}),
    ("0917-456", {"zeng"}),
    (NUMBER, {"shan"}),
    (NUMBER.lower(), {"shan"}),
    (NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９")), {"shan"}),
    (NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"), set()),  # bad check character: nobody
    ("xyz", set()),
    ("", set()),
])
def test_search(director, people, q, expected):
    assert _found(director, q, people) == expected


def test_outsider_finds_nothing_of_xinminjie(outsider, people):
    for q in ("单", "dan", "sxm", NUMBER, "139", "曾国华"):
        assert people["shan"] not in person_search(scope=scope_for(outsider), q=q)
        assert people["zeng"] not in person_search(scope=scope_for(outsider), q=q)
    assert person_search(scope=scope_for(outsider), q="ddw") == [people["far"]]


def test_limit(director):
    for _ in range(5):
        PersonFactory(name="赵四")
    assert len(person_search(scope=scope_for(director), q="zs", limit=3)) == 3


def test_successor_is_a_tight_upper_bound():
    assert _successor("zs") == "zt"
    assert _successor("az") == "b"
    assert _successor("zz") is None
    assert _successor("1399") == "14"
    assert _successor("0917-456") == "0917-457"


def test_search_costs_two_queries(director, people, django_assert_num_queries):
    with django_assert_num_queries(2):  # people (name keys as a subquery); open spells
        person_search(scope=scope_for(director), q="sxm")


def test_a_given_names_key_prefix_is_its_characters_and_nothing_they_leave_out():
    assert search.given_name_prefix("小明") == search.given_name_prefix("小 明") == "0小明"
    assert search.given_name_prefix("卜杜·艾") == "0卜杜艾"
    assert search.given_name_prefix("𠀀明") == search.given_name_prefix("明2") == ""


def test_a_name_prefix_is_a_range_in_code_point_order():
    assert search._next_code_point("华") == "协"  # U+534E, U+534F
    assert search._next_code_point("王小") == "王尐"
    assert search._next_code_point("\ud7ff") == "\ue000"  # past the surrogates
    assert search._next_code_point("王\U0010ffff") == "玌"


@pytest.mark.parametrize("q", ["华", "华明"])
def test_names_starting_with_characters_are_found_by_their_characters_not_their_pinyin(director, q):
    """黄 reads huang, which lies among the keys of 华明 (huaming) and 华伟 (huawei); 协 is the next code point."""
    wanted = {PersonFactory(name=name).pk for name in ("华明", "华明亮", "华𠀀")}  # 𠀀: outside the BMP
    for name in ("黄华明", "协华明", "花明", "单华明"):
        PersonFactory(name=name)
    found = {p.pk for p in person_search(scope=scope_for(director), q=q)}
    page = {p.pk for p in person_page(scope=scope_for(director), filters=PersonFilter(q=q))[0:50]}
    expected = wanted if q == "华" else wanted - {Person.objects.get(name="华𠀀").pk}
    assert found == page == expected


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        sql, params = queryset.query.sql_with_params()
        return " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan names its index whatever the table holds")
def test_a_search_by_the_start_of_a_name_or_a_key_reads_an_index_in_order(county, director):
    people = Person.objects.filter(search.starts_with("name", "华")).order_by(CodePointOrder("name"), "area_id", "pk")
    assert "person_name_area" in (plan := _plan(people.values_list("pk"))) and "TEMP B-TREE" not in plan
    for prefix in ("zh", search.given_name_prefix("小明")):
        keys = _name_key_rows(scope_for(county), prefix, Q())
        assert "namekey_key_area_person" in (plan := _plan(keys)) and "TEMP B-TREE" not in plan
        # one village: its own (area, key) index, only people with the same key left to sort
        village = _plan(_name_key_rows(scope_for(director), prefix, Q()))
        assert "namekey_area_key (area_id=? AND key>? AND key<?)" in village
