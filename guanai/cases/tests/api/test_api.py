"""/api/v1/cases/ as each persona, the outsider included."""

import pytest
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessLog
from guanai.cases.tests.factories import case_reported
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def test_the_list_shows_existence_and_known(client, director, supervisor):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    client.force_login(colleague)
    rows = client.get(f"{API}/").json()
    assert [(r["number"], r["known"]) for r in rows] == [(case.number, False)]
    assert "person_name" not in rows[0]
    client.force_login(supervisor)
    assert client.get(f"{API}/").json()[0]["known"] is True


def test_details_need_to_know_and_a_refusal_is_logged(client, director, county):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    client.force_login(county)
    body = client.get(f"{API}/{case.pk}").json()
    assert body["person_name"] == case.person.name and body["situation"] == "abandoned"
    client.force_login(colleague)
    assert client.get(f"{API}/{case.pk}").status_code == 403
    assert AccessLog.objects.filter(user=colleague, action="denied").exists()


def test_the_outsider_gets_404_and_an_empty_list(client, director, outsider):
    case = case_reported(by=director)
    client.force_login(outsider)
    assert client.get(f"{API}/{case.pk}").status_code == 404
    assert client.get(f"{API}/").json() == []
    figures = client.get(f"{API}/figures").json()
    assert figures["reports"] == 0 and figures["open_total"] == 0


def test_filing_a_report(client, director, outsider):
    child = PersonFactory(area_id=director.area_id)
    payload = {"person_id": child.pk, "received_at": timezone.now().isoformat(), "channel": "phone",
               "reporter_type": "hospital", "situation": "multiple_injuries", "description": "多处淤青", "urgent": True}
    client.force_login(director)
    response = client.post(f"{API}/reports", payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["known"] is True
    client.force_login(outsider)
    assert client.post(f"{API}/reports", payload, content_type="application/json").status_code == 422
    bad = {**payload, "police_receipt_no": "R1"}
    client.force_login(director)
    assert client.post(f"{API}/reports", bad, content_type="application/json").status_code == 422
