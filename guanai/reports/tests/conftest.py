import datetime

import pytest

from guanai.conftest import FENGXIAN, SHUANGSHIPU, XINMINJIE
from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.reports.models import IndicatorValue
from guanai.web.tests.conftest import areas_present, browser_page, chromium  # noqa: F401

# A fixed "today" inside a year, so stock figures stand on known days.
TODAY = datetime.date(2026, 6, 15)
OTHER_VILLAGE = "610330100001"  # another village of 双石铺镇


def stored_value(code: str, area: str, period: str) -> tuple[int, int | None]:
    """(numerator, denominator) the store holds for an indicator, area and period; (0, None) for no row."""
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return (row.numerator, row.denominator) if row else (0, None)


@pytest.fixture
def indicators_present(areas_present):  # noqa: F811  (the imported fixture, requested)
    """The catalogue the reports migrations load: tests that use live_server are transactional, and
    pytest-django empties every table after each one, so a later browser test finds no indicators."""
    import importlib

    from django.apps import apps

    importlib.import_module("guanai.reports.migrations.0004_workforce_indicators").load(apps, None)  # missing codes


@pytest.fixture
def children(db):
    """Three left-behind children in 新民街社区 (one since 2025), one in another village of the township."""
    made = []
    for village, since in ((XINMINJIE, datetime.date(2025, 3, 1)), (XINMINJIE, datetime.date(2026, 1, 5)),
                           (XINMINJIE, datetime.date(2026, 2, 1)), (OTHER_VILLAGE, datetime.date(2026, 1, 1))):
        person = PersonFactory(area_id=village)
        made.append(CategorySpellFactory(person=person, category=Category.LEFT_BEHIND_CHILD, started_on=since))
    return made


__all__ = ["FENGXIAN", "SHUANGSHIPU", "TODAY", "XINMINJIE", "children"]
