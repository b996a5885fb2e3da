"""A partner system's token: narrowed to an area, limited to its resources, read-only unless allowed,
rate-limited, and every call in the access log."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from guanai.accounts.selectors import api_token_for_key
from guanai.accounts.services import api_token_create
from guanai.audit.models import AccessLog
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_window(monkeypatch):
    """An empty cache and a clock that stays in one minute: the window is a fixed minute
    (partners._count_call), and a test whose calls straddled a minute's end found its count reset."""
    from guanai.accounts import partners

    monkeypatch.setattr(partners, "time", SimpleNamespace(time=lambda: 1_796_472_030.0))  # 30 s into a minute
    cache.clear()
    yield
    cache.clear()


def _get(client, key, path):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_partner_token_sees_its_area_and_resources_only(client, county):
    PersonFactory(name="新民街甲", area_id=XINMINJIE)
    PersonFactory(name="龙口乙", area_id=LONGKOU)
    _token, key = api_token_create(user=county, name="民政一体化平台", area_code=XINMINJIE, resources=["people"],
                                   rate_per_minute=3)
    body = _get(client, key, "/api/v1/people/").json()
    names = [p["name"] for p in body["items"]]
    assert names == ["新民街甲"]
    assert _get(client, key, "/api/v1/visits/due").status_code == 403
    assert client.post("/api/v1/people/", {}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403
    assert _get(client, key, "/api/v1/people/").status_code == 200
    assert _get(client, key, "/api/v1/people/").status_code == 200
    limited = _get(client, key, "/api/v1/people/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) <= 60
    calls = AccessLog.objects.filter(object_type="api_call")
    assert calls.count() == 6 and calls.filter(action="denied").count() == 2


def test_a_token_area_must_lie_inside_the_users(director, outsider):
    with pytest.raises(ValidationError):
        api_token_create(user=outsider, name="越权", area_code=XINMINJIE)
    with pytest.raises(ValidationError):
        api_token_create(user=director, name="未知接口", resources=["nothing"])


def test_the_rate_window_is_shared_by_every_server_process(client, county, settings):
    """Another process builds its own cache object from the same settings: it reads the same window
    (a per-process cache would show it nothing and admit the token's whole rate again)."""
    from django.core.cache import caches

    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"  # the default: no per-process cache
    _token, key = api_token_create(user=county, name="省平台", area_code=XINMINJIE, rate_per_minute=2)
    assert _get(client, key, "/api/v1/people/").status_code == 200
    assert _get(client, key, "/api/v1/people/").status_code == 200
    other_process = caches.create_connection("default")
    assert other_process is not caches["default"]
    windows = _window_keys()
    assert len(windows) == 1 and other_process.get(windows[0].split(":", 2)[-1]) == 2
    assert _get(client, key, "/api/v1/people/").status_code == 429


def _window_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM guanai_cache")
        return [row[0] for row in cursor.fetchall()]


def test_a_token_call_notes_when_the_token_was_last_used_and_looking_it_up_does_not(client, county):
    token, key = api_token_create(user=county, name="设备网关", area_code=XINMINJIE, resources=["people"])
    assert api_token_for_key(key=key) == token
    token.refresh_from_db()
    assert token.last_used_at is None  # a read writes nothing
    assert _get(client, key, "/api/v1/people/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
