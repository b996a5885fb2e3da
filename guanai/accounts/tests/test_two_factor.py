"""Two-factor sign-in (accounts/twofactor.py, accounts/middleware.py): who must use it, setting it up
with a QR code, the code page, recovery codes, the lockout, the administrator's reset and the API
token page."""

import pyotp
import pytest
from django.core.management import call_command

from guanai.accounts.models import ApiToken, RecoveryCode, TwoFactorDevice
from guanai.accounts.tests.factories import two_factor_enrol
from guanai.accounts.twofactor import Verdict, two_factor_verify
from guanai.audit.models import Event
from guanai.config.safety import startup_refusals

pytestmark = pytest.mark.django_db

PRIVILEGED = ["administrator", "auditor", "county_officer", "prefecture_analyst"]


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = PRIVILEGED
    settings.TWO_FACTOR_FAILURE_LIMIT = 3
    return settings


def _sign_in(client, user, password):
    return client.post("/login/", {"username": user.username, "password": password})


def test_a_county_officer_must_set_it_up_before_anything_else(client, required, county, password):
    response = _sign_in(client, county, password)
    assert response.status_code == 302
    # Every page and the API wait for the setup.
    people = client.get("/people/")
    assert people.status_code == 302 and people["Location"].startswith("/account/two-factor/?next=/people/")
    assert client.get("/api/v1/accounts/me").status_code == 401
    page = client.get("/account/two-factor/?next=/people/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "http" not in html.split("<svg", 1)[1].split(">", 1)[0]
    device = TwoFactorDevice.objects.get(user=county, confirmed_at__isnull=True)
    assert device.secret.replace(" ", "")[:4] in html  # the key for typing, grouped by four
    wrong = client.post("/account/two-factor/", {"code": "000000", "next": "/people/"})
    assert "验证码不正确" in wrong.content.decode()
    app = pyotp.TOTP(device.secret)
    done = client.post("/account/two-factor/", {"code": app.now(), "next": "/people/"})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code not in RecoveryCode.objects.values_list("digest", flat=True) for code in codes)
    assert client.get("/people/").status_code == 200
    assert Event.objects.filter(verb="two_factor_enabled", object_id=str(county.pk)).count() == 1


def test_signing_in_asks_for_a_code_and_takes_each_code_once(client, required, county, password):
    app, _codes = two_factor_enrol(county)
    _sign_in(client, county, password)
    assert client.get("/").headers["Location"] == "/account/two-factor/verify/?next=/"
    assert client.get("/account/two-factor/").status_code == 302  # no status page before the code
    wrong = client.post("/account/two-factor/verify/", {"code": "123456"})
    assert "还可以再试 2 次" in wrong.content.decode()
    code = app.code(0)
    assert client.post("/account/two-factor/verify/", {"code": code, "next": "/people/"})["Location"] == "/people/"
    assert client.get("/").status_code == 200
    client.post("/logout/")
    _sign_in(client, county, password)
    again = client.post("/account/two-factor/verify/", {"code": code})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()  # a replayed code


def test_a_recovery_code_signs_in_once(client, required, county, password):
    _app, codes = two_factor_enrol(county)
    _sign_in(client, county, password)
    response = client.post("/account/two-factor/verify/", {"code": codes[3].upper()})
    assert response.status_code == 302 and client.get("/").status_code == 200
    assert Event.objects.filter(verb="two_factor_recovery_used").get().data == {"left": 9}
    client.post("/logout/")
    _sign_in(client, county, password)
    assert client.post("/account/two-factor/verify/", {"code": codes[3]}).status_code == 200  # used up


def test_wrong_codes_lock_the_second_step_and_a_password_does_not_unlock_it(client, required, county, password):
    app, _codes = two_factor_enrol(county)
    _sign_in(client, county, password)
    client.post("/account/two-factor/verify/", {"code": "111111"})
    client.post("/account/two-factor/verify/", {"code": "222222"})
    locked = client.post("/account/two-factor/verify/", {"code": "333333"})
    assert locked.status_code == 403 and "锁定" in locked.content.decode()
    assert client.get("/").status_code == 302 and "/login/" in client.get("/")["Location"]  # signed out
    assert Event.objects.filter(verb="two_factor_locked", object_id=str(county.pk)).exists()
    # The right password again, then even the right code is refused until the cool-off ends.
    _sign_in(client, county, password)
    assert client.post("/account/two-factor/verify/", {"code": app.code(0)}).status_code == 403
    assert two_factor_verify(user=county, code=app.code(1)) is Verdict.LOCKED


