"""The API as the owner and as the outsider (who gets nothing of 新民街)."""

import datetime

import pytest

from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(standards):
    EnrollmentFactory.create_batch(2)
    return roster_build(roster_id=RosterFactory(month=D(2022, 3, 1)).pk)


def test_county_reads_rosters_lines_and_enrollments(client, county, roster):
    client.force_login(county)
    assert client.get("/api/v1/benefits/rosters").json()["count"] == 1
    lines = client.get(f"/api/v1/benefits/rosters/{roster.pk}/payments").json()["items"]
    assert [line["amount_fen"] for line in lines] == [70_000, 70_000]
    assert client.get("/api/v1/benefits/enrollments").json()["count"] == 2
    assert len(client.get("/api/v1/benefits/programmes").json()) == 7


def test_outsider_gets_nothing(client, outsider, roster):
    client.force_login(outsider)
    assert client.get("/api/v1/benefits/rosters").json()["count"] == 0
    assert client.get(f"/api/v1/benefits/rosters/{roster.pk}").status_code == 404
    assert client.get(f"/api/v1/benefits/rosters/{roster.pk}/payments").status_code == 404
    assert client.get("/api/v1/benefits/enrollments").json()["count"] == 0
    assert client.get("/api/v1/benefits/totals?year=2022").json() == []
    response = client.post("/api/v1/benefits/rosters", {"programme": "orphan_allowance", "area": "610330",
                                                         "month": "2022-04"}, content_type="application/json")
    assert response.status_code == 403


def test_county_queues_a_build(client, county, standards):
    client.force_login(county)
    response = client.post("/api/v1/benefits/rosters", {"programme": "orphan_allowance", "area": "610330",
                                                         "month": "2022-04"}, content_type="application/json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    bad = client.post("/api/v1/benefits/rosters", {"programme": "nope", "area": "610330", "month": "2022-04"},
                      content_type="application/json")
    assert bad.status_code == 422
