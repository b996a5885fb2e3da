"""The benefits API lists (enrollments, rosters, a roster's payment lines) cost the same number of
queries for one row or several."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/benefits"


def _read(client, url: str) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_enrollment_and_roster_lists_queries_do_not_grow_with_rows(client, county, standards):
    EnrollmentFactory()
    RosterFactory(month=datetime.date(2022, 3, 1))
    client.force_login(county)
    client.get(f"{API}/enrollments")
    few_enrollments, enrollments = _read(client, f"{API}/enrollments")
    few_rosters, rosters = _read(client, f"{API}/rosters")
    assert enrollments["count"] == 1 and rosters["count"] == 1
    EnrollmentFactory.create_batch(3)
    for month in (4, 5, 6):
        RosterFactory(month=datetime.date(2022, month, 1))
    many_enrollments, enrollments = _read(client, f"{API}/enrollments")
    many_rosters, rosters = _read(client, f"{API}/rosters")
    assert enrollments["count"] == 4 and len(enrollments["items"]) == 4 and many_enrollments == few_enrollments
    assert rosters["count"] == 4 and len(rosters["items"]) == 4 and many_rosters == few_rosters


def test_payment_lines_queries_do_not_grow_with_rows(client, county, standards):
    EnrollmentFactory()
    small = roster_build(roster_id=RosterFactory(month=datetime.date(2022, 3, 1)).pk)
    client.force_login(county)
    client.get(f"{API}/rosters/{small.pk}/payments")
    few, lines = _read(client, f"{API}/rosters/{small.pk}/payments")
    assert len(lines["items"]) == 1
    EnrollmentFactory.create_batch(3)
    large = roster_build(roster_id=RosterFactory(month=datetime.date(2022, 4, 1)).pk)
    many, lines = _read(client, f"{API}/rosters/{large.pk}/payments")
    assert [line["amount_fen"] for line in lines["items"]] == [70_000] * 4 and many == few
