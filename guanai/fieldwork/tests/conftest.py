# The shell's Playwright fixtures, for test_browser.py.
from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: F401
