"""Roster build: one line per enrolled person, starts and stops mid-month, bands, 补差, price months."""

import datetime
from decimal import Decimal

import pytest

from guanai.benefits import services
from guanai.benefits.models import (
    EnrollmentStop,
    Payment,
    PaymentKind,
    RosterStatus,
    StopKind,
    StopStatus,
    Variant,
)
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import (
    FENGXIAN,
    EnrollmentFactory,
    PersonFactory,
    PriceIndexFactory,
    RosterFactory,
    programme,
)
from guanai.conftest import LONGKOU
from guanai.people.models import CategorySpell

D = datetime.date
pytestmark = pytest.mark.django_db


def build(code: str, month: datetime.date, area: str = FENGXIAN):
    roster = RosterFactory(programme=programme(code), area_id=area, month=month)
    return roster_build(roster_id=roster.pk)


def lines(roster) -> list[Payment]:
    return list(Payment.objects.filter(roster=roster).order_by("pk"))


def test_one_line_per_enrolled_person_with_standard_and_totals(standards):
    EnrollmentFactory.create_batch(3)
    EnrollmentFactory(person=PersonFactory(area_id=LONGKOU))
    roster = build("orphan_allowance", D(2022, 3, 1))
    assert roster.status == RosterStatus.BUILT
    assert [p.amount_fen for p in lines(roster)] == [70_000] * 4
    assert (roster.line_count, roster.total_fen) == (4, 280_000)
    assert {p.township_code for p in lines(roster)} == {"610330100", "610330101"}


def test_standard_change_is_explained_on_the_line(standards):
    EnrollmentFactory()
    build("orphan_allowance", D(2022, 6, 1))
    line = lines(build("orphan_allowance", D(2022, 7, 1)))[0]
    assert (line.amount_fen, line.previous_fen) == (75_000, 70_000)
    assert "上月700.00元" in line.change_reason


def test_start_mid_month_pays_from_the_next_month(standards, director, supervisor, county):
    from guanai.accounts.scoping import scope_for

    person = PersonFactory(birth_date=D(2012, 5, 5), parents_unknown=True, parents_unknown_evidence="凤公证字第2号")
    CategorySpell.objects.create(person=person, category="orphan", started_on=D(2022, 1, 1), reason="双亡")
    app = services.Application(programme_code="orphan_allowance", payee_name="李监护", bank_account="6217000011112222")
    at = datetime.datetime(2022, 3, 15, 10, tzinfo=datetime.UTC)
    e = services.enrollment_apply(actor=director, scope=scope_for(director), person=person, application=app, at=at)
    services.enrollment_review(actor=supervisor, scope=scope_for(supervisor), enrollment=e, at=at)
    e = services.enrollment_approve(actor=county, scope=scope_for(county), enrollment=e, at=at)
    assert e.starts_on == D(2022, 4, 1)
    assert lines(build("orphan_allowance", D(2022, 3, 1))) == []
    first = lines(build("orphan_allowance", D(2022, 4, 1)))
    assert len(first) == 1 and first[0].change_reason == "首月发放"
    assert first[0].bank_account_masked == "6217********2222"


def test_death_mid_month_is_paid_that_month_and_stops_after(standards):
    e = EnrollmentFactory(person=PersonFactory(died_on=D(2022, 6, 10)))
    assert len(lines(build("orphan_allowance", D(2022, 6, 1)))) == 1
    assert lines(build("orphan_allowance", D(2022, 7, 1))) == []
    stop = EnrollmentStop.objects.get(enrollment=e)
    assert (stop.kind, stop.stop_month, stop.status) == (StopKind.DEATH, D(2022, 7, 1), StopStatus.PROPOSED)


def test_age_18_stops_the_month_after_the_birthday(standards):
    EnrollmentFactory(person=PersonFactory(birth_date=D(2004, 3, 20)))
    assert len(lines(build("orphan_allowance", D(2022, 3, 1)))) == 1
    assert lines(build("orphan_allowance", D(2022, 4, 1))) == []


def test_category_closed_stops_and_a_dismissed_stop_resumes(standards, county):
    from guanai.accounts.scoping import scope_for

    e = EnrollmentFactory(category=False)
    CategorySpell.objects.create(person=e.person, category="orphan", started_on=D(2020, 1, 1),
                                 ended_on=D(2022, 5, 20), reason="双亡", end_reason="父亲找到")
    assert lines(build("orphan_allowance", D(2022, 6, 1))) == []
    stop = EnrollmentStop.objects.get(enrollment=e, kind=StopKind.CATEGORY_CLOSED)
    services.enrollment_stop_dismiss(actor=county, scope=scope_for(county), stop=stop)
    assert len(lines(build("orphan_allowance", D(2022, 7, 1)))) == 1


