"""Working days on China's official calendar (RULES.md "Working days": SLA deadlines count working
days with the official holidays and make-up workdays, 调休, kept in a table an administrator updates
each December).

A day is a working day when it is a make-up workday in WorkdayAdjustment, or a Monday-Friday that is
not a day off there. The table is seeded from the `holidays` package's China calendar, which carries
the State Council General Office's yearly notices (国务院办公厅关于20XX年部分节假日安排的通知), days off
and the weekend days worked in exchange (`weekend_workdays`). Rows an administrator edited are kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from guanai.cases.models import DayKind, WorkdayAdjustment

WEEKEND = (5, 6)
# Enough calendar to hold n working days plus the longest run of days off (Spring Festival: 9 days).
SLACK_DAYS = 21
NOTICE_SOURCE = {
    2025: "国务院办公厅关于2025年部分节假日安排的通知 "
          "(https://www.gov.cn/gongbao/2024/issue_11726/202411/content_6989767.html)，经 holidays 软件包",
    2026: "国务院办公厅关于2026年部分节假日安排的通知 "
          "(https://www.gov.cn/gongbao/2025/issue_12406/202511/content_7048922.html)，经 holidays 软件包",
}
ESTIMATED_SOURCE = "holidays 软件包推定（国务院办公厅当年通知发布前），请于12月按通知核对"


def adjustments_between(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """Day -> DayKind for every adjusted day in [start, end]: one query."""
    return dict(WorkdayAdjustment.objects.filter(day__gte=start, day__lte=end).values_list("day", "kind"))


def is_working_day(day: datetime.date, adjustments: dict[datetime.date, str]) -> bool:
    kind = adjustments.get(day)
    if kind == DayKind.WORKDAY:
        return True
    if kind == DayKind.DAY_OFF:
        return False
    return day.weekday() not in WEEKEND


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date `n` working days after `start` (start itself is not counted; n=0 gives the first
    working day on or after start)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    window_end = start + datetime.timedelta(days=n * 2 + SLACK_DAYS)
    adjustments = adjustments_between(start, window_end)
    day, counted = start, 0
    if n == 0:
        while not is_working_day(day, adjustments):
            day += datetime.timedelta(days=1)
        return day
    while counted < n:
        day += datetime.timedelta(days=1)
        if day > window_end:  # an unusually long run of days off: look further
            window_end = day + datetime.timedelta(days=n * 2 + SLACK_DAYS)
            adjustments.update(adjustments_between(day, window_end))
        if is_working_day(day, adjustments):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    adjustments = adjustments_between(start, end)
    days = (start + datetime.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day, adjustments))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of a local day, as an aware datetime (a deadline "within n working days")."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def official_calendar(years: Iterable[int]) -> list[tuple[datetime.date, str, str, str]]:
    """(day, kind, name, source) from the holidays package: days off on weekdays and weekend
    make-up workdays. Weekend holidays need no row (a weekend is off anyway)."""
    import holidays

    rows = []
    for year in years:
        calendar = holidays.China(years=year, language="zh_CN")
        source = NOTICE_SOURCE.get(year, ESTIMATED_SOURCE)
        for day, name in sorted(calendar.items()):
            if day.year == year and day.weekday() not in WEEKEND:
                rows.append((day, DayKind.DAY_OFF, name, source))
        for day in sorted(calendar.weekend_workdays):
            if day.year == year:
                rows.append((day, DayKind.WORKDAY, "调休上班", source))
    return rows


@transaction.atomic
def workday_calendar_seed(*, years: Iterable[int]) -> int:
    """Add the official calendar's rows for `years`; rows already present (perhaps edited by an
    administrator) are left alone. Returns the number of rows added."""
    rows = official_calendar(years)
    have = set(WorkdayAdjustment.objects.filter(day__in=[r[0] for r in rows]).values_list("day", flat=True))
    new = [WorkdayAdjustment(day=day, kind=kind, name=name, source=source)
           for day, kind, name, source in rows if day not in have]
    WorkdayAdjustment.objects.bulk_create(new)
    return len(new)
