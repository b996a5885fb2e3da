"""Visit rules (RULES.md, "Visit frequency" and "Elderly"): how often, which contacts must be home
visits, the major-event deadline, who counts in the monthly visit rate, and when a device signal is
an alert. Pure functions over rule rows; the rows are data (VisitRule, AlertRule) that an
administrator edits in the admin, with these defaults when no row is in force.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from guanai.areas.precedence import in_force, most_specific
from guanai.people.models import Category
from guanai.visits.models import AlertRule, DueReason, RiskLevel, SignalKind, TargetGroup, VisitPeriod, VisitRule


@dataclass(frozen=True)
class Frequency:
    risk_level: str
    interval_days: int
    home_interval_days: int | None
    event_due_hours: int | None
    source: str
    period: str = VisitPeriod.DAYS  # a calendar period replaces interval_days
    home_period: str = VisitPeriod.DAYS


W, M, Q_ = VisitPeriod.ISO_WEEK, VisitPeriod.CALENDAR_MONTH, VisitPeriod.CALENDAR_QUARTER
# RULES.md "Visit frequency (defaults, editable per area)": weekly, monthly and quarterly are calendar
# periods (ISO week, calendar month, calendar quarter); the day counts are kept for the admin's list.
DEFAULT_FREQUENCIES: dict[str, Frequency] = {
    RiskLevel.HIGH: Frequency(RiskLevel.HIGH, 7, 91, 24,
                              "内蒙古2022：高风险每周探访，重大事件后24小时内探访；季度入户为本系统默认（RULES.md）",
                              W, Q_),
    RiskLevel.MEDIUM: Frequency(RiskLevel.MEDIUM, 30, 91, None,
                                "内蒙古2022、青海：至少每月探访；季度入户为本系统默认（RULES.md）", M, Q_),
    RiskLevel.LOW: Frequency(RiskLevel.LOW, 91, None, None, "内蒙古2022：其余对象每季度探访（RULES.md）", Q_),
}

# The monthly visit rate's groups: 民政部等十部门探访关爱指导意见（2022）for elders (the category is itself
# derived from the county's list); the child categories of RULES.md "Children" for followed children.
ELDER_CATEGORIES = frozenset({Category.SPECIAL_DIFFICULTY_ELDER.value})
CHILD_CATEGORIES = frozenset({Category.LEFT_BEHIND_CHILD.value, Category.ORPHAN.value,
                              Category.DE_FACTO_ORPHAN.value, Category.CHILD_IN_DIFFICULTY.value})


def target_group(categories: set[str] | frozenset[str]) -> str:
    """Which monthly-visit-rate group a person with these open categories counts in."""
    if categories & ELDER_CATEGORIES:
        return TargetGroup.ELDER
    if categories & CHILD_CATEGORIES:
        return TargetGroup.CHILD
    return TargetGroup.OTHER




class VisitRuleBook:
    """The VisitRule rows in force on a date, loaded once, for many people (one query)."""

    def __init__(self, on: datetime.date):
        self.on = on
        self._rows: dict[str, list[VisitRule]] = {}
        for row in VisitRule.objects.filter(in_force(on)):
            self._rows.setdefault(row.risk_level, []).append(row)
        self._cache: dict[tuple[str, str], Frequency] = {}

    def frequency(self, *, area_code: str, risk_level: str) -> Frequency:
        key = (area_code, risk_level)
        if key not in self._cache:
            row = most_specific(self._rows.get(risk_level, []), area_code)
            if row is None:
                self._cache[key] = DEFAULT_FREQUENCIES.get(risk_level, DEFAULT_FREQUENCIES[RiskLevel.LOW])
            else:
                self._cache[key] = Frequency(row.risk_level, row.interval_days, row.home_interval_days,
                                             row.event_due_hours, row.source, row.period, row.home_period)
        return self._cache[key]


@dataclass(frozen=True)
class Due:
    contact_due_on: datetime.date
    home_due_on: datetime.date | None
    next_due_on: datetime.date
    reason: str


def period_end(day: datetime.date, period: str) -> datetime.date:
    """The last day of the calendar period (ISO week, month, quarter) holding `day`."""
    if period == VisitPeriod.ISO_WEEK:
        return day + datetime.timedelta(days=6 - day.weekday())
    last_month = day.month if period == VisitPeriod.CALENDAR_MONTH else 3 * ((day.month - 1) // 3) + 3
    return month_bounds(datetime.date(day.year, last_month, 1))[1]


def next_due_after(day: datetime.date, *, period: str, days: int) -> datetime.date:
    """RULES.md "Visit frequency": a contact covers its own calendar period only, so the next one is due
    by the end of the following period (a visit on 31 January leaves February owing one, due by 28
    February, not 2 March); with no period, `days` after the contact."""
    if not period:
        return day + datetime.timedelta(days=days)
    return period_end(period_end(day, period) + datetime.timedelta(days=1), period)


def due_dates(*, frequency: Frequency, followed_since: datetime.date, last_visit_on: datetime.date | None,
              last_home_on: datetime.date | None, event_due_at: datetime.datetime | None = None,
              tz: datetime.tzinfo | None = None) -> Due:
    """When a person is next due (RULES.md "Visit frequency"): by the end of the calendar period after
    the last contact of any kind (or `interval_days` after it for a rule with no period); for levels
    with a home-visit period, likewise after the last home visit; and by
    the major-event deadline when one is open. Never contacted = due from the day following began."""
    contact = next_due_after(last_visit_on, period=frequency.period, days=frequency.interval_days) \
        if last_visit_on else followed_since
    home = None
    if frequency.home_interval_days or frequency.home_period:
        home = next_due_after(last_home_on, period=frequency.home_period, days=frequency.home_interval_days or 0) \
            if last_home_on else followed_since
    candidates = [(contact, DueReason.CONTACT)]
    if home is not None:
        candidates.append((home, DueReason.HOME))
    if event_due_at is not None:
        candidates.append((event_due_at.astimezone(tz).date() if tz else event_due_at.date(), DueReason.EVENT))
    next_on, reason = min(candidates, key=lambda c: c[0])
    return Due(contact_due_on=contact, home_due_on=home, next_due_on=next_on, reason=reason)


def event_deadline(*, frequency: Frequency, starts_at: datetime.datetime) -> datetime.datetime | None:
    """RULES.md: a high-risk person is visited within 24 hours of a major event (hours are data)."""
    if not frequency.event_due_hours:
        return None
    return starts_at + datetime.timedelta(hours=frequency.event_due_hours)


# --- remote monitoring --------------------------------------------------------------------------

@dataclass(frozen=True)
class Threshold:
    signal: str
    threshold: Decimal | None
    window_hours: int | None
    sla_hours: int
    source: str


DEFAULT_THRESHOLDS: dict[str, Threshold] = {
    SignalKind.SOS: Threshold(SignalKind.SOS, None, None, 1, "本系统默认：一键呼叫1小时内电话或上门响应"),
    SignalKind.FALL: Threshold(SignalKind.FALL, None, None, 1, "本系统默认：跌倒报警1小时内响应"),
    SignalKind.WATER_USAGE: Threshold(SignalKind.WATER_USAGE, Decimal("0.010"), 12, 24,
                                      "本系统默认（issue 5）：12小时用水量低于0.01立方米，24小时内响应"),
    SignalKind.DOOR_NOT_OPENED: Threshold(SignalKind.DOOR_NOT_OPENED, Decimal("24"), None, 24,
                                          "本系统默认：门24小时以上未开启，24小时内响应"),
}


def threshold_for(*, signal: str, area_code: str, on: datetime.date) -> Threshold:
    rows = list(AlertRule.objects.filter(in_force(on), signal=signal))
    row = most_specific(rows, area_code)
    if row is None:
        return DEFAULT_THRESHOLDS[signal]
    return Threshold(row.signal, row.threshold, row.window_hours, row.sla_hours, row.source)


def signal_raises_alert(*, rule: Threshold, value: Decimal | None, window_hours: int | None) -> bool:
    """SOS and falls always alert; water use alerts when below the threshold over at least the rule's
    window (a shorter reading says nothing yet); a door alerts when shut for the threshold hours or more."""
    if rule.signal in (SignalKind.SOS, SignalKind.FALL):
        return True
    if value is None:
        return False
    if rule.signal == SignalKind.WATER_USAGE:
        if rule.window_hours and (window_hours or 0) < rule.window_hours:
            return False
        return value < rule.threshold
    if rule.signal == SignalKind.DOOR_NOT_OPENED:
        return value >= rule.threshold
    return False


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the calendar month holding `month` (the monthly visit rate's period)."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)
