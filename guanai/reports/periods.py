"""Periods of the analytics store: a month ("2023-10"), a quarter ("2023Q4") or a year ("2023"), each
a calendar span. Keys sort the way people read them within a type."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    pass


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str  # month / quarter / year

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(y)s年%(m)s月") % {"y": self.start.year, "m": self.start.month}
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return _("%(y)s年第%(q)s季度") % {"y": self.start.year, "q": QUARTER_NAMES[q], "n": q}
        return _("%(y)s年") % {"y": self.start.year}

    def months(self) -> list["Period"]:
        found, month = [], self.start
        while month <= self.end:
            found.append(month_period(month))
            month = _month_end(month.year, month.month) + datetime.timedelta(days=1)
        return found

    def last_year(self) -> "Period":
        return period_parse(self.key.replace(str(self.start.year), str(self.start.year - 1), 1))

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day a stock figure (people held in a category) is counted on: the period's last day, or
        today while the period runs."""
        return min(self.end, today)

    def __str__(self) -> str:
        return self.key


def month_period(day: datetime.date) -> Period:
    return Period(day.replace(day=1), _month_end(day.year, day.month), "month")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(datetime.date(year, first, 1), _month_end(year, first + 2), "quarter")


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")


def period_parse(text: str) -> Period:
    """'2023', '2023Q4' or '2023-10'; PeriodError (bilingual) otherwise."""
    text = (text or "").strip()
    if m := _YEAR.match(text):
        return year_period(int(m[1]))
    if m := _QUARTER.match(text):
        return quarter_period(int(m[1]), int(m[2]))
    if (m := _MONTH.match(text)) and 1 <= int(m[2]) <= 12:
        return month_period(datetime.date(int(m[1]), int(m[2]), 1))
    raise PeriodError(f"统计周期应为 2023、2023Q4 或 2023-10：{text!r} / period must be 2023, 2023Q4 or 2023-10")


def periods_of_year(year: int, *, until: datetime.date | None = None) -> list[Period]:
    """The year's 12 months, 4 quarters and the year itself, leaving out those starting after `until`."""
    found = [month_period(datetime.date(year, m, 1)) for m in range(1, 13)]
    found += [quarter_period(year, q) for q in range(1, 5)] + [year_period(year)]
    return [p for p in found if until is None or p.start <= until]


def periods_containing(day: datetime.date) -> list[Period]:
    """The month, quarter and year holding `day`."""
    return [month_period(day), quarter_period(day.year, (day.month - 1) // 3 + 1), year_period(day.year)]
