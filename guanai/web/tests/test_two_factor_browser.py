"""Browser test on a phone (375 px): a county officer, who must use two-factor sign-in, sets it up
with the QR page at the first sign-in, keeps the recovery codes, and signs in again with a code."""

import pyotp
import pytest
from django.utils import timezone

from guanai.web.tests.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_setting_up_and_signing_in_with_a_code_on_a_phone(browser_page, live_server, areas_present, settings,
                                                          county, password):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["county_officer"]
    page = browser_page
    login(page, live_server, county.username, password)
    assert page.url.startswith(f"{live_server.url}/account/two-factor/")
    assert page.locator("h1").inner_text() == "设置两步验证"
    assert page.locator(".topbar").count() == 0  # no menu before the second step
    qr = page.locator("[data-qr] svg").bounding_box()
    assert 150 <= qr["width"] <= PHONE["width"] - 32
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "two-factor-setup-375")
    app = pyotp.TOTP(page.locator("[data-secret]").inner_text().replace(" ", ""))
    page.fill("#id_code", app.at(timezone.now(), counter_offset=-1))
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "two-factor-codes-375")
    with page.expect_navigation():
        page.click("text=我已保存，继续")
    assert page.locator("h1").inner_text() == "凤县"

    page.click("[data-menu-toggle]")
    with page.expect_navigation():
        page.click("form.logout button")
    login(page, live_server, county.username, password)
    assert page.locator("h1").inner_text() == "两步验证"
    page.fill("#id_code", "000000")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "还可以再试" in page.locator(".field-message").inner_text()
    page.fill("#id_code", app.now())
    screenshot(page, "two-factor-verify-375")
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert page.locator("h1").inner_text() == "凤县"
    assert page.console_errors == []
