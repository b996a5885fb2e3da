"""The operating subsidy and the performance award: computed from ratings and months open by the
county formula (rows), approved, locked, paid; a locked roster never changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from guanai.accounts.scoping import scope_for
from guanai.facilities import selectors, services
from guanai.facilities.models import SubsidyPayment, SubsidyRosterLocked, SubsidyStatus
from guanai.facilities.tests.factories import FENGXIAN, FacilityFactory, ningde_scheme, rates

D = datetime.date
OPERATING = {0: 600_000, 3: 1_200_000, 4: 1_500_000, 5: 2_000_000}
AWARD = {3: 500_000, 4: 800_000}


def _rate(county, facility, points: tuple[int, int, int], year: int = 2022):
    items = list(selectors.scheme_for(kind=facility.kind_id, area_code=facility.area_id, on=D(year, 3, 1)).items.all())
    return services.rating_record(actor=county, scope=scope_for(county), facility=facility, year=year,
                                  rated_on=D(year, 3, 1), scores=dict(zip([i.pk for i in items], points, strict=True)))


@pytest.fixture
def formula(db):
    ningde_scheme()
    rates("operating_subsidy", OPERATING)
    rates("performance_award", AWARD)


def test_rating_turns_the_score_sheet_into_stars(county, formula):
    home = FacilityFactory()
    rating = _rate(county, home, (25, 30, 28))
    assert (rating.points, rating.stars) == (83, 4)
    assert rating.scores.count() == 3


def test_rating_refuses_points_above_an_items_maximum(county, formula):
    home = FacilityFactory()
    with pytest.raises(Exception, match="0-30"):
        _rate(county, home, (31, 30, 28))
    assert not home.ratings.exists()


def test_operating_subsidy_by_stars_and_months(county, formula):
    full = FacilityFactory(name="全年三星")
    _rate(county, full, (20, 25, 20))  # 65: three stars
    late = FacilityFactory(name="七月开业四星", opened_on=D(2022, 6, 15), history=[(D(2022, 6, 15), "open")])
    _rate(county, late, (25, 30, 28))  # 83: four stars
    unrated = FacilityFactory(name="未评定")
    suspended = FacilityFactory(name="停了两个月", history=[(D(2020, 1, 1), "open"), (D(2022, 4, 1), "suspended"),
                                                       (D(2022, 6, 1), "open")])
    roster = services.subsidy_roster_compute(actor=county, scope=scope_for(county), payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    amounts = dict(SubsidyPayment.objects.filter(roster=roster).values_list("facility__name", "amount_fen"))
    assert amounts == {
        "全年三星": 1_200_000,
        "七月开业四星": 875_000,  # 1,500,000 x 7/12 (June counts: open 16 days of it)
        "未评定": 600_000,  # the 0-star row of the formula
        "停了两个月": 500_000,  # 600,000 x 10/12
    }
    assert roster.total_fen == sum(amounts.values()) and roster.line_count == 4
    assert unrated.pk and suspended.pk


def test_no_rate_for_a_star_level_pays_nothing_and_says_so(county, db):
    ningde_scheme()
    rates("operating_subsidy", {3: 1_200_000})
    FacilityFactory()
    roster = services.subsidy_roster_compute(actor=county, scope=scope_for(county), payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    assert roster.line_count == 0 and roster.total_fen == 0


def test_award_only_for_a_rating_in_force_and_not_revoked(county, formula):
    three = FacilityFactory(name="三星")
    _rate(county, three, (20, 25, 20))
    revoked = FacilityFactory(name="出事故")
    rating = _rate(county, revoked, (20, 25, 20))
    services.rating_revoke(actor=county, scope=scope_for(county), rating=rating, on=D(2022, 8, 1), reason="火灾")
    old = FacilityFactory(name="评定已过期")
    _rate(county, old, (20, 25, 20), year=2018)
    five = FacilityFactory(name="五星无奖补标准")
    _rate(county, five, (30, 35, 30))
    roster = services.subsidy_roster_compute(actor=county, scope=scope_for(county), payout_kind="performance_award",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    assert dict(roster.payments.values_list("facility__name", "amount_fen")) == {"三星": 500_000}


def test_approve_lock_pay_in_order_and_a_locked_roster_never_changes(county, formula):
    FacilityFactory()
    scope = scope_for(county)
    roster = services.subsidy_roster_compute(actor=county, scope=scope, payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    with pytest.raises(services.WrongStep):
        services.subsidy_roster_lock(actor=county, scope=scope, roster=roster)
    services.subsidy_roster_approve(actor=county, scope=scope, roster=roster)
    services.subsidy_roster_lock(actor=county, scope=scope, roster=roster)
    assert roster.status == SubsidyStatus.LOCKED
    with pytest.raises(SubsidyRosterLocked):
        services.subsidy_roster_compute(actor=county, scope=scope, payout_kind="operating_subsidy",
                                        kind="happiness_home", area_code=FENGXIAN, year=2022)
    with pytest.raises(SubsidyRosterLocked):
        roster.payments.update(amount_fen=1)
    line = roster.payments.get()
    for write in (line.save, line.delete, SubsidyPayment.objects.filter(roster=roster).delete):
        with pytest.raises(SubsidyRosterLocked):
            write()
    services.subsidy_roster_mark_paid(actor=county, scope=scope, roster=roster, paid_on=D(2023, 1, 20))
    roster.refresh_from_db()
    assert roster.status == SubsidyStatus.PAID and roster.payments.get().amount_fen == 600_000


def test_village_staff_and_other_areas_cannot_compute(director, county, formula):
    with pytest.raises(PermissionDenied):
        services.subsidy_roster_compute(actor=director, scope=scope_for(director), payout_kind="operating_subsidy",
                                        kind="happiness_home", area_code=FENGXIAN, year=2022)
    with pytest.raises(PermissionDenied):
        services.subsidy_roster_compute(actor=county, scope=scope_for(county), payout_kind="operating_subsidy",
                                        kind="happiness_home", area_code="5325", year=2022)
