"""Child directors and supervisors from the workforce app's posts and holders: how many hold office,
and the share of villages (townships) that have one (儿童主任配备率、儿童督导员配备率)."""

import datetime

import pytest
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area, Kind
from guanai.conftest import FENGXIAN, SHUANGSHIPU, XINMINJIE
from guanai.reports.models import IndicatorValue
from guanai.reports.services import store_refresh_full, store_refresh_incremental
from guanai.reports.tests.conftest import OTHER_VILLAGE, TODAY
from guanai.workforce.tests.factories import TenureFactory

pytestmark = pytest.mark.usefixtures("indicators_present")  # a --reuse-db run after a browser test


def cell(code: str, area: str, period: str) -> tuple[int, int | None]:
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return (row.numerator, row.denominator) if row else (0, None)


def areas_under(code: str, level: str) -> int:
    return (Area.objects.filter(level=level, code__startswith=code, ended_on__isnull=True)
            .exclude(kind=Kind.OTHER_UNIT).count())


@pytest.fixture
def holders(db):
    return [
        TenureFactory(post__area_id=XINMINJIE, started_on=datetime.date(2026, 1, 1)),
        TenureFactory(post__area_id=OTHER_VILLAGE, started_on=datetime.date(2025, 1, 1),
                      ended_on=datetime.date(2026, 3, 31)),
        TenureFactory(post__kind="child_supervisor", post__area_id=SHUANGSHIPU, started_on=datetime.date(2026, 2, 1)),
    ]


@pytest.mark.django_db
def test_directors_and_supervisors_are_counted_while_they_hold_office(holders):
    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    assert cell("child_directors", SHUANGSHIPU, "2026-03")[0] == 2  # the end day itself is still held
    assert cell("child_directors", SHUANGSHIPU, "2026-04")[0] == 1
    assert cell("child_directors", FENGXIAN, "2026Q1")[0] == 2
    assert cell("child_supervisors", FENGXIAN, "2026-01")[0] == 0
    assert cell("child_supervisors", FENGXIAN, "2026-02")[0] == 1


@pytest.mark.django_db
def test_coverage_is_villages_and_townships_with_a_holder_over_all_of_them(holders):
    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    villages = areas_under(SHUANGSHIPU, "village")
    assert villages > 2
    assert cell("child_director_coverage", SHUANGSHIPU, "2026-03") == (2, villages)
    assert cell("child_director_coverage", SHUANGSHIPU, "2026-06") == (1, villages)
    assert cell("child_director_coverage", FENGXIAN, "2026") == (1, areas_under(FENGXIAN, "village"))
    assert cell("child_supervisor_coverage", FENGXIAN, "2026-06") == (1, areas_under(FENGXIAN, "township"))


@pytest.mark.django_db
def test_ending_a_directors_tenure_moves_the_figure_by_one(holders, county):
    from guanai.workforce.services import holder_end

    store_refresh_full(area_code=FENGXIAN, year=timezone.localdate().year)
    month = f"{timezone.localdate():%Y-%m}"
    before = cell("child_directors", FENGXIAN, month)[0]
    holder_end(actor=county, scope=scope_for(county), tenure=holders[0],
               ended_on=timezone.localdate() - datetime.timedelta(days=1), reason="调离")
    assert [r.area_code for r in store_refresh_incremental()] == [XINMINJIE]
    assert cell("child_directors", FENGXIAN, month)[0] == before - 1
    assert cell("child_director_coverage", "61", month)[0] == before - 1


@pytest.mark.django_db
def test_the_annual_report_states_directors_and_supervisors(holders):
    from guanai.reports.figures import report_figures

    store_refresh_full(area_code=FENGXIAN, year=2026, today=TODAY)
    figures = report_figures(area=Area.objects.get(code=FENGXIAN), year=2026, today=TODAY)
    assert figures.context()["child_directors"] == "1"
    assert figures.context()["child_supervisors"] == "1"
    coverage = figures.figures["child_director_coverage"]
    assert (coverage.numerator, coverage.denominator) == (1, areas_under(FENGXIAN, "village"))
    assert coverage.text.endswith("%")
