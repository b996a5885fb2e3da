"""The case list of the API costs the same number of queries for one case or several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guanai.cases.tests.factories import case_reported

pytestmark = pytest.mark.django_db
API = "/api/v1/cases/"


def _read(client) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_case_list_queries_do_not_grow_with_rows(client, director, county):
    first = case_reported(by=director)
    client.force_login(county)
    client.get(API)
    few, rows = _read(client)
    assert [(row["number"], row["known"]) for row in rows] == [(first.number, True)]
    for _ in range(3):
        case_reported(by=director)
    many, rows = _read(client)
    assert len(rows) == 4 and many == few
