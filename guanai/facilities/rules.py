"""The facility rules of RULES.md ("Facilities"), each one named function; their numbers are rows
(RatingScheme/RatingBand, SubsidyRate) passed in, never literals here.

- Star banding (宁德 example: under 60 not rated, 60-80 three stars, 80-90 four, 90+ five; which band
  holds a boundary is where a band row starts).
- A rating holds for the scheme's `valid_years` (re-rated every 3 years) and ends when revoked after
  an accident; three stars and up get priority funding (PRIORITY_STARS).
- Operating subsidy (凤县农村幸福院运行管理办法: "根据星级评定结果和实际运行情况拨付"): the year's
  amount for the star level, pro rata for the months open: annual x months / 12, rounded half up to
  the fen. A month counts when the home was open for at least `min_days_open` days of it.
- Performance award (以奖代补): the year's amount for the star level, for a home whose rating is in force.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = 12
# RULES.md, Facilities: "three stars and up get priority funding" (the funds factor counts these homes).
PRIORITY_STARS = 3


@dataclass(frozen=True)
class Band:
    min_points: int
    stars: int


def stars_for_points(points: int, bands: Iterable[Band]) -> int:
    """The stars of the highest band whose minimum the points reach; 0 (not rated) below every band."""
    reached = [b for b in bands if points >= b.min_points]
    return max(reached, key=lambda b: b.min_points).stars if reached else 0


def rating_in_force(*, rated_year: int, valid_years: int, year: int, revoked_on: datetime.date | None) -> bool:
    """A rating of `rated_year` counts for `year` when year lies in [rated_year, rated_year + valid_years)
    and it was not revoked before the year ended (a revocation in the year takes the year's award away)."""
    if not rated_year <= year < rated_year + valid_years:
        return False
    return revoked_on is None or revoked_on > datetime.date(year, 12, 31)


def rating_holds_on(*, rated_year: int, valid_years: int, day: datetime.date, revoked_on: datetime.date | None
                    ) -> bool:
    """A rating of `rated_year` stands on `day` when day's year lies in [rated_year, rated_year +
    valid_years) and it was not revoked by then (a figure on a day, unlike the award's whole year)."""
    return rated_year <= day.year < rated_year + valid_years and (revoked_on is None or revoked_on > day)


@dataclass(frozen=True)
class Spell:
    """A stretch of days the facility was open: [start, end] inclusive; end None = still open."""

    start: datetime.date
    end: datetime.date | None


def open_spells(changes: Iterable[tuple[datetime.date, str]], *, open_status: str) -> list[Spell]:
    """Spells of the status `open_status` from (date, status) changes in date order: each change holds
    until the day before the next one."""
    spells: list[Spell] = []
    start: datetime.date | None = None
    for on, status in changes:
        if status == open_status and start is None:
            start = on
        elif status != open_status and start is not None:
            if on > start:
                spells.append(Spell(start, on - datetime.timedelta(days=1)))
            start = None
    if start is not None:
        spells.append(Spell(start, None))
    return spells


def _days_open_in_month(spells: list[Spell], year: int, month: int) -> int:
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    days = 0
    for s in spells:
        lo, hi = max(s.start, first), min(s.end or last, last)
        if hi >= lo:
            days += (hi - lo).days + 1
    return days


def months_open(spells: list[Spell], *, year: int, min_days_open: int) -> int:
    """Calendar months of `year` with at least `min_days_open` days open."""
    return sum(1 for m in range(1, MONTHS + 1) if _days_open_in_month(spells, year, m) >= max(1, min_days_open))


def operating_subsidy_fen(*, annual_fen: int, months: int) -> int:
    """annual x months / 12, rounded half up to the fen, in integers only."""
    if not 0 <= months <= MONTHS:
        raise ValueError(f"months must be 0-12, not {months}")
    return (annual_fen * months * 2 + MONTHS) // (2 * MONTHS)


def performance_award_fen(*, annual_fen: int, in_force: bool) -> int:
    return annual_fen if in_force else 0
