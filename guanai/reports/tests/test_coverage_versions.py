"""Version 2 of the children's homes' coverage (reports migration 0009): a period's rate divides by the
villages (towns) that existed on its day and that are villages, communities or townships proper, and
counts a home only in those; version 1 (every area of the edition loaded, not ended) is kept as it was."""

import datetime
import importlib

import pytest
from django.apps import apps

from guanai.areas.models import Area
from guanai.audit.models import Event
from guanai.conftest import FENGXIAN, SHUANGSHIPU, XINMINJIE
from guanai.facilities.tests.factories import FacilityFactory, kind
from guanai.reports.measures import MEASURES
from guanai.reports.models import Indicator
from guanai.reports.periods import year_period
from guanai.reports.services import store_refresh_full, store_refresh_incremental
from guanai.reports.tests.conftest import TODAY
from guanai.reports.tests.conftest import stored_value as value

CODES = ("children_home_town_coverage", "children_home_village_coverage")
VIRTUAL = "610330400598"  # 马头滩虚拟生活区, under 马头滩林业局: NBS "other units"
XINJIANLU = "610330100001"  # 新建路社区: here made a community created on 1 January 2024
YANGJIAPING = "610330100008"  # 杨家坪社区: here merged away on 1 June 2023
MIGRATION = importlib.import_module("guanai.reports.migrations.0009_children_home_coverage_v2")


@pytest.fixture
def homes(db):
    Area.objects.filter(code=XINJIANLU).update(started_on=datetime.date(2024, 1, 1))
    Area.objects.filter(code=YANGJIAPING).update(ended_on=datetime.date(2023, 6, 1))
    children_home = kind("children_home")
    FacilityFactory(kind=children_home, area_id=XINMINJIE, opened_on=datetime.date(2019, 6, 1))
    FacilityFactory(kind=children_home, area_id=VIRTUAL, opened_on=datetime.date(2019, 6, 1))
    FacilityFactory(kind=children_home, area_id=XINJIANLU, opened_on=datetime.date(2024, 2, 1))


def measure(code: str, filters: dict, year: int) -> tuple[int, int]:
    counted = MEASURES[code].compute(filters=filters, periods=[year_period(year)], prefix=FENGXIAN,
                                     today=datetime.date(2024, 12, 31))
    return sum(v[0] for v in counted.values())


@pytest.mark.django_db
def test_on_a_store_that_holds_nothing_the_migration_writes_no_event():
    Indicator.objects.filter(code__in=CODES, version=2).delete()
    Indicator.objects.filter(code__in=CODES, version=1).update(is_current=True)
    MIGRATION.forward(apps, None)  # nothing to recount: no event (an audit chain starts with real work)
    assert not Event.objects.filter(verb="indicator_versioned").exists()
    assert Indicator.objects.filter(code__in=CODES, version=2, is_current=True).count() == 2


@pytest.mark.django_db
def test_the_migration_made_version_2_current_and_kept_version_1():
    for code in CODES:
        versions = list(Indicator.objects.filter(code=code).order_by("version"))
        assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
        assert "administrative" not in versions[0].filters and "administrative" not in versions[0].denominator_filters
        assert versions[1].filters == {**versions[0].filters, "administrative": True}
        assert versions[1].denominator_filters == {**versions[0].denominator_filters, "administrative": True}
        assert versions[1].name == versions[0].name and versions[1].description != versions[0].description


@pytest.mark.django_db
def test_version_2_counts_the_villages_that_existed_and_are_villages(homes):
    store_refresh_full(area_code=FENGXIAN, year=2023, today=TODAY)
    # 凤县 has 66 village and 4 residents' committees and 2 虚拟生活区 in the 2023 edition. In 2023:
    # 新建路 did not exist yet, 杨家坪 no longer did, the 虚拟生活区 are not villages.
    assert value("children_home_village_coverage", FENGXIAN, "2023") == (1, 68)  # 新民街 only
    assert value("children_home_village_coverage", XINMINJIE, "2023") == (1, 1)
    assert value("children_home_village_coverage", VIRTUAL, "2023") == (0, None)
    assert value("children_home_town_coverage", FENGXIAN, "2023") == (1, 9)  # 9 towns, not the 2 forestry units
    assert value("children_home_town_coverage", SHUANGSHIPU, "2023") == (1, 1)
    # Version 1's branch, counted as it was: every area not ended, a home in any of them.
    v1 = {"kind": "children_home", "level": "village"}
    assert (measure("areas_covered", v1, 2023), measure("areas_total", {"level": "village"}, 2023)) == (2, 71)
    assert measure("areas_total", {"level": "township"}, 2023) == 11


@pytest.mark.django_db
def test_a_village_counts_from_the_day_it_started(homes):
    store_refresh_full(area_code=FENGXIAN, year=2024, today=datetime.date(2024, 12, 31))
    assert value("children_home_village_coverage", FENGXIAN, "2024") == (2, 69)  # 新建路 and its home now count
    assert value("children_home_village_coverage", FENGXIAN, "2024-01") == (1, 69)  # its home opened in February
    assert value("children_home_village_coverage", XINJIANLU, "2023") == (0, None)


@pytest.mark.django_db
def test_the_drill_down_lists_what_version_2_counted(homes):
    from guanai.accounts.scoping import Scope

    period, filters = year_period(2023), {"kind": "children_home", "level": "village", "administrative": True}
    facilities = MEASURES["areas_covered"].records(filters=filters, period=period, scope=Scope(FENGXIAN), today=TODAY)
    assert [f.area_id for f in facilities] == [XINMINJIE]
    areas = MEASURES["areas_total"].records(filters={"level": "village", "administrative": True}, period=period,
                                            scope=Scope(FENGXIAN), today=TODAY)
    codes = set(areas.values_list("code", flat=True))
    assert len(codes) == 68 and not {VIRTUAL, XINJIANLU, YANGJIAPING} & codes


@pytest.mark.django_db
def test_the_migration_marks_the_stored_values_for_recount(homes):
    # As the store stood before the migration: version 1 current and counted.
    Indicator.objects.filter(code__in=CODES, version=2).delete()
    Indicator.objects.filter(code__in=CODES, version=1).update(is_current=True)
    store_refresh_full(area_code=FENGXIAN, year=2023, today=TODAY)
    assert value("children_home_village_coverage", FENGXIAN, "2023") == (2, 71)
    before = Event.objects.count()
    MIGRATION.forward(apps, None)
    assert set(Event.objects.filter(verb="indicator_versioned").order_by("-pk")[:2]
               .values_list("object_id", flat=True)) == set(CODES)
    assert Event.objects.count() == before + 2
    store_refresh_incremental(today=TODAY)  # no full refresh: the versioned events queue the recount
    assert value("children_home_village_coverage", FENGXIAN, "2023") == (1, 68)
    assert value("children_home_town_coverage", FENGXIAN, "2023") == (1, 9)
    versioned = Event.objects.filter(verb="indicator_versioned").count()
    MIGRATION.forward(apps, None)  # a second run finds version 2 current and does nothing
    assert Event.objects.filter(verb="indicator_versioned").count() == versioned
    assert Indicator.objects.filter(code__in=CODES).count() == 4
    from guanai.audit.chain import chain_verify

    assert chain_verify(Event)[1] is None
