"""A large import prepares its rows in a forked process (sheets.pipeline); the outcome must be the
one the plain path gives: the same people, keys, history, spells, risk levels and problems. And the
categories worked out in memory for new people are those the rules give once they exist."""

import datetime
import io

import pytest
from django.db import connection

from guanai.accounts.scoping import scope_for
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.imports import people_import, people_table
from guanai.people.models import CategorySpell, NameKey, Person
from guanai.people.spells import categories_recompute
from guanai.people.tests.factories import id_number_make
from guanai.people.tests.imports.workbooks import xlsx
from guanai.sheets.pipeline import fork_available
from guanai.sheets.reading import read_sheet
from guanai.web.tests.conftest import areas_present  # noqa: F401 - the tree, emptied by transactional tests

HEADER = ["姓名", "身份证号", "所属村", "户口性质", "居住情况", "是否外出务工", "外出时间", "残疾类别", "残疾等级",
          "是否低保", "是否特困"]


def sheet(n: int) -> bytes:
    """n people of every age and situation, one bad ID number and one repeated row."""
    rows = [HEADER]
    for i in range(n):
        born = datetime.date(1935 + (i * 7) % 85, 1 + i % 12, 1 + i % 28)
        number = id_number_make(birth_date=born, sex="male" if i % 2 else "female", sequence=i % 999)
        rows.append([f"张{'秀英桂兰明华'[i % 6]}{i}", number, "新民街社区", ("农业户口", "非农业", "")[i % 3],
                     ("独居", "仅与配偶同住", "与子女同住", "与祖父母同住", "")[i % 5], "是" if i % 4 == 0 else "否",
                     "2019年5月" if i % 4 == 0 else "", "肢体" if i % 9 == 0 else "", "二级" if i % 9 == 0 else "",
                     "是" if i % 10 == 0 else "否", "是" if i % 25 == 0 else "否"])
    rows.append(["坏号码", "610330195001011234", "新民街社区", "", "", "", "", "", "", "", ""])
    rows.append(rows[1])
    return xlsx(rows)


def snapshot() -> dict:
    people = {p.id_number_digest: (p.name, p.area_id, p.risk_level, p.birth_date, p.living_arrangement)
              for p in Person.objects.all()}
    spells = sorted((s.person.id_number_digest, s.category, s.reason, s.source, s.ended_on)
                    for s in CategorySpell.objects.select_related("person"))
    keys = sorted((k.person.id_number_digest, k.key, k.area_id) for k in NameKey.objects.select_related("person"))
    history = sorted((h.id_number_digest, h.history_type, h.risk_level) for h in Person.history.all())
    return {"people": people, "spells": spells, "keys": keys, "history": history}


def run(director, data: bytes, *, use_child: bool):
    table = people_table(read_sheet(io.BytesIO(data), filename="名单.xlsx"))
    return people_import(actor=director, scope=scope_for(director), table=table, chunk_size=40, use_child=use_child)


@pytest.mark.skipif(not fork_available(), reason="fork and a second core are needed")
@pytest.mark.django_db
def test_the_reading_process_gives_what_the_plain_path_gives(director):
    data = sheet(150)
    plain = run(director, data, use_child=False)
    expected = snapshot()
    Person.objects.all().delete()
    Person.history.all().delete()
    forked = run(director, data, use_child=True)
    assert (forked.created, forked.rejected, forked.reasons()) == (plain.created, plain.rejected, plain.reasons())
    assert forked.created == 150 and sorted(forked.problems) == [152, 153]
    assert snapshot() == expected


@pytest.mark.django_db
def test_categories_of_new_people_are_those_the_rules_give_once_they_exist(director):
    result = run(director, sheet(150), use_child=False)
    assert result.created == 150
    held = CategorySpell.objects.count()
    assert held > 0 and Person.objects.exclude(risk_level="").exists()
    again = categories_recompute(person_ids=Person.objects.values_list("pk", flat=True),
                                 on=datetime.date.today())  # noqa: DTZ011 - the import's own date
    assert (again.opened, again.closed, again.risk_changed) == (0, 0, 0)
    assert CategorySpell.objects.count() == held


