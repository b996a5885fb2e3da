"""Browser fixtures shared from the web tests (see guanai/web/tests/conftest.py)."""

from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: F401
