"""Facility indicators over the facilities app: homes open, three-star homes in force, the yearly
operating subsidy paid, and children's homes' coverage of towns; stated in the annual report."""

import datetime
import io

import docx
import pytest

from guanai.conftest import FENGXIAN, LONGKOU, XINMINJIE
from guanai.facilities.models import Rating, SubsidyPayment, SubsidyRoster, SubsidyStatus
from guanai.facilities.tests.factories import FacilityFactory, kind, ningde_scheme
from guanai.reports.documents import default_template, document_render
from guanai.reports.figures import report_figures
from guanai.reports.models import IndicatorValue, TemplateKind
from guanai.reports.services import store_refresh_full

TODAY = datetime.date(2023, 8, 18)  # the day of the 凤县 reply


def value(code: str, area: str, period: str) -> tuple[int, int | None]:
    row = IndicatorValue.objects.filter(indicator_code=code, area_code=area, period=period).first()
    return (row.numerator, row.denominator) if row else (0, None)


@pytest.fixture
def homes(county):
    scheme = ningde_scheme()
    made = [FacilityFactory(area_id=XINMINJIE), FacilityFactory(area_id=XINMINJIE), FacilityFactory(area_id=LONGKOU)]
    for home, stars in zip(made, (3, 3, 4), strict=True):
        Rating.objects.create(facility=home, area_id=home.area_id, scheme=scheme, year=2022, points=70 + 5 * stars,
                              stars=stars, rated_on=datetime.date(2022, 3, 1), rated_by=county)
    roster = SubsidyRoster.objects.create(payout_kind="operating_subsidy", kind=kind("happiness_home"),
                                          area_id=FENGXIAN, year=2022, status=SubsidyStatus.DRAFT, computed_by=county,
                                          computed_at=datetime.datetime(2022, 5, 1, tzinfo=datetime.UTC),
                                          paid_on=datetime.date(2022, 6, 15))
    for home in made:
        SubsidyPayment.objects.create(roster=roster, facility=home, area_id=home.area_id, stars=3, months_open=12,
                                      annual_fen=1_000_000, amount_fen=1_000_000, payee_name=home.name)
    roster.status = SubsidyStatus.LOCKED
    roster.save()
    FacilityFactory(kind=kind("children_home"), area_id=XINMINJIE, name="新民街儿童之家")
    return made


@pytest.mark.django_db
def test_facility_figures_are_counted_and_stated(homes):
    store_refresh_full(area_code=FENGXIAN, year=2022, today=TODAY)
    assert value("happiness_homes", FENGXIAN, "2022") == (3, None)
    assert value("three_star_homes", FENGXIAN, "2022") == (2, None)
    assert value("operating_subsidy_fen", FENGXIAN, "2022") == (3_000_000, None)
    assert value("operating_subsidy_fen", FENGXIAN, "2022-06") == (3_000_000, None)  # the month it was paid
    covered, towns = value("children_home_town_coverage", FENGXIAN, "2022")
    assert covered == 1 and towns >= 9  # 双石铺镇 of 凤县's towns
    figures = report_figures(area=homes[0].area.parent.parent, year=2022, today=TODAY)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document_render(
        template=default_template(TemplateKind.ANNUAL), figures=figures, today=TODAY))).paragraphs)
    assert "农村幸福院3个，其中三星级2个，全年下拨运行补助资金30000元" in text
