"""Browser smoke test: sign in in headless Chromium on a phone and on a desktop."""

import pytest

from guanai.web.tests.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_director_signs_in_on_a_phone(browser_page, live_server, areas_present, director, password):
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "登录"
    screenshot(page, "login-375")
    login(page, live_server, director.username, password)
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text() == "新民街社区居委会"
    assert "双石铺镇" in page.locator(".hero-path").inner_text()
    # The menu is folded on a phone and opens with its button.
    assert not page.locator("#site-nav").is_visible()
    page.click("[data-menu-toggle]")
    assert page.locator("#site-nav a.active").inner_text() == "工作台"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
    path = screenshot(page, "home-director-375")
    assert path.stat().st_size > 10_000
    assert page.console_errors == []


def test_county_officer_sees_the_coverage_chart(browser_page, live_server, areas_present, county, director,
                                                password):
    page = browser_page
    login(page, live_server, county.username, password)
    assert page.locator("h1").inner_text() == "凤县"
    page.wait_for_selector("[data-chart=coverage] canvas")
    box = page.locator("[data-chart=coverage] canvas").first.bounding_box()
    assert box["width"] > 600 and box["height"] > 200
    # The area picker narrows to a township; the page follows.
    with page.expect_navigation():
        page.select_option("#area-picker-select", "610330100")
    assert page.locator("h1").inner_text() == "双石铺镇"
    screenshot(page, "home-county-narrowed-1280")
    assert page.console_errors == []
