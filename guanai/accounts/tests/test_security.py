"""Login policy: lockout, password strength, idle timeout, CSRF, security headers, API tokens."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from guanai.accounts.models import ApiToken
from guanai.accounts.services import api_token_create, user_create
from guanai.conftest import LONGKOU, XINMINJIE

pytestmark = pytest.mark.django_db


def test_weak_passwords_are_refused():
    for weak in ["12345678901", "password123", "abcdefghijk", "Short1!"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Village-Care-2026")


def test_user_create_refuses_weak_password_and_keeps_nothing():
    with pytest.raises(ValidationError):
        user_create(username="weak", password="12345678", role="child_director", area_code=XINMINJIE)
    from guanai.accounts.models import User

    assert not User.objects.filter(username="weak").exists()


def test_role_without_area_is_invalid():
    with pytest.raises(ValidationError) as error:
        user_create(username="nowhere", password="Village-Care-2026", role="child_director", area_code=None)
    assert "area" in error.value.message_dict


def test_lockout_after_repeated_failures(director, password):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "director", "password": "wrong-Password-1"})
    response = client.post("/login/", {"username": "director", "password": password})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_and_session_idles_out(director, password):
    client = Client()
    response = client.post("/login/", {"username": "director", "password": password})
    assert response.status_code == 302
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 60 * 60
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE


def test_login_form_requires_csrf(director, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "director", "password": password})
    assert response.status_code == 403


def test_security_headers(client):
    response = client.get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_api_needs_authentication(client):
    assert client.get("/api/v1/accounts/me").status_code == 401


def test_api_token_authenticates_and_only_its_digest_is_stored(client, director):
    token, key = api_token_create(user=director, name="测试")
    assert ApiToken.objects.get(pk=token.pk).digest != key
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["area_code"] == XINMINJIE
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_revoked_token_is_refused(client, director):
    token, key = api_token_create(user=director, name="测试")
    from django.utils import timezone

    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_areas_api_is_scoped(client, director, outsider):
    client.force_login(outsider)
    assert client.get(f"/api/v1/areas/{XINMINJIE}").status_code == 404
    own = client.get(f"/api/v1/areas/{LONGKOU}")
    assert own.status_code == 200 and own.json()["area"]["short_name"] == "龙口社区"
    # ancestors are visible as context, without counts of what lies below them
    above = client.get("/api/v1/areas/610330").json()
    assert above["descendant_counts"] == {}
