import datetime

import pytest
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.visits.models import Alert, FollowUp
from guanai.visits.schemas import VisitIn
from guanai.visits.services import visit_record
from guanai.visits.tests.factories import DeviceFactory, followed_person

pytestmark = pytest.mark.django_db
BASE = "/api/v1/visits"


def _visit_body(person_id, **extra):
    body = {"person_id": person_id, "method": "home", "visited_at": timezone.now().isoformat(),
            "health": "fair", "notes": "电话问候"}
    body.update(extra)
    return body


def test_due_list_as_owner_and_outsider(client, director, outsider):
    fu = followed_person(name="接口甲")
    client.force_login(director)
    rows = client.get(f"{BASE}/due").json()
    assert [r["person_id"] for r in rows] == [fu.person_id] and rows[0]["name"] == "接口甲"
    client.force_login(outsider)
    assert client.get(f"{BASE}/due").json() == []


def test_record_and_correct_a_visit(client, director):
    fu = followed_person()
    client.force_login(director)
    response = client.post(f"{BASE}/records", _visit_body(fu.person_id), content_type="application/json")
    assert response.status_code == 201, response.content
    visit_id = response.json()["id"]
    assert FollowUp.objects.get(pk=fu.pk).next_due_on > timezone.localdate()
    body = _visit_body(fu.person_id, reason="方式录错", method="video")
    body.pop("person_id")
    response = client.post(f"{BASE}/records/{visit_id}/corrections", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 2
    assert client.get(f"{BASE}/records/{visit_id}").json()["is_current"] is False


def test_the_outsider_can_neither_read_nor_write(client, director, outsider):
    fu = followed_person()
    visit = visit_record(actor=director, scope=scope_for(director), person=fu.person,
                         data=VisitIn(method="home", visited_at=timezone.now()))
    client.force_login(outsider)
    assert client.get(f"{BASE}/records/{visit.pk}").status_code == 404
    response = client.post(f"{BASE}/records", _visit_body(fu.person_id), content_type="application/json")
    assert response.status_code == 404


def test_an_invalid_visit_is_a_422_naming_the_field(client, director):
    fu = followed_person()
    client.force_login(director)
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    response = client.post(f"{BASE}/records", _visit_body(fu.person_id, visited_at=future),
                           content_type="application/json")
    assert response.status_code == 422 and "visited_at" in response.content.decode()


def test_device_signals_raise_one_alert_and_the_answer_is_logged(client, county, outsider):
    device = DeviceFactory(person=followed_person().person)
    client.force_login(county)
    body = {"serial": device.serial, "signal": "water_usage", "value": "0.004", "window_hours": 12,
            "occurred_at": timezone.now().isoformat()}
    first = client.post(f"{BASE}/devices/signals", body, content_type="application/json")
    again = client.post(f"{BASE}/devices/signals", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["alert"]["id"] == again.json()["alert"]["id"] and Alert.objects.count() == 1
    alert_id = first.json()["alert"]["id"]
    assert [a["id"] for a in client.get(f"{BASE}/alerts").json()] == [alert_id]
    response = client.post(f"{BASE}/alerts/{alert_id}/answer", {"method": "phone", "note": "已电话联系，水管冻住"},
                           content_type="application/json")
    assert response.json()["status"] == "answered"
    client.force_login(outsider)
    assert client.post(f"{BASE}/devices/signals", body, content_type="application/json").status_code == 404
    assert client.get(f"{BASE}/alerts?status=all").json() == []


def test_rates(client, supervisor, analyst):
    followed_person()
    client.force_login(supervisor)
    rows = client.get(f"{BASE}/rates").json()
    assert rows[0]["area_code"] == "610330100007" and rows[0]["elders"] == 1
    client.force_login(analyst)
    assert client.get(f"{BASE}/rates?area=610330").status_code == 404
    assert client.get(f"{BASE}/rates").json() == []


def test_the_outsider_can_neither_correct_nor_answer(client, director, county, outsider):
    fu = followed_person()
    visit = visit_record(actor=director, scope=scope_for(director), person=fu.person,
                         data=VisitIn(method="home", visited_at=timezone.now()))
    device = DeviceFactory(person=fu.person)
    client.force_login(county)
    alert_id = client.post(f"{BASE}/devices/signals", {"serial": device.serial, "signal": "sos",
                                                        "occurred_at": timezone.now().isoformat()},
                           content_type="application/json").json()["alert"]["id"]
    client.force_login(outsider)
    body = {"method": "phone", "visited_at": timezone.now().isoformat(), "reason": "冒改"}
    assert client.post(f"{BASE}/records/{visit.pk}/corrections", body,
                       content_type="application/json").status_code == 404
    assert client.post(f"{BASE}/alerts/{alert_id}/answer", {"method": "phone", "note": "x"},
                       content_type="application/json").status_code == 404
    assert Alert.objects.get(pk=alert_id).status == "open"