def test_an_administrator_resets_a_lost_phone_and_it_is_an_event(client, required, county, administrator):
    two_factor_enrol(county)
    app, _ = two_factor_enrol(administrator)
    client.force_login(administrator)
    client.post("/account/two-factor/verify/", {"code": app.code(0)})
    response = client.post("/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [county.pk]})
    assert response.status_code == 302
    assert not TwoFactorDevice.objects.filter(user=county).exists()
    assert not RecoveryCode.objects.filter(user=county).exists()
    event = Event.objects.get(verb="two_factor_reset", object_id=str(county.pk))
    assert event.actor == administrator


def test_the_console_reset_for_a_lost_administrator_phone(administrator):
    two_factor_enrol(administrator)
    call_command("twofactor", "reset", administrator.username)
    assert not TwoFactorDevice.objects.filter(user=administrator).exists()
    assert Event.objects.get(verb="two_factor_reset").actor is None


def test_others_may_turn_it_on_and_off_the_required_may_not_turn_it_off(client, required, director, county,
                                                                         password):
    _sign_in(client, director, password)
    assert client.get("/").status_code == 200  # optional: nothing asked
    app, _ = two_factor_enrol(director)
    response = client.post("/account/two-factor/", {"code": app.code(0), "action": "disable"})
    assert response.status_code == 302 and not TwoFactorDevice.objects.filter(user=director).exists()
    assert Event.objects.filter(verb="two_factor_disabled").count() == 1
    client.post("/logout/")
    app, _ = two_factor_enrol(county)
    _sign_in(client, county, password)
    client.post("/account/two-factor/verify/", {"code": app.code(0)})
    refused = client.post("/account/two-factor/", {"code": app.code(1), "action": "disable"})
    assert "必须使用两步验证" in refused.content.decode()
    assert TwoFactorDevice.objects.filter(user=county).exists()


def test_new_recovery_codes_replace_the_old(client, director, password):
    app, old = two_factor_enrol(director)
    _sign_in(client, director, password)
    client.post("/account/two-factor/verify/", {"code": app.code(0)})
    new = client.post("/account/two-factor/", {"code": app.code(1), "action": "codes"}).context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor_verify(user=director, code=old[0]) is Verdict.WRONG
    assert two_factor_verify(user=director, code=new[0]) is Verdict.RECOVERY


def test_the_token_page_asks_the_maker_for_a_code(client, administrator, director):
    client.force_login(administrator)
    data = {"user": director.pk, "name": "设备网关", "rate_per_minute": 60}
    no_device = client.post("/admin/accounts/apitoken/add/", {**data, "otp_code": "123456"})
    assert "请先为您自己的账号开启两步验证" in no_device.content.decode()
    app, _ = two_factor_enrol(administrator)
    wrong = client.post("/admin/accounts/apitoken/add/", {**data, "otp_code": "000000"})
    assert wrong.status_code == 200 and not ApiToken.objects.exists()
    made = client.post("/admin/accounts/apitoken/add/", {**data, "otp_code": app.code(0)})
    assert made.status_code == 302 and ApiToken.objects.filter(name="设备网关").exists()


def test_without_required_roles_a_session_is_not_asked(client, county):
    """The demo on loopback requires nobody (settings); a user without a device goes straight in."""
    client.force_login(county)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("roles", "refused"), [
    (PRIVILEGED, 0), (["administrator", "auditor"], 0), (["county_officer"], 1), ([], 1),
])
def test_a_server_facing_users_refuses_privileged_roles_without_it(roles, refused):
    found = startup_refusals(debug=False, allowed_hosts=["guanai.mzj.example.gov.cn"], secret_key="k" * 60,
                             id_key="0f" * 16, two_factor_roles=roles)
    assert len(found) == refused
    assert startup_refusals(debug=False, allowed_hosts=["localhost"], secret_key="k" * 60, id_key="0f" * 16,
                            two_factor_roles=[]) == []
