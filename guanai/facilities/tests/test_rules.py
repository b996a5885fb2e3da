"""The facility rules, one test per branch (RULES.md "Facilities"; the county formula in rules.py)."""

import datetime

import pytest

from guanai.facilities import rules

D = datetime.date
NINGDE = [rules.Band(60, 3), rules.Band(80, 4), rules.Band(90, 5)]


@pytest.mark.parametrize(("points", "stars"), [(0, 0), (59, 0), (60, 3), (79, 3), (80, 4), (89, 4), (90, 5),
                                               (100, 5)])
def test_stars_follow_the_bands_and_a_boundary_belongs_to_the_band_that_starts_there(points, stars):
    assert rules.stars_for_points(points, NINGDE) == stars


def test_a_county_that_puts_80_in_three_stars_moves_the_band_start():
    assert rules.stars_for_points(80, [rules.Band(60, 3), rules.Band(81, 4), rules.Band(91, 5)]) == 3


def test_no_bands_means_not_rated():
    assert rules.stars_for_points(95, []) == 0


@pytest.mark.parametrize(("year", "revoked", "holds"), [
    (2021, None, True), (2023, None, True), (2024, None, False), (2020, None, False),
    (2022, D(2022, 6, 1), False), (2022, D(2023, 1, 1), True),
])
def test_a_rating_holds_for_its_valid_years_until_revoked(year, revoked, holds):
    assert rules.rating_in_force(rated_year=2021, valid_years=3, year=year, revoked_on=revoked) is holds


@pytest.mark.parametrize(("day", "revoked", "holds"), [
    (datetime.date(2020, 12, 31), None, False),  # before its year
    (datetime.date(2021, 1, 1), None, True),
    (datetime.date(2023, 12, 31), None, True),  # the third year
    (datetime.date(2024, 1, 1), None, False),  # re-rated every 3 years
    (datetime.date(2022, 6, 30), datetime.date(2022, 7, 1), True),  # the day before the revocation
    (datetime.date(2022, 7, 1), datetime.date(2022, 7, 1), False),  # revoked that day
])
def test_a_rating_stands_on_a_day_within_its_years_until_revoked(day, revoked, holds):
    assert rules.rating_holds_on(rated_year=2021, valid_years=3, day=day, revoked_on=revoked) is holds


def test_open_spells_follow_status_changes():
    spells = rules.open_spells([(D(2022, 3, 10), "open"), (D(2022, 7, 1), "suspended"), (D(2022, 9, 1), "open"),
                                (D(2022, 11, 16), "closed")], open_status="open")
    assert spells == [rules.Spell(D(2022, 3, 10), D(2022, 6, 30)), rules.Spell(D(2022, 9, 1), D(2022, 11, 15))]


def test_a_spell_still_open_has_no_end():
    assert rules.open_spells([(D(2020, 1, 1), "building"), (D(2021, 5, 1), "open")], open_status="open") == [
        rules.Spell(D(2021, 5, 1), None)]


def test_months_open_counts_a_month_with_enough_days():
    spells = [rules.Spell(D(2022, 3, 10), D(2022, 6, 30)), rules.Spell(D(2022, 9, 1), D(2022, 11, 15))]
    assert rules.months_open(spells, year=2022, min_days_open=1) == 7  # Mar-Jun, Sep-Nov
    # March has 22 open days (10-31) and counts at 16; November has 15 and does not.
    assert rules.months_open(spells, year=2022, min_days_open=16) == 6
    assert rules.months_open(spells, year=2022, min_days_open=23) == 5  # neither March nor November


def test_months_open_whole_year_and_other_years():
    spells = [rules.Spell(D(2019, 1, 1), None)]
    assert rules.months_open(spells, year=2022, min_days_open=1) == 12
    assert rules.months_open([rules.Spell(D(2023, 6, 1), None)], year=2022, min_days_open=1) == 0


def test_operating_subsidy_is_pro_rata_rounded_half_up_to_the_fen():
    assert rules.operating_subsidy_fen(annual_fen=1_200_000, months=12) == 1_200_000
    assert rules.operating_subsidy_fen(annual_fen=1_200_000, months=7) == 700_000
    assert rules.operating_subsidy_fen(annual_fen=1_000_000, months=7) == 583_333  # 583,333.33
    assert rules.operating_subsidy_fen(annual_fen=1_000_001, months=6) == 500_001  # 500,000.5 -> up
    assert rules.operating_subsidy_fen(annual_fen=900_000, months=0) == 0


def test_operating_subsidy_refuses_impossible_months():
    with pytest.raises(ValueError):
        rules.operating_subsidy_fen(annual_fen=100, months=13)


def test_performance_award_is_the_rate_when_the_rating_holds():
    assert rules.performance_award_fen(annual_fen=500_000, in_force=True) == 500_000
    assert rules.performance_award_fen(annual_fen=500_000, in_force=False) == 0
