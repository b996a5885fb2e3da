"""Facility indicators over the facilities app: homes open, three-star homes in force, the yearly
operating subsidy paid, and children's homes' coverage of towns; stated in the annual report."""

import datetime
import io

import docx
import pytest

from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area
from guanai.benefits.models import Variant
from guanai.benefits.roster_build import roster_build
from guanai.benefits.services import roster_lock
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, StandardFactory, programme
from guanai.conftest import FENGXIAN, LONGKOU, XINMINJIE
from guanai.facilities.models import Capacity, Rating, SubsidyPayment, SubsidyRoster, SubsidyStatus
from guanai.facilities.tests.factories import FacilityFactory, kind, ningde_scheme
from guanai.reports.documents import default_template, document_render
from guanai.reports.figures import report_figures
from guanai.reports.models import TemplateKind
from guanai.reports.services import store_refresh_full
from guanai.reports.tests.conftest import stored_value as value

TODAY = datetime.date(2023, 8, 18)  # the day of the 凤县 reply


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
    assert "农村幸福院3个，其中三星级2个，全年下拨运行补助资金3万元" in text


@pytest.mark.django_db
def test_care_institutions_are_stated_by_kind_with_their_beds():
    # The 红河州 2021 reply counts 582 institutions as 城市公办 25, 敬老院 76, 社会力量兴办 27 and
    # 居家养老服务中心(站) 454, with 1.86万 beds: the report states each kind from its own indicator.
    made = {"urban_public_care_home": 1, "care_home": 2, "private_care_home": 3, "home_care_station": 4}
    for code, count in made.items():
        for _ in range(count):
            home = FacilityFactory(kind=kind(code), area_id=XINMINJIE, opened_on=datetime.date(2019, 5, 1))
            Capacity.objects.create(facility=home, area_id=XINMINJIE, effective_from=home.opened_on, beds=10)
    FacilityFactory(kind=kind("care_home"), area_id=LONGKOU, opened_on=datetime.date(2022, 3, 1))  # after 2021
    store_refresh_full(area_code=FENGXIAN, year=2021, today=TODAY)
    figures = report_figures(area=Area.objects.get(code=FENGXIAN), year=2021, today=TODAY)
    assert figures.last_year["longevity_recipients"].text == "—"  # 2020 never counted: not a zero
    for template in (TemplateKind.ANNUAL, TemplateKind.REPLY):
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(document_render(
            template=default_template(template), figures=figures, today=TODAY))).paragraphs)
        assert ("保障型养老服务机构10所，其中城市公办1所、敬老院2所、社会力量兴办养老机构3所、"
                "居家养老服务中心(站)4个，共设置养老床位100张") in text


@pytest.mark.django_db
def test_the_report_states_last_years_longevity_recipients(county):
    # A reply written in 2021 answers with 2020's longevity allowance ("2020年…惠及8.7万余名老年人"):
    # distinct people paid from locked rosters in the year before, in the text and the footnote table.
    longevity = programme("longevity_allowance")
    StandardFactory(programme=longevity, variant=Variant.AGE_BAND, min_age=80, max_age=99, amount_fen=5_000)
    for birth in (datetime.date(1935, 2, 1), datetime.date(1938, 7, 1)):
        EnrollmentFactory(programme=longevity, variant=Variant.AGE_BAND, starts_on=datetime.date(2020, 1, 1),
                          person=PersonFactory(birth_date=birth))
    for month in (datetime.date(2020, 11, 1), datetime.date(2020, 12, 1)):
        roster = roster_build(roster_id=RosterFactory(programme=longevity, month=month).pk)
        roster_lock(actor=county, scope=scope_for(county), roster=roster)
    for year in (2020, 2021):
        store_refresh_full(area_code=FENGXIAN, year=year, today=TODAY)
    figures = report_figures(area=Area.objects.get(code=FENGXIAN), year=2021, today=TODAY)
    assert figures.last_year["longevity_recipients"].numerator == 2  # two people, four payment lines
    document = docx.Document(io.BytesIO(document_render(template=default_template(TemplateKind.REPLY),
                                                        figures=figures, today=TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "高龄津贴0元（0人）。2020年发放高龄津贴200元，惠及2名老年人。" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert ["高龄津贴领取人数", "longevity_recipients (v1)", "2020年", "2"] in rows
    assert ["高龄津贴领取人数", "longevity_recipients (v1)", "2021年", "0"] in rows
