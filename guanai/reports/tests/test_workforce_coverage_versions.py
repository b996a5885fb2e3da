"""Version 2 of the child directors' and supervisors' coverage (reports migration 0010): a period's rate
divides by the villages (towns) that existed on its day; version 1 (every area not ended) is kept."""

import datetime
import importlib

import pytest
from django.apps import apps

from guanai.areas.models import Area
from guanai.conftest import FENGXIAN, XINMINJIE
from guanai.reports.measures import MEASURES
from guanai.reports.models import Indicator
from guanai.reports.periods import year_period
from guanai.reports.services import store_refresh_full
from guanai.reports.tests.conftest import stored_value as value
from guanai.workforce.tests.factories import PostFactory, TenureFactory

CODES = ("child_director_coverage", "child_supervisor_coverage")
XINJIANLU = "610330100001"  # 新建路社区: here made a community created on 1 January 2024
YANGJIAPING = "610330100008"  # 杨家坪社区: here merged away on 1 June 2023
MIGRATION = importlib.import_module("guanai.reports.migrations.0010_workforce_coverage_v2")
TODAY = datetime.date(2024, 12, 31)


@pytest.fixture
def directors(db):
    Area.objects.filter(code=XINJIANLU).update(started_on=datetime.date(2024, 1, 1))
    Area.objects.filter(code=YANGJIAPING).update(ended_on=datetime.date(2023, 6, 1))
    TenureFactory(post=PostFactory(area_id=XINMINJIE))
    # entered as held since 2020 in a community that only began in 2024: version 2 counts it from 2024
    TenureFactory(post=PostFactory(area_id=XINJIANLU))


@pytest.mark.django_db
def test_the_migration_made_version_2_current_and_kept_version_1():
    for code in CODES:
        versions = list(Indicator.objects.filter(code=code).order_by("version"))
        assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
        assert versions[1].filters == {**versions[0].filters, "administrative": True}
        assert versions[1].denominator_filters == {**versions[0].denominator_filters, "administrative": True}
    MIGRATION.forward(apps, None)  # a second run finds version 2 current and does nothing
    assert Indicator.objects.filter(code__in=CODES).count() == 4


@pytest.mark.django_db
def test_version_2_counts_the_villages_that_existed_on_the_day(directors):
    store_refresh_full(area_code=FENGXIAN, year=2023, today=TODAY)
    # 66 village and 4 residents' committees in the 2023 edition; in 2023 新建路 did not exist yet and
    # 杨家坪 no longer did: 68 villages, one of them staffed (新民街), not 2 of 70.
    assert value("child_director_coverage", FENGXIAN, "2023") == (1, 68)
    store_refresh_full(area_code=FENGXIAN, year=2024, today=TODAY)
    assert value("child_director_coverage", FENGXIAN, "2024") == (2, 69)
    # Version 1's branch, counted as it was: every area not ended.
    v1 = {"post_kind": "child_director"}
    counted = [sum(v[0] for v in MEASURES[code].compute(filters=v1, periods=[year_period(2023)], prefix=FENGXIAN,
                                                        today=TODAY).values())
               for code in ("areas_staffed", "areas_to_staff")]
    assert counted == [2, 69]


@pytest.mark.django_db
def test_the_drill_down_lists_what_version_2_counted(directors):
    from guanai.accounts.scoping import Scope

    period, filters = year_period(2023), {"post_kind": "child_director", "administrative": True}
    holders = MEASURES["areas_staffed"].records(filters=filters, period=period, scope=Scope(FENGXIAN), today=TODAY)
    assert [t.post.area_id for t in holders] == [XINMINJIE]
    areas = MEASURES["areas_to_staff"].records(filters=filters, period=period, scope=Scope(FENGXIAN), today=TODAY)
    codes = set(areas.values_list("code", flat=True))
    assert len(codes) == 68 and not {XINJIANLU, YANGJIAPING} & codes
