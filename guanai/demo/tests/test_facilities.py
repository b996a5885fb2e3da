"""The demo's facilities, workforce and projects: every figure of the seeds comes out of the queries.
One test, because the load (about 3,000 facilities and 1,500 posts) is the slow part; it also checks the
children's homes' coverage the reports state from them."""

import datetime

from guanai.demo.facilities import demo_facilities_load
from guanai.demo.facility_checks import demo_facility_figures
from guanai.demo.figures import FENGXIAN, HONGHE
from guanai.demo.report_checks import fengxian_report_rows
from guanai.demo.staff import demo_staff_ensure
from guanai.facilities.models import Facility, SubsidyRoster
from guanai.reports.models import IndicatorValue
from guanai.reports.services import store_refresh_full
from guanai.workforce.models import Post

XUEYUAN = "532528101004"  # 学苑社区, first listed in the 2022 division edition


def test_every_seed_figure_comes_out_of_the_records_and_a_second_load_does_nothing(db):
    demo_staff_ensure()
    assert demo_facilities_load()
    rows = demo_facility_figures()
    assert len(rows) == 23
    assert all(row.ok for row in rows), [row for row in rows if not row.ok]
    assert sorted(SubsidyRoster.objects.values_list("payout_kind", "status", "total_fen")) == [
        ("operating_subsidy", "paid", 68_800_000), ("performance_award", "paid", 4_000_000)]
    assert not demo_facilities_load()
    # Indicator version 2 (reports migration 0009) over the demo's homes: 红河州's 1,360 homes of 2021
    # cover its 1,360 villages and communities of 2021 (学苑社区 started in 2022: it is no 2021 village),
    # the seed's 100%; 凤县's 12 cover its 9 towns and 12 of its 70 villages and communities.
    store_refresh_full(area_code=HONGHE, year=2021)
    store_refresh_full(area_code=FENGXIAN, year=2022)
    assert value("children_home_village_coverage", HONGHE, "2021") == (1_360, 1_360)
    assert value("children_home_town_coverage", FENGXIAN, "2022") == (9, 9)
    assert value("children_home_village_coverage", FENGXIAN, "2022") == (12, 70)
    rows = fengxian_report_rows()
    assert [(row.target, row.actual) for row in rows] == [("100.0%", "100.0%"), ("17.1%", "17.1%")]
    assert not Facility.objects.filter(kind_id="children_home", area_id=XUEYUAN).exists()
    assert Post.objects.get(area_id=XUEYUAN).established_on == datetime.date(2022, 10, 31)


def value(code: str, area: str, period: str) -> tuple[int, int | None]:
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return (row.numerator, row.denominator) if row else (0, None)
