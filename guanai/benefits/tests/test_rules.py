"""One test (or a few) per money rule in rules.py."""

import datetime
from decimal import Decimal

from guanai.benefits import rules
from guanai.benefits.models import ProgrammeCode, StopKind, Variant

D = datetime.date
ON = D(2022, 6, 15)


def applicant(**kw) -> rules.Applicant:
    base = {"age": 10, "died_on": None, "open_categories": frozenset(), "living_in_institution": False,
            "dibao": False, "tekun": False, "disability_grade": None, "disability_type": ""}
    return rules.Applicant(**{**base, **kw})


def test_longevity_from_the_band_age():
    assert not rules.longevity_allowance_eligible(applicant(age=79), ON, min_age=80).eligible
    decision = rules.longevity_allowance_eligible(applicant(age=80), ON, min_age=80)
    assert decision.eligible and decision.variant == Variant.AGE_BAND


def test_orphan_scattered_or_institutional_and_never_on_top_of_tekun():
    orphan = frozenset({"orphan"})
    assert rules.orphan_allowance_eligible(applicant(open_categories=orphan), ON).variant == Variant.SCATTERED
    assert rules.orphan_allowance_eligible(applicant(open_categories=orphan, living_in_institution=True),
                                           ON).variant == Variant.INSTITUTIONAL
    refused = rules.orphan_allowance_eligible(applicant(open_categories=orphan, tekun=True), ON)
    assert not refused.eligible and "特困" in refused.reason
    assert not rules.orphan_allowance_eligible(applicant(), ON).eligible


def test_de_facto_orphan_needs_the_category_and_notes_the_top_up():
    assert not rules.de_facto_orphan_allowance_eligible(applicant(), ON).eligible
    decision = rules.de_facto_orphan_allowance_eligible(applicant(open_categories={"de_facto_orphan"}, dibao=True), ON)
    assert decision.eligible and decision.variant == Variant.SCATTERED and "差额" in decision.reason


def test_top_up_pays_only_the_difference():
    assert rules.top_up(75_000, 58_000) == 17_000
    assert rules.top_up(75_000, 80_000) == 0


def test_guardian_care_subsidy_only_for_scattered_orphans():
    assert rules.guardian_care_subsidy_eligible(applicant(open_categories={"orphan"}), ON).eligible
    assert not rules.guardian_care_subsidy_eligible(
        applicant(open_categories={"orphan"}, living_in_institution=True), ON).eligible


def test_price_subsidy_covers_the_groups_of_its_rows():
    groups = [("orphan", "urban"), ("de_facto_orphan", "urban"), ("youfu", "urban"), ("dibao_edge", "rural")]
    de_facto = applicant(open_categories={"de_facto_orphan"})
    assert rules.price_subsidy_eligible(de_facto, ON, cover_groups=groups).eligible
    decision = rules.price_subsidy_eligible(applicant(received=frozenset({"dibao_edge"})), ON, cover_groups=groups)
    assert decision.eligible and decision.variant == Variant.RURAL
    assert not rules.price_subsidy_eligible(applicant(), ON, cover_groups=groups).eligible
    assert not rules.price_subsidy_eligible(applicant(received=frozenset({"dibao_edge"})), ON,
                                            cover_groups=groups[:3]).eligible


def test_disability_subsidies_care_for_severe_living_for_poor():
    grades = (1, 2)
    assert rules.disability_subsidies_eligible(applicant(disability_grade=1), ON, severe_grades=grades).variant \
        == Variant.CARE
    assert rules.disability_subsidies_eligible(applicant(disability_grade=3, dibao=True), ON,
                                               severe_grades=grades).variant == Variant.LIVING
    assert not rules.disability_subsidies_eligible(applicant(disability_grade=3), ON, severe_grades=grades).eligible


def test_temporary_assistance_refuses_the_dead():
    assert rules.temporary_assistance_eligible(applicant(), ON).eligible
    assert not rules.temporary_assistance_eligible(applicant(died_on=D(2022, 1, 1)), ON).eligible


def test_trigger_takes_the_larger_rise_of_those_that_fire():
    kw = {"cpi_threshold": Decimal("3.5"), "food_cpi_threshold": Decimal("6.0")}
    assert rules.price_trigger_rise(Decimal("2.8"), Decimal("5.9"), **kw) is None
    assert rules.price_trigger_rise(Decimal("2.8"), Decimal("8.8"), **kw) == Decimal("8.8")
    assert rules.price_trigger_rise(Decimal("3.5"), Decimal("1.0"), **kw) == Decimal("3.5")
    assert rules.price_trigger_rise(Decimal("4.0"), Decimal("6.5"), **kw) == Decimal("6.5")


def test_price_subsidy_amount_rounds_to_whole_yuan_with_a_minimum():
    assert rules.price_subsidy_amount(dibao_standard_fen=68_200, rise_percent=Decimal("8.8"), minimum_fen=0) == 6_000
    assert rules.price_subsidy_amount(dibao_standard_fen=65_000, rise_percent=Decimal("3.5"), minimum_fen=0) == 2_300
    assert rules.price_subsidy_amount(dibao_standard_fen=65_000, rise_percent=Decimal("1.0"),
                                      minimum_fen=1_000) == 1_000


def test_paid_from_the_month_after_approval():
    assert rules.first_paid_month(D(2022, 3, 15)) == D(2022, 4, 1)
    assert rules.first_paid_month(D(2022, 12, 31)) == D(2023, 1, 1)


def test_age_18_stops_the_month_after_the_birthday():
    stop = rules.stop_for_age(D(2004, 3, 20), 18)
    assert (stop.kind, stop.event_on, stop.stop_month) == (StopKind.AGE_LIMIT, D(2022, 3, 20), D(2022, 4, 1))
    assert rules.stop_for_age(D(2004, 2, 29), 18).event_on == D(2022, 3, 1)


def test_death_and_category_end_stop_the_month_after_a_parent_found_the_same_month():
    assert rules.stop_for_death(D(2022, 6, 10)).stop_month == D(2022, 7, 1)
    assert rules.stop_for_category_end(D(2022, 6, 30), "orphan").stop_month == D(2022, 7, 1)
    assert rules.stop_for_parent_found(D(2022, 6, 10)).stop_month == D(2022, 6, 1)
    assert rules.stop_month_for(StopKind.PARENT_FOUND, D(2022, 6, 10)) == D(2022, 6, 1)
    assert rules.stop_month_for(StopKind.DEATH, D(2022, 6, 10)) == D(2022, 7, 1)


def test_band_age_is_read_on_the_first_of_the_month():
    assert rules.band_age(D(1922, 3, 15), D(2022, 3, 1)) == 99
    assert rules.band_age(D(1922, 3, 15), D(2022, 4, 1)) == 100
    assert rules.band_age(D(1922, 3, 1), D(2022, 3, 1)) == 100


def test_each_programme_amount_has_its_basis():
    """RULES.md Money: longevity by age band, the price subsidy from the price index, the rest by standard."""
    assert rules.amount_basis(ProgrammeCode.LONGEVITY_ALLOWANCE) == rules.AMOUNT_BY_AGE_BAND
    assert rules.amount_basis(ProgrammeCode.PRICE_SUBSIDY) == rules.AMOUNT_BY_PRICE_INDEX
    for code in (ProgrammeCode.ORPHAN_ALLOWANCE, ProgrammeCode.DE_FACTO_ORPHAN_ALLOWANCE,
                 ProgrammeCode.GUARDIAN_CARE_SUBSIDY):
        assert rules.amount_basis(code) == rules.AMOUNT_BY_STANDARD
