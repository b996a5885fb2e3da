# The shared Playwright fixtures (guanai/web/tests/conftest.py) for this app's browser test.
from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: F401