@pytest.mark.django_db
def test_an_area_code_column_is_held_to_the_scope(run_import, ids):
    data = xlsx([["姓名", "身份证号", "区划代码"], ["王秀英", ids(1), XINMINJIE], ["李桂兰", ids(2), LONGKOU],
                 ["赵玉兰", ids(3), "610330100999"]])
    result, _ = run_import(data)
    assert result.created == 1 and sorted(result.problems) == [3, 4], result.reasons()
    assert "不在您的管辖范围" in result.reasons()[3]
    assert not Person.objects.filter(area_id=LONGKOU).exists()


@pytest.mark.django_db
def test_a_chunk_written_in_several_transactions_gives_what_one_gives(director, monkeypatch):
    """On SQLite a chunk is written a few rows per transaction (bulkrows.rows_per_transaction: the
    write lock is the whole database's): the same people, keys, spells, history and problems, the
    counters rising with each transaction, the rows refused before writing counted once, and each
    transaction's own event naming whom it created."""
    from guanai.audit.models import Event
    from guanai.people import imports
    from guanai.people.selectors import IMPORTED

    data = sheet(150)
    whole = run(director, data, use_child=False)
    expected = snapshot()
    whole_events = Event.objects.filter(verb=IMPORTED).count()
    Person.objects.all().delete()
    Person.history.all().delete()
    Event.objects.filter(verb=IMPORTED).delete()
    monkeypatch.setattr(imports, "rows_per_transaction", lambda rows: 7)
    counters = []
    table = people_table(read_sheet(io.BytesIO(data), filename="名单.xlsx"))
    sliced = people_import(actor=director, scope=scope_for(director), table=table, chunk_size=40, use_child=False,
                           progress=lambda r: counters.append((r.done, r.created)))
    assert snapshot() == expected
    assert (sliced.total, sliced.done, sliced.created, sliced.rejected, sliced.reasons()) == (
        whole.total, whole.done, whole.created, whole.rejected, whole.reasons())
    assert sliced.done == sliced.total == 152 and counters[-1] == (152, 150)
    assert len(counters) == 6 + 6 + 6 + 5  # chunks of 40, 40, 40 and 30 valid rows, 7 rows a transaction
    assert [done for done, _ in counters] == sorted(done for done, _ in counters)
    events = Event.objects.filter(verb=IMPORTED)
    assert events.count() == len(counters) > whole_events
    assert sum(event.data["created"] for event in events) == 150


@pytest.mark.django_db(transaction=True)  # outside a test transaction, as an import runs
def test_a_chunk_in_transactions_sized_by_the_rate_gives_what_one_gives(areas_present, director,  # noqa: F811
                                                                     monkeypatch):
    """On a busy SQLite server the transactions shrink to hold the write lock about
    SQLITE_TRANSACTION_SECONDS each (WriteLockTurns.transaction_rows): the first chunk goes whole (no
    rate yet), the next in transactions of the minimum, and the result is the same."""
    from guanai.sheets import bulkrows

    data = sheet(150)
    run(director, data, use_child=False)
    expected = snapshot()
    Person.objects.all().delete()
    Person.history.all().delete()
    monkeypatch.setattr(bulkrows, "SQLITE_TRANSACTION_SECONDS", 1e-9)
    monkeypatch.setattr(bulkrows, "SQLITE_MIN_TRANSACTION_ROWS", 15)
    counters = []
    table = people_table(read_sheet(io.BytesIO(data), filename="名单.xlsx"))
    sliced = people_import(actor=director, scope=scope_for(director), table=table, chunk_size=40, use_child=False,
                           progress=lambda r: counters.append((r.done, r.created)))
    assert snapshot() == expected
    assert sliced.done == sliced.total == 152 and counters[-1] == (152, 150)
    if connection.vendor == "sqlite":
        assert len(counters) == 1 + 3 + 3 + 2  # chunks of 40 (whole), 40, 40 and 30 valid rows by 15
    else:
        assert len(counters) == 4  # row locks: every chunk whole
