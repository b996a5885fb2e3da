"""person_page: the list page's read, with counts that stop at a cap and searches in index order."""

import datetime

import pytest
from django.core.paginator import Paginator

from guanai.accounts.scoping import scope_for
from guanai.people import search
from guanai.people.schemas import PersonFilter
from guanai.people.selectors import person_list, person_page
from guanai.people.tests.factories import LONGKOU, XINMINJIE, CategorySpellFactory, PersonFactory, id_number_make

NUMBER = id_number_make(birth_date=datetime.date(2013, 7, 8), sex="male")


@pytest.fixture
def people(db):
    return {
        "shan": PersonFactory(name="单小明", id_number=NUMBER, phone="13912345678", sex="male"),
        "zeng": PersonFactory(name="曾国华", phone="0917-4567890", sex="male"),
        "zhang": PersonFactory(name="张三", sex="female"),
        "zhangxiao": PersonFactory(name="张小花", sex="female"),
        "li": PersonFactory(name="李大爷", sex="male"),
        "far": PersonFactory(name="单大伟", area_id=LONGKOU, phone="13912345000"),
    }


def _names(user, q="", **filters):
    results = person_page(scope=scope_for(user), filters=PersonFilter(q=q or None, **filters))
    return [p.name for p in results[0:results.count()]]


@pytest.mark.parametrize(("q", "expected"), [
    ("sxm", ["单小明"]),  # initials
    ("dxm", ["单小明"]),  # the common reading of 单 too
    ("shanxiaoming", ["单小明"]),  # full pinyin
    ("zha", ["张三", "张小花"]),  # a prefix, in pinyin order (zhangsan < zhangxiaohua)
    ("z", ["曾国华", "张三", "张小花"]),  # zengguohua < zgh < zhangsan < ...; each person once
    ("张", ["张三", "张小花"]),  # characters: the names starting with them, in the characters' order
    ("单小", ["单小明"]),
    ("大爷", ["李大爷"]),  # no name starts with it: the names whose given name does
    ("小明", ["单小明"]),
    ("小", ["单小明", "张小花"]),  # given names in the characters' order (明 U+660E < 花 U+82B1)
    ("晓明", []),  # read xiaoming too, but nobody's name holds these characters
    ("爷", ["李大爷"]),  # no name nor given name starts with it: the names containing it
    ("ming", []),  # pinyin is read on whole names only (单小明's given name is not a pinyin match)
    ("139", ["单小明"]),  # a phone prefix
    ("0917-456", ["曾国华"]),
    ("09174567890", ["曾国华"]),  # a landline typed without its hyphen
    (NUMBER, ["单小明"]),
    (NUMBER.lower(), ["单小明"]),
    (NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"), []),  # a wrong check character: nobody
    ("xyz", []),
])
def test_each_kind_of_search(director, people, q, expected):
    assert _names(director, q) == expected


def test_without_a_text_everyone_in_village_and_name_order(county, people):
    names = _names(county)
    assert set(names) == {p.name for p in people.values()}
    assert names[-1] == "单大伟"  # 龙口社区 (610330101003) comes after 新民街社区 (610330100007)


def test_filters_narrow_a_search(director, people):
    CategorySpellFactory(person=people["zhangxiao"], category="left_behind_child")
    assert _names(director, "zh", category="left_behind_child") == ["张小花"]
    assert _names(director, "zh", sex="male") == []
    assert _names(director, "张", sex="female") == ["张三", "张小花"]


@pytest.mark.parametrize("q", ["", "dan", "单", "139", NUMBER])
def test_outsider_finds_nothing_of_another_village(outsider, people, q):
    assert "单小明" not in _names(outsider, q)


def test_area_filter_narrows_and_never_widens(county, director, people):
    assert _names(county, "d", area_code=LONGKOU) == ["单大伟"]
    assert _names(director, "d", area_code=LONGKOU) == []  # outside the director's village: nobody
    assert _names(director, "dxm", area_code="610330") == ["单小明"]  # wider than the scope: the scope


def test_list_count_stops_at_the_cap(director, people, monkeypatch):
    monkeypatch.setattr(search, "LIST_COUNT_CAP", 3)
    results = person_page(scope=scope_for(director), filters=PersonFilter())
    assert (results.count(), results.more) == (3, True)
    page = Paginator(results, 2).page(2)
    assert len(page.object_list) == 1  # the last page within the cap
    assert not page.has_next()


def test_search_count_stops_at_the_cap_and_reads_in_chunks(director, people, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_CAP", 2)
    monkeypatch.setattr(search, "_CHUNK", 2)  # several reads of the index, duplicates across them
    results = person_page(scope=scope_for(director), filters=PersonFilter(q="z"))
    assert (results.count(), results.more) == (2, True)
    assert [p.name for p in results[0:2]] == ["曾国华", "张三"]
    exact = person_page(scope=scope_for(director), filters=PersonFilter(q="zha"))
    assert (exact.count(), exact.more) == (2, False)


def test_a_person_with_many_matching_keys_counts_once(director, monkeypatch):
    monkeypatch.setattr(search, "_CHUNK", 1)
    PersonFactory(name="乐乐乐")  # le/yue readings: many full keys and initials under "l" and "y"
    results = person_page(scope=scope_for(director), filters=PersonFilter(q="y"))
    assert (results.count(), results.more) == (1, False)


# Queries to find the matches: none apart from the count without a text; one for the names starting
# with characters, then one for the given names starting so when no name does (张大爷), then one more
# for names containing them when no given name starts so either (爷).
@pytest.mark.parametrize(("q", "finding"), [
    ("", 1), ("zh", 1), ("张", 1), ("大爷", 2), ("爷", 3),
    ("139", 1), (NUMBER, 1)])
def test_a_page_costs_the_same_queries_however_many_match(director, django_assert_num_queries, q, finding):
    PersonFactory(name="张国华", id_number=NUMBER, phone="13900000000")
    for n in range(30):
        person = PersonFactory(name=f"张{'大爷' if n % 2 else '小明'}", phone=f"1391234{n:04d}", area_id=XINMINJIE)
        CategorySpellFactory(person=person, category="orphan")
    results = person_page(scope=scope_for(director), filters=PersonFilter(q=q or None))
    with django_assert_num_queries(finding + 2):  # and the page's people, and their open spells
        page = Paginator(results, 25).page(1)
        assert [p.area.name and len(p.open_spells) for p in page.object_list]


def test_a_category_is_counted_from_its_spells_in_scope(director, people, monkeypatch):
    for key in ("shan", "zeng", "far"):
        CategorySpellFactory(person=people[key], category="orphan")
    CategorySpellFactory(person=people["li"], category="orphan", ended_on=datetime.date(2026, 1, 1))
    results = person_page(scope=scope_for(director), filters=PersonFilter(category="orphan"))
    assert (results.count(), results.more) == (2, False)  # not 单大伟 of 龙口社区, not the ended spell
    assert [p.name for p in results[0:2]] == ["单小明", "曾国华"]
    assert person_page(scope=scope_for(director), filters=PersonFilter(category="orphan", sex="female")).count() == 0
    monkeypatch.setattr(search, "LIST_COUNT_CAP", 1)
    capped = person_page(scope=scope_for(director), filters=PersonFilter(category="orphan"))
    assert (capped.count(), capped.more) == (1, True)


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7])
def test_a_category_lists_its_holders_in_village_and_name_order_on_every_page(county, size):
    """The category's holders are read in (village, person) order and sorted by name village by village:
    every page size, whichever way its edges cut the villages, gives the order of the list without one."""
    villages = ["610330100001", XINMINJIE, LONGKOU]
    names = ["赵六", "钱七", "孙八", "李九", "周十", "吴一", "郑二"]
    for n, name in enumerate(names * 2):
        person = PersonFactory(name=name, area_id=villages[n % 3])
        if n % 5 != 4:  # not every one holds it
            CategorySpellFactory(person=person, category="orphan")
    PersonFactory(name="阿甲", area_id=XINMINJIE)  # first by name in its village, but no category
    expected = [p.name for p in person_list(scope=scope_for(county), filters=PersonFilter(category="orphan"))]
    assert len(expected) == 12
    results = person_page(scope=scope_for(county), filters=PersonFilter(category="orphan"))
    paginator = Paginator(results, size)
    pages = [p.name for n in paginator.page_range for p in paginator.page(n).object_list]
    assert pages == expected
    assert [p.name for p in results[3:7]] == expected[3:7]
    assert results[12:15] == []


