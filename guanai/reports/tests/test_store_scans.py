"""The measures counted by one pass for several indicators (Measure.scan) give each indicator what it
counts alone, and what the records hold: people once however often visited or however many spells
hold, visits in the months they fall in, each filter applied to its own indicator only."""

import datetime

import pytest
from django.utils import timezone

from guanai.conftest import XINMINJIE
from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.reports.measures import MEASURES
from guanai.reports.periods import month_period
from guanai.reports.tests.conftest import OTHER_VILLAGE, TODAY
from guanai.visits.tests.factories import VisitRecordFactory

MARCH, APRIL, JANUARY = (month_period(datetime.date(2026, m, 1)) for m in (3, 4, 1))
PREFIX = "610330"


def _visit(person, day: int, month: int = 3, *, method: str = "phone", group: str = "elder", area: str = "",
           current: bool = True):
    on = datetime.date(2026, month, day)
    return VisitRecordFactory(person=person, area_id=area or person.area_id, visited_on=on,
                              visited_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))),
                              method=method, target_group=group, is_current=current)


@pytest.fixture
def visits(db):
    elder = PersonFactory(area_id=XINMINJIE)
    _visit(elder, 2, method="home")
    _visit(elder, 20)  # the same person twice in March: one person visited, two visits
    _visit(elder, 1, month=4)
    _visit(elder, 9, area=OTHER_VILLAGE)  # visited in another village too: counted there as well
    _visit(elder, 10, current=False)  # a corrected version: not counted
    child = PersonFactory(area_id=XINMINJIE)
    _visit(child, 5, method="home", group="child")
    _visit(child, 15, month=1, group="child")
    other = PersonFactory(area_id=OTHER_VILLAGE)
    _visit(other, 31, method="home")
    _visit(other, 1, month=2)  # in no month asked below


PARTS = [("visited_people", {"target_group": "elder"}), ("visited_people", {"target_group": "child"}),
         ("visits", {}), ("visits", {"method": "home"}), ("visited_people", {}),
         ("visited_people", {"target_group": "elder", "method": "home"})]


def _one_pass(parts, periods):
    return MEASURES[parts[0][0]].scan(parts=parts, periods=periods, prefix=PREFIX, today=TODAY)


def _alone(part, periods):
    code, filters = part
    return MEASURES[code].compute(filters=filters, periods=periods, prefix=PREFIX, today=TODAY)


def _nonzero(values):
    return {code: row for code, row in values.items() if any(row)}


@pytest.mark.django_db
def test_the_visit_measures_in_one_pass_count_what_each_counts_alone(visits):
    periods = [MARCH, APRIL, JANUARY]  # not in order, with a gap (February): as an incremental refresh asks
    together = _one_pass(PARTS, periods)
    assert [_nonzero(v) for v in together] == [_nonzero(_alone(part, periods)) for part in PARTS]
    elder, child, every_visit, home_visits, anyone, elder_at_home = map(_nonzero, together)
    assert elder == {XINMINJIE: [1, 1, 0], OTHER_VILLAGE: [2, 0, 0]}
    assert child == {XINMINJIE: [1, 0, 1]}
    assert every_visit == {XINMINJIE: [3, 1, 1], OTHER_VILLAGE: [2, 0, 0]}
    assert home_visits == {XINMINJIE: [2, 0, 0], OTHER_VILLAGE: [1, 0, 0]}
    assert anyone == {XINMINJIE: [2, 1, 1], OTHER_VILLAGE: [2, 0, 0]}
    assert elder_at_home == {XINMINJIE: [1, 0, 0], OTHER_VILLAGE: [1, 0, 0]}


@pytest.mark.django_db
def test_the_visit_measures_refuse_overlapping_periods(visits):
    from guanai.reports.periods import quarter_period

    with pytest.raises(ValueError, match="overlapping"):
        _one_pass(PARTS, [MARCH, quarter_period(2026, 1)])


@pytest.mark.django_db
def test_the_category_measure_in_one_pass_counts_people_once_per_category(db):
    child = PersonFactory(area_id=XINMINJIE)
    CategorySpellFactory(person=child, category=Category.LEFT_BEHIND_CHILD, started_on=datetime.date(2026, 1, 1),
                         ended_on=datetime.date(2026, 3, 31))
    CategorySpellFactory(person=child, category=Category.LEFT_BEHIND_CHILD, started_on=datetime.date(2026, 3, 1))
    CategorySpellFactory(person=child, category=Category.ORPHAN, started_on=datetime.date(2026, 4, 1))
    other = PersonFactory(area_id=OTHER_VILLAGE)
    CategorySpellFactory(person=other, category=Category.LEFT_BEHIND_CHILD, started_on=datetime.date(2026, 2, 1),
                         ended_on=datetime.date(2026, 4, 30))  # not held on 30 April, its end day
    CategorySpellFactory(person=other, category=Category.ORPHAN, started_on=datetime.date(2025, 1, 1),
                         ended_on=datetime.date(2025, 6, 1))  # held on none of the days
    parts = [("category_holders", {"category": Category.LEFT_BEHIND_CHILD}),
             ("category_holders", {"category": Category.ORPHAN}),
             ("category_holders", {"category": Category.LEFT_BEHIND_CHILD})]
    periods = [JANUARY, MARCH, APRIL]
    together = _one_pass(parts, periods)
    assert [_nonzero(v) for v in together] == [_nonzero(_alone(part, periods)) for part in parts]
    assert _nonzero(together[0]) == {XINMINJIE: [1, 1, 1], OTHER_VILLAGE: [0, 1, 0]}
    assert _nonzero(together[1]) == {XINMINJIE: [0, 0, 1]}
    assert together[2] == together[0]


@pytest.mark.django_db
def test_the_followed_targets_in_one_pass_count_each_group(db):
    from guanai.visits.models import FollowUp

    def follow(group: str, since: datetime.date, ended_on: datetime.date | None = None) -> None:
        FollowUp.objects.create(person=PersonFactory(area_id=XINMINJIE), area_id=XINMINJIE, risk_level="low",
                                target_group=group, followed_since=since, ended_on=ended_on, contact_due_on=since,
                                next_due_on=since)

    follow("elder", datetime.date(2026, 3, 10))
    follow("child", datetime.date(2025, 3, 10), ended_on=datetime.date(2026, 3, 1))
    parts = [("followed_targets", {"target_group": "elder"}), ("followed_targets", {"target_group": "child"})]
    periods = [JANUARY, MARCH, APRIL]
    together = _one_pass(parts, periods)
    assert [_nonzero(v) for v in together] == [_nonzero(_alone(part, periods)) for part in parts]
    assert _nonzero(together[0]) == {XINMINJIE: [0, 1, 1]}
    assert _nonzero(together[1]) == {XINMINJIE: [1, 1, 0]}
