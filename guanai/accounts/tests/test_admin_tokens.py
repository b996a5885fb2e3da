import pytest

from guanai.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_admin_creates_a_token_and_shows_its_key_once(client, administrator, director):
    from guanai.accounts.tests.factories import two_factor_enrol

    client.force_login(administrator)
    app, _ = two_factor_enrol(administrator)  # after signing in: this session is past the second step
    response = client.post("/admin/accounts/apitoken/add/", {"user": director.pk, "name": "设备网关",
                                                             "otp_code": app.code(0)}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="设备网关")
    shown = [str(m) for m in response.context["messages"]]
    key = shown[0].rsplit("：", 1)[1]
    assert token.digest == ApiToken.digest_of(key) and token.prefix == key[:8]
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["username"] == "director"


def test_admin_revokes_tokens(client, administrator, director):
    from guanai.accounts.services import api_token_create

    token, key = api_token_create(user=director, name="x")
    client.force_login(administrator)
    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    client.logout()
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_admin_user_change_is_an_event_and_an_odd_binding_warns(client, administrator, director):
    from guanai.audit.models import Event

    client.force_login(administrator)
    data = {"username": director.username, "full_name": "改名", "phone": "", "role": "child_director",
            "area": "610330", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    response = client.post(f"/admin/accounts/user/{director.pk}/change/", data, follow=True)
    assert response.status_code == 200
    event = Event.objects.filter(verb="user_changed", object_id=str(director.pk)).get()
    assert "area" in event.data["fields"] and "full_name" in event.data["fields"]
    assert any("通常绑定" in str(m) for m in response.context["messages"])


def test_the_admin_names_the_sign_in_lockout_in_chinese(client, administrator):
    """django-axes has no Chinese: our catalogue gives it one (accounts/axes_app.py)."""
    client.force_login(administrator)
    page = client.get("/admin/").content.decode()
    assert "登录保护" in page and "登录尝试" in page
    assert "Axes" not in page and "AXES" not in page and "Access attempts" not in page
    client.cookies["django_language"] = "en"
    assert "Sign-in protection" in client.get("/admin/").content.decode()