def test_a_category_filter_with_other_filters_lists_only_the_holders_matching_them(county):
    for n, name in enumerate(["甲", "乙", "丙", "丁"]):
        person = PersonFactory(name=name, sex="female" if n % 2 else "male", area_id=[XINMINJIE, LONGKOU][n // 2])
        CategorySpellFactory(person=person, category="orphan")
    results = person_page(scope=scope_for(county), filters=PersonFilter(category="orphan", sex="female"))
    assert (results.count(), [p.name for p in results[0:5]]) == (2, ["乙", "丁"])


def test_given_names_are_a_range_of_their_keys_read_a_chunk_at_a_time(director, people, monkeypatch):
    monkeypatch.setattr(search, "_CHUNK", 1)
    PersonFactory(name="王晓华", sex="female")  # reads xiaohua as 张小花 does, but holds 晓, not 小
    assert _names(director, "小") == ["单小明", "张小花"]
    assert _names(director, "小", sex="male") == ["单小明"]  # the filters hold too
    assert _names(director, "晓") == ["王晓华"]
    monkeypatch.setattr(search, "SEARCH_CAP", 1)
    results = person_page(scope=scope_for(director), filters=PersonFilter(q="小"))
    assert (results.count(), results.more, [p.name for p in results[0:1]]) == (1, True, ["单小明"])
