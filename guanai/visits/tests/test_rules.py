"""Each frequency rule (RULES.md "Visit frequency"), as data, and the pure due computation."""

import datetime
from decimal import Decimal

import pytest

from guanai.visits.models import DueReason, SignalKind, VisitRule
from guanai.visits.rules import (
    DEFAULT_FREQUENCIES,
    DEFAULT_THRESHOLDS,
    VisitRuleBook,
    due_dates,
    event_deadline,
    month_bounds,
    signal_raises_alert,
    target_group,
)

D = datetime.date


JAN_1 = D(2026, 1, 1)


def _due(level: str, last=None, last_home=None, since=JAN_1, event_due_at=None):
    return due_dates(frequency=DEFAULT_FREQUENCIES[level], followed_since=since, last_visit_on=last,
                     last_home_on=last_home, event_due_at=event_due_at)


def test_high_risk_is_due_weekly_with_a_home_visit_each_quarter():
    due = _due("high", last=D(2026, 3, 2), last_home=D(2026, 3, 2))  # a Monday, in the first quarter
    assert due.contact_due_on == D(2026, 3, 15)  # the Sunday ending the next ISO week
    assert due.home_due_on == D(2026, 6, 30)  # the end of the next calendar quarter
    assert (due.next_due_on, due.reason) == (D(2026, 3, 15), DueReason.CONTACT)


def test_medium_risk_is_due_in_the_next_calendar_month():
    due = _due("medium", last=D(2026, 3, 2), last_home=D(2026, 2, 1))
    assert due.contact_due_on == D(2026, 4, 30)


def test_a_visit_on_31_january_leaves_february_owing_one():
    """RULES.md: the visit rate is per calendar month, so a visit on 31 January does not cover February."""
    due = _due("medium", last=D(2026, 1, 31), last_home=D(2026, 1, 31))
    assert due.contact_due_on == D(2026, 2, 28)  # not 2 March (31 January + 30 days)
    assert _due("medium", last=D(2028, 1, 1), last_home=D(2028, 1, 1)).contact_due_on == D(2028, 2, 29)


def test_medium_risk_calls_only_still_owe_a_home_visit_each_quarter():
    due = _due("medium", last=D(2026, 5, 20), last_home=D(2025, 12, 1))
    assert (due.next_due_on, due.reason) == (D(2026, 3, 31), DueReason.HOME)


def test_low_risk_is_due_quarterly_and_may_be_all_calls():
    due = _due("low", last=D(2026, 3, 2), last_home=None)
    assert due.home_due_on is None
    assert due.next_due_on == D(2026, 6, 30)


def test_never_visited_is_due_from_the_day_following_began():
    assert _due("low", since=D(2026, 11, 1)).next_due_on == D(2026, 11, 1)


def test_major_event_makes_a_high_risk_person_due_within_24_hours():
    start = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=datetime.UTC)
    deadline = event_deadline(frequency=DEFAULT_FREQUENCIES["high"], starts_at=start)
    assert deadline == start + datetime.timedelta(hours=24)
    due = _due("high", last=D(2026, 7, 9), last_home=D(2026, 7, 9), event_due_at=deadline)
    assert (due.next_due_on, due.reason) == (D(2026, 7, 11), DueReason.EVENT)
    assert event_deadline(frequency=DEFAULT_FREQUENCIES["medium"], starts_at=start) is None


@pytest.mark.django_db
def test_the_default_rows_are_in_the_database_with_their_sources():
    rows = {r.risk_level: r for r in VisitRule.objects.filter(area=None)}
    assert {k: (r.interval_days, r.home_interval_days, r.event_due_hours) for k, r in rows.items()} == {
        "high": (7, 91, 24), "medium": (30, 91, None), "low": (91, None, None)}
    assert all(r.source for r in rows.values())


@pytest.mark.django_db
def test_an_area_row_overrides_the_default_for_its_codes_only():
    VisitRule.objects.create(area_id="610330", risk_level="medium", interval_days=14, effective_from=D(2026, 1, 1),
                             source="凤县 2026")
    book = VisitRuleBook(D(2026, 6, 1))
    assert book.frequency(area_code="610330100007", risk_level="medium").interval_days == 14
    assert book.frequency(area_code="532501001001", risk_level="medium").interval_days == 30
    assert VisitRuleBook(D(2025, 6, 1)).frequency(area_code="610330100007", risk_level="medium").interval_days == 30


@pytest.mark.django_db
def test_an_expired_row_is_not_used():
    VisitRule.objects.create(area_id="610330", risk_level="high", interval_days=3, effective_from=D(2025, 1, 1),
                             effective_to=D(2025, 12, 31), source="过期")
    assert VisitRuleBook(D(2026, 1, 1)).frequency(area_code="610330100007", risk_level="high").interval_days == 7


def test_target_groups():
    assert target_group({"special_difficulty_elder", "oldest_old"}) == "elder"
    assert target_group({"orphan"}) == "child"
    assert target_group({"oldest_old"}) == "other"


@pytest.mark.parametrize(("value", "window", "alert"), [
    (Decimal("0.009"), 12, True), (Decimal("0.010"), 12, False), (Decimal("0.002"), 6, False),
    (Decimal("0.000"), 24, True), (None, 12, False)])
def test_water_threshold_default_is_under_0_01_m3_in_12_hours(value, window, alert):
    rule = DEFAULT_THRESHOLDS[SignalKind.WATER_USAGE]
    assert signal_raises_alert(rule=rule, value=value, window_hours=window) is alert


def test_sos_and_falls_always_alert_and_doors_after_24_hours():
    assert signal_raises_alert(rule=DEFAULT_THRESHOLDS[SignalKind.SOS], value=None, window_hours=None)
    assert signal_raises_alert(rule=DEFAULT_THRESHOLDS[SignalKind.FALL], value=None, window_hours=None)
    door = DEFAULT_THRESHOLDS[SignalKind.DOOR_NOT_OPENED]
    assert signal_raises_alert(rule=door, value=Decimal(30), window_hours=None)
    assert not signal_raises_alert(rule=door, value=Decimal(10), window_hours=None)


def test_month_bounds():
    assert month_bounds(D(2026, 2, 14)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert month_bounds(D(2026, 12, 31)) == (D(2026, 12, 1), D(2026, 12, 31))
