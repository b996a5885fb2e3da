import datetime

import pytest
from django.utils import timezone

from guanai.visits.schemas import VisitIn

# The shell's Playwright fixtures, for test_browser.py.
from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: F401


@pytest.fixture
def visit_in():
    def make(**overrides) -> VisitIn:
        values = {"method": "home", "visited_at": timezone.now() - datetime.timedelta(minutes=5)}
        values.update(overrides)
        return VisitIn(**values)
    return make
