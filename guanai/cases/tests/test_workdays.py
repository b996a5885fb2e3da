"""Working days on the official calendar (RULES.md "Working days"), seeded by migration 0002."""

import datetime

import pytest

from guanai.cases.deadlines import deadline_rule, due_at_for
from guanai.cases.models import DayKind, WorkdayAdjustment
from guanai.cases.workdays import add_working_days, official_calendar, workday_calendar_seed, working_days_between

D = datetime.date


@pytest.mark.django_db
def test_national_day_2026_with_make_up_saturday():
    # 2026-09-30 (Wed) + 5 working days: 1-7 Oct are off; Thu 8, Fri 9, Sat 10 (调休上班), Mon 12, Tue 13.
    assert WorkdayAdjustment.objects.get(day=D(2026, 10, 10)).kind == DayKind.WORKDAY
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


@pytest.mark.django_db
def test_without_the_make_up_day_the_deadline_is_a_day_later():
    WorkdayAdjustment.objects.filter(day=D(2026, 10, 10)).delete()
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 14)


@pytest.mark.django_db
def test_spring_festival_2026_and_its_two_make_up_saturdays():
    # Off 15-23 Feb (the weekdays 16-20, 23 are rows); Sat 14 Feb and Sat 28 Feb are worked.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 24), 4) == D(2026, 2, 28)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6


@pytest.mark.django_db
def test_an_assessment_deadline_over_national_day_is_the_end_of_the_fifth_working_day():
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    received = datetime.datetime(2026, 9, 30, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = timezone.localtime(due_at_for(deadline_rule("assessment"), received))
    assert (due.date(), due.hour, due.minute) == (D(2026, 10, 13), 23, 59)
    first_contact = due_at_for(deadline_rule("first_contact"), received)
    assert first_contact - received == datetime.timedelta(hours=24)


@pytest.mark.django_db
def test_zero_days_is_the_next_working_day_and_plain_weeks_follow_the_weekend():
    assert add_working_days(D(2026, 10, 1), 0) == D(2026, 10, 8)
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon


def test_the_package_gives_make_up_workdays():
    rows = official_calendar([2026])
    workdays = {day for day, kind, _name, _source in rows if kind == DayKind.WORKDAY}
    assert workdays == {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
                        D(2026, 10, 10)}
    assert all("国务院办公厅" in source for *_rest, source in rows)


@pytest.mark.django_db
def test_seeding_again_keeps_an_administrators_edit():
    WorkdayAdjustment.objects.filter(day=D(2026, 10, 7)).update(name="改过的名称")
    assert workday_calendar_seed(years=[2026]) == 0
    assert WorkdayAdjustment.objects.get(day=D(2026, 10, 7)).name == "改过的名称"