def test_parent_found_stops_from_the_current_month(standards, director, county):
    from guanai.accounts.scoping import scope_for

    e = EnrollmentFactory()
    services.enrollment_stop_report(actor=director, scope=scope_for(director), enrollment=e,
                                    kind=StopKind.PARENT_FOUND, event_on=D(2022, 8, 20), reason="母亲找到")
    assert len(lines(build("orphan_allowance", D(2022, 7, 1)))) == 1
    assert lines(build("orphan_allowance", D(2022, 8, 1))) == []
    stop = EnrollmentStop.objects.get(enrollment=e)
    services.enrollment_stop_confirm(actor=county, scope=scope_for(county), stop=stop)
    e.refresh_from_db()
    assert (e.status, e.ends_on) == ("ended", D(2022, 7, 1))


def test_de_facto_orphan_on_dibao_gets_the_difference(standards):
    EnrollmentFactory(programme=programme("de_facto_orphan_allowance"), other_benefit="dibao",
                      other_benefit_fen=58_000)
    line = lines(build("de_facto_orphan_allowance", D(2022, 8, 1)))[0]
    assert line.amount_fen == 17_000 and "补差" in line.change_reason


def test_longevity_bands_by_age_at_the_month(standards):
    EnrollmentFactory(programme=programme("longevity_allowance"), variant=Variant.AGE_BAND,
                      person=PersonFactory(birth_date=D(1922, 3, 15)))
    EnrollmentFactory(programme=programme("longevity_allowance"), variant=Variant.AGE_BAND,
                      person=PersonFactory(birth_date=D(1940, 1, 1)))
    assert sorted(p.amount_fen for p in lines(build("longevity_allowance", D(2022, 3, 1)))) == [5_000, 5_000]
    april = sorted(p.amount_fen for p in lines(build("longevity_allowance", D(2022, 4, 1))))
    assert april == [5_000, 30_000]


def test_price_subsidy_month_from_the_index_table(standards):
    EnrollmentFactory(programme=programme("price_subsidy"), variant=Variant.URBAN)
    PriceIndexFactory(month=D(2022, 9, 1), cpi_yoy=Decimal("2.8"), food_cpi_yoy=Decimal("8.8"))
    PriceIndexFactory(month=D(2022, 10, 1), cpi_yoy=Decimal("2.1"), food_cpi_yoy=Decimal("5.9"))
    PriceIndexFactory(month=D(2021, 9, 1), cpi_yoy=Decimal("0.7"), food_cpi_yoy=Decimal("1.0"))
    # index of September, paid in October: round(682 x 8.8%) = 60 yuan
    assert [p.amount_fen for p in lines(build("price_subsidy", D(2022, 10, 1)))] == [6_000]
    assert lines(build("price_subsidy", D(2022, 11, 1))) == []  # 5.9% < 6.0%
    assert lines(build("price_subsidy", D(2021, 10, 1))) == []


def test_price_subsidy_temporary_cpi_threshold_and_minimum(standards):
    EnrollmentFactory(programme=programme("price_subsidy"), variant=Variant.URBAN)
    PriceIndexFactory(month=D(2022, 12, 1), cpi_yoy=Decimal("3.0"), food_cpi_yoy=Decimal("1.0"))
    PriceIndexFactory(month=D(2023, 5, 1), cpi_yoy=Decimal("3.0"), food_cpi_yoy=Decimal("1.0"))
    # Dec 2022 index is under the 2022-23 temporary rule (CPI >= 3.0%): round(682 x 3.0%) = 20 yuan
    assert [p.amount_fen for p in lines(build("price_subsidy", D(2023, 1, 1)))] == [2_000]
    assert lines(build("price_subsidy", D(2023, 6, 1))) == []  # back to 3.5%


def test_one_off_temporary_assistance_paid_once(standards):
    EnrollmentFactory(programme=programme("temporary_assistance"), variant="", one_off_fen=150_000,
                      starts_on=D(2022, 5, 1), ends_on=D(2022, 5, 1))
    assert [p.amount_fen for p in lines(build("temporary_assistance", D(2022, 5, 1)))] == [150_000]
    assert lines(build("temporary_assistance", D(2022, 6, 1))) == []


def test_rebuild_replaces_lines(standards):
    EnrollmentFactory()
    roster = build("orphan_allowance", D(2022, 3, 1))
    EnrollmentFactory()
    roster = roster_build(roster_id=roster.pk)
    assert roster.line_count == 2 and Payment.objects.filter(roster=roster).count() == 2
    assert all(p.kind == PaymentKind.REGULAR for p in lines(roster))
