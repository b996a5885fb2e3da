"""A short schemathesis run against the API (issue 17): every operation of the OpenAPI document, with
data generated from the document itself, as a county officer's token over the WSGI application. No
answer may be a 5xx, and every answer (its status code, its body) must be one the document declares.
Runs in both CI suites (SQLite and PostgreSQL) through `make test`."""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from guanai.config.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection when a request ends; the test's transaction lives on it.
    Django's own test client unhooks this too; schemathesis calls the WSGI application directly."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(county, director):
    """A county officer's token, with a few people, a case and a visit in the area to find."""
    from guanai.accounts.services import api_token_create
    from guanai.conftest import XINMINJIE
    from guanai.people.tests.factories import PersonFactory, id_number_make
    from guanai.visits.tests.factories import VisitRecordFactory

    for day in range(3):
        person = PersonFactory(area_id=XINMINJIE, id_number=id_number_make(birth_date=datetime.date(2014, 2, 1 + day)))
        VisitRecordFactory(person=person)
    return api_token_create(user=county, name="schemathesis", can_write=True, rate_per_minute=100_000)[1]


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_operation_answers_as_documented(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
