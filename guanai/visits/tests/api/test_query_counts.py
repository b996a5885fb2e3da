"""The visits API lists cost the same number of queries for one row or several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.visits.monitoring import device_signal_receive
from guanai.visits.schemas import DeviceSignalIn
from guanai.visits.tests.factories import DeviceFactory, followed_person

pytestmark = pytest.mark.django_db
BASE = "/api/v1/visits"


def _read(client, url: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_due_list_queries_do_not_grow_with_rows(client, director):
    followed_person(name="计数甲")
    client.force_login(director)
    client.get(f"{BASE}/due")  # the session and the user are read once per client, not per row
    few, rows = _read(client, f"{BASE}/due")
    assert [row["name"] for row in rows] == ["计数甲"]
    for name in ("计数乙", "计数丙", "计数丁"):
        followed_person(name=name)
    many, rows = _read(client, f"{BASE}/due")
    assert len(rows) == 4 and many == few


def test_alert_list_queries_do_not_grow_with_rows(client, director, county):
    def alert() -> None:
        device = DeviceFactory(person=followed_person().person)
        device_signal_receive(actor=county, scope=scope_for(county), data=DeviceSignalIn(
            serial=device.serial, signal="sos", occurred_at=timezone.now()))

    alert()
    client.force_login(director)
    client.get(f"{BASE}/alerts")
    few, rows = _read(client, f"{BASE}/alerts")
    assert len(rows) == 1
    for _ in range(3):
        alert()
    many, rows = _read(client, f"{BASE}/alerts")
    assert len(rows) == 4 and many == few
