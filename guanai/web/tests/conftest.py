"""Shared Playwright fixtures for browser tests (marker `browser`), reusable by every app's tests.

    @pytest.mark.browser
    def test_something(browser_page, live_server, areas_present, director, password):
        login(browser_page, live_server, director.username, password)

- `browser_page`: a fresh page in headless Debian Chromium (/usr/bin/chromium), 1280x900 by default;
  for a phone use `@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)`.
- `areas_present`: the division tree. Tests that use `live_server` are transactional, so pytest-django
  runs them after the others and empties every table after each one, areas included; this fixture
  loads the tree again when it is missing.
- Without /usr/bin/chromium the tests skip, unless GUANAI_REQUIRE_BROWSER=1 (CI), when they fail.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = settings.PROJECT_DIR / "var" / "screenshots"


@pytest.fixture
def chromium(monkeypatch):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk"
        if os.environ.get("GUANAI_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; Django's ORM would then refuse to run
    # in the test body ("async context"). The test body is still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, request):
    viewport = getattr(request, "param", None) or DESKTOP
    context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                   device_scale_factor=1, is_mobile=viewport["width"] < 600,
                                   has_touch=viewport["width"] < 600)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def areas_present(transactional_db, django_db_blocker):
    from guanai.areas.divisions import packaged_directory
    from guanai.areas.models import Area
    from guanai.areas.services import areas_load

    if not Area.objects.filter(code="610330100007").exists():
        areas_load(directory=packaged_directory(), edition="2023")


def login(page, live_server, username: str, password: str) -> None:
    """Sign in through the real form and wait for the home page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.form button[type=submit]")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
