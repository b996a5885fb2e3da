"""An import's name keys: on SQLite left pending with the people and filed at the import's end in key
order (imports.pending_name_keys_file); on PostgreSQL written with the people. Either way, once the
import returns, its people are found by pinyin and nothing is left pending."""

import pytest
from django.db import connection

from guanai.accounts.scoping import scope_for
from guanai.people import imports
from guanai.people.imports import name_keys_filed_after, pending_name_keys_file
from guanai.people.models import NameKey, PendingNameKey, Person
from guanai.people.pinyin import name_keys
from guanai.people.schemas import PersonIn
from guanai.people.selectors import person_search
from guanai.people.services import person_update
from guanai.people.tasks import pending_name_keys_file_hourly
from guanai.people.tests.factories import PersonFactory
from guanai.people.tests.imports.workbooks import xlsx

HEADER = ["姓名", "身份证号", "所属村"]
NAMES = ["单曾乐", "张小明", "张晓明", "李华", "欧阳娜娜"]


def _keys(people) -> set[tuple[int, str, str]]:
    return {(p.pk, p.area_id, key) for p in people for key in name_keys(p.name)}


def _filed() -> set[tuple[int, str, str]]:
    return set(NameKey.objects.values_list("person_id", "area_id", "key"))


def _pending_for(people) -> None:
    """What an import that stopped before its filing leaves behind: people without their keys."""
    PendingNameKey.objects.bulk_create(PendingNameKey(person=p, area_id=p.area_id, key=key)
                                       for p in people for key in name_keys(p.name))


@pytest.fixture
def unkeyed(db):
    people = [PersonFactory(name=name) for name in NAMES]
    NameKey.objects.filter(person__in=people).delete()
    _pending_for(people)
    return people


def test_the_imported_people_are_found_by_pinyin_once_the_import_returns(run_import, ids, director):
    result, _ = run_import(xlsx([HEADER, *[[name, ids(n), "新民街社区"] for n, name in enumerate(NAMES)]]))
    assert result.created == len(NAMES)
    assert not PendingNameKey.objects.exists()
    assert _filed() == _keys(Person.objects.all())
    found = person_search(scope=scope_for(director), q="zxm")
    assert {p.name for p in found} == {"张小明", "张晓明"}


def test_only_sqlite_leaves_the_keys_pending():
    assert name_keys_filed_after() is (connection.vendor == "sqlite")


@pytest.mark.parametrize("per_transaction", [1, 2, 3, 1000])
def test_filing_moves_every_pending_key_once_range_by_range(unkeyed, monkeypatch, per_transaction):
    monkeypatch.setattr(imports, "FILING_ROWS", per_transaction)  # ranges cut between equal keys too
    expected = _keys(unkeyed)
    assert pending_name_keys_file() == len(expected)
    assert _filed() == expected
    assert not PendingNameKey.objects.exists()
    assert pending_name_keys_file() == 0


def test_a_change_of_name_before_the_filing_drops_the_pending_keys(unkeyed, county):
    person = unkeyed[1]
    person_update(actor=county, scope=scope_for(county), person=person,
                  data=PersonIn(area_code=person.area_id, name="王小明", sex=person.sex, birth_date=person.birth_date))
    pending_name_keys_file()
    assert {key for pid, _, key in _filed() if pid == person.pk} == set(name_keys("王小明"))
    assert _filed() == _keys(Person.objects.all())


def test_a_deleted_person_takes_their_pending_keys_along(unkeyed):
    unkeyed[0].delete()
    assert not PendingNameKey.objects.filter(person_id=unkeyed[0].pk).exists()
    pending_name_keys_file()
    assert _filed() == _keys(unkeyed[1:])


def test_the_hourly_job_files_what_a_stopped_import_left(unkeyed, director):
    assert person_search(scope=scope_for(director), q="oynn") == []
    assert pending_name_keys_file_hourly.call_local() == len(_keys(unkeyed))
    assert [p.name for p in person_search(scope=scope_for(director), q="oynn")] == ["欧阳娜娜"]
