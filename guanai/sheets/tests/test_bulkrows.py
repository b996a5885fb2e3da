"""bulkrows.lists_insert: binary COPY on PostgreSQL stores exactly what text COPY stores."""

import datetime

import pytest
from django.db import connection

from guanai.conftest import XINMINJIE
from guanai.people.models import NameKey, Person
from guanai.sheets.bulkrows import InsertColumns, ids_reserve, lists_insert

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="binary COPY is PostgreSQL's")


def _people(count: int) -> list[list]:
    columns = InsertColumns(Person)
    now = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)  # the same for both inserts
    rows = []
    for n, pk in enumerate(ids_reserve(Person, count)):
        rows.append(columns.row({
            "id": pk, "area_id": XINMINJIE, "name": f"王{n}", "sex": "female",
            "birth_date": datetime.date(1950, 1, 1 + n),
            "id_number_cipher": bytes([n]) * 20 if n % 2 else None, "id_number_digest": f"{n:064x}" if n % 2 else None,
            "disability_grade": 2 if n == 1 else None, "custody_term_months": 30 if n == 2 else None,
            "dibao": bool(n % 2), "away_since": datetime.date(2020, 5, 1) if n == 0 else None,
            "unrecognised": "居住情况：和孙子住" if n == 2 else "", "created_at": now, "updated_at": now}))
    return rows


def _stored() -> list[tuple]:
    names = [f.attname for f in Person._meta.concrete_fields if f.attname != "id"]
    return sorted((row[1:], keys) for row in Person.objects.order_by("id").values_list("id", *names)
                  for keys in [tuple(NameKey.objects.filter(person_id=row[0]).values_list("key", flat=True))])


@pytest.mark.django_db
def test_binary_copy_stores_what_text_copy_stores():
    stored = {}
    for binary in (False, True):
        rows = _people(3)
        lists_insert(Person, InsertColumns(Person).attnames, rows, binary=binary)
        lists_insert(NameKey, ("person_id", "area_id", "key"), [(row[0], XINMINJIE, "wang") for row in rows],
                     binary=binary)
        stored[binary] = [(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row), keys)
                          for row, keys in _stored()]
        NameKey.objects.all().delete()
        Person.objects.all().delete()
    assert stored[True] == stored[False]
    assert len(stored[True]) == 3
