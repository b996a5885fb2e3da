"""Every API route, every parameter, out of range or malformed: a 4xx with a reason, never a 500.

The routes and their parameters come from the OpenAPI schema, so a new route is walked by itself.
"""

import json
import re

import pytest
from openapi_spec_validator import validate

from guanai.config.api import api

pytestmark = pytest.mark.django_db
HUGE = str(2**63)
BAD_INTEGERS = [HUGE, str(2**64 * 10), "-" + HUGE, "0", "-1", "1e99", "abc", "１２"]
BAD_STRINGS = ["\x00", "9" * 5000, "2024-13-45", "' OR 1=1 --", "%ff"]


def _schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served at /api/v1/openapi.json


def test_the_schema_is_valid_openapi_3_1_and_declares_the_4xx_answers(client):
    schema = _schema()
    assert client.get("/api/v1/openapi.json").json() == schema
    assert schema["openapi"].startswith("3.1")
    validate(schema)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            wanted = {"401", "403"} | ({"404", "422"} if operation.get("parameters") else set())
            assert wanted <= set(operation["responses"]), (method, path)


def _operations():
    schema = _schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _bad_values(parameter: dict) -> list[str]:
    kind = parameter.get("schema", {}).get("type")
    if kind is None:
        kinds = {item.get("type") for item in parameter.get("schema", {}).get("anyOf", [])}
        kind = "integer" if "integer" in kinds else "string"
    return BAD_INTEGERS if kind == "integer" else BAD_STRINGS


def _url(path: str, fill: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), "1"), path)


def test_no_parameter_value_gets_a_500(client, county):
    client.force_login(county)
    client.raise_request_exception = False
    tried, failures = 0, []
    for path, method, operation in _operations():
        for parameter in operation.get("parameters", []):
            for value in _bad_values(parameter):
                name = parameter["name"]
                if parameter["in"] == "path":
                    url, query = _url(path, {name: value.replace("/", "")}), {}
                else:
                    url, query = _url(path, {}), {name: value}
                if method == "get":
                    response = client.get(url, query)
                else:
                    query_string = "&".join(f"{k}={v}" for k, v in query.items())
                    response = client.generic(method.upper(), f"{url}?{query_string}", "{}",
                                              content_type="application/json")
                tried += 1
                undeclared = str(response.status_code) not in operation["responses"]
                accepted_nonsense = response.status_code == 200 and value in (HUGE, "abc")
                if undeclared or response.status_code >= 500 or accepted_nonsense:
                    failures.append((method, url, query, response.status_code))
    assert failures == [], '\n'.join(map(str, failures))
    assert tried > 100


def test_malformed_bodies_get_a_4xx(client, county):
    client.force_login(county)
    client.raise_request_exception = False
    failures = []
    for path, method, operation in _operations():
        if method not in {"post", "put", "patch"}:
            continue
        for body in ["{", "[]", '{"name": "' + "x" * 100000 + '"}', '{"pk": ' + HUGE + "}", "\xff"]:
            response = client.generic(method.upper(), _url(path, {}), body, content_type="application/json")
            if not 400 <= response.status_code < 500 or str(response.status_code) not in operation["responses"]:
                failures.append((method, path, body[:20], response.status_code))
    assert failures == []
