import datetime

import pytest
from django.utils import timezone

from guanai.visits.schemas import VisitIn


@pytest.fixture
def visit_in():
    def make(**overrides) -> VisitIn:
        values = {"method": "home", "visited_at": timezone.now() - datetime.timedelta(minutes=5)}
        values.update(overrides)
        return VisitIn(**values)
    return make
