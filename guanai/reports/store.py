"""The analytics store's refresh: count months from the records for the villages under a prefix, add
them up the area tree, and derive quarters and years from the months (measures.Measure.combine).

`store_compute` is pure counting (villages x periods back: one pass per shared scan, Measure.scan, and
one grouped query per other measure and indicator); `store_write`
derives quarters and years in memory, replaces the subtree's rows with one DELETE and one binary COPY
(sheets.bulkrows), and moves the ancestors above the subtree by the difference at its root, so an
incremental refresh of a village writes that village and its four ancestors, never their siblings.
services.py wraps both in a transaction with the refresh's record and its audit event.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from guanai.reports.measures import MEASURES, Values
from guanai.reports.models import Indicator, IndicatorValue
from guanai.reports.periods import Period, month_period, quarter_period, year_period
from guanai.sheets.bulkrows import lists_insert

LEVELS = (2, 4, 6, 9, 12)
Cell = tuple[str, str, str]  # indicator code, area code, period key


@dataclass
class Counted:
    values: dict[Cell, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    ratios: set[str] = field(default_factory=set)


def _prefixes(code: str, *, below: str) -> list[str]:
    """The codes of `code` and its ancestors down to (and including) `below`'s level."""
    return [code[:n] for n in LEVELS if len(below) <= n <= len(code)]


def months_of(periods: list[Period]) -> list[Period]:
    found = {m for p in periods for m in p.months()}
    return sorted(found)


def _containing(months: list[Period]) -> list[Period]:
    found = set()
    for m in months:
        found.add(quarter_period(m.start.year, (m.start.month - 1) // 3 + 1))
        found.add(year_period(m.start.year))
    return sorted(found)


def store_compute(*, prefix: str, months: list[Period], today: datetime.date,
                  indicators: list[Indicator] | None = None) -> Counted:
    """Numerator and denominator of every current indicator for the months given, per area from the
    villages under `prefix` up to `prefix` itself; "direct" measures also for the quarters and years
    holding those months. Zero cells are left out."""
    indicators = indicators if indicators is not None else list(Indicator.objects.filter(is_current=True))
    counted = Counted()
    direct = _containing(months)
    asked: list[tuple[str, int, str, dict, list[Period]]] = []  # indicator, slot, measure, filters, periods
    for indicator in indicators:
        if indicator.is_ratio:
            counted.ratios.add(indicator.code)
        parts = [(indicator.measure, indicator.filters),
                 (indicator.denominator_measure, indicator.denominator_filters)]
        for slot, (measure_code, filters) in enumerate(parts):
            if measure_code:
                periods = months + direct if MEASURES[measure_code].combine == "direct" else months
                asked.append((indicator.code, slot, measure_code, filters, periods))
    for (code, slot, measure_code, _filters, periods), per_leaf in zip(asked, _count(asked, prefix=prefix,
                                                                                     today=today), strict=True):
        keys = [p.key for p in periods]  # a property that formats a date: once per part, not per cell
        per_area = MEASURES[measure_code].per_area  # each area's own figure, not added up the tree
        for leaf, values in per_leaf.items():
            areas = [leaf] if per_area else _prefixes(leaf, below=prefix)
            for key, value in zip(keys, values, strict=True):
                if value:
                    for area in areas:
                        counted.values[(code, area, key)][slot] += value
    return counted


def _count(asked: list[tuple[str, int, str, dict, list[Period]]], *, prefix: str,
           today: datetime.date) -> list[Values]:
    """Each asked part's values per village: parts whose measures share a scan (Measure.scan) over the
    same periods in one pass, the others one query each."""
    found: list[Values | None] = [None] * len(asked)
    scans: dict[tuple, list[int]] = defaultdict(list)
    for i, (_code, _slot, measure_code, filters, periods) in enumerate(asked):
        measure = MEASURES[measure_code]
        if measure.scan is None:
            found[i] = measure.compute(filters=filters, periods=periods, prefix=prefix, today=today)
        else:
            scans[(measure.scan, tuple(periods))].append(i)
    for (scan, periods), members in scans.items():
        parts = [(asked[i][2], asked[i][3]) for i in members]
        for i, values in zip(members, scan(parts=parts, periods=list(periods), prefix=prefix, today=today),
                             strict=True):
            found[i] = values
    return found


def _subtree(prefix: str) -> Q:
    """The rows of `prefix` and every area under it, as a range on the code (the unique index's first
    column serves it), like accounts.scoping does for records."""
    if not prefix:
        return Q()
    return Q(area_code__gte=prefix, area_code__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _ancestors(prefix: str) -> list[str]:
    return [prefix[:n] for n in LEVELS if n < len(prefix)]


def _combine_of(indicator: Indicator) -> str:
    return MEASURES[indicator.measure].combine


def _stand_month(period: Period, today: datetime.date) -> str:
    """The month a stock ("last") figure of a quarter or year stands on: its last month, or the
    current month while it runs."""
    return month_period(min(period.end, today)).key


def _month_keys(period: Period, today: datetime.date) -> list[str]:
    return [m.key for m in period.months() if m.start <= today]


def _stored(where: Q, *, codes: list[str], periods: list[str]) -> dict[Cell, list[int]]:
    if not codes or not periods:
        return {}
    rows = IndicatorValue.objects.filter(where, indicator_code__in=codes, period__in=periods).values_list(
        "indicator_code", "area_code", "period", "numerator", "denominator")
    return {(ind, code, key): [num, den or 0] for ind, code, key, num, den in rows}


def _derived(*, prefix: str, months: list[Period], counted: Counted, indicators: list[Indicator],
             today: datetime.date) -> dict[Cell, list[int]]:
    """Quarters and years of the subtree from their months: the months being recounted come from
    `counted`, the other months of those quarters and years from the store (none for a full refresh
    of a year, which recounts every month). "sum" adds the months, "last" takes the month it stands on;
    "direct" indicators were counted for the quarter or year itself (store_compute)."""
    by_combine = {c: [i.code for i in indicators if _combine_of(i) == c] for c in ("sum", "last")}
    recounted = {m.key for m in months}
    containing = _containing(months)
    wanted = {key for p in containing for key in _month_keys(p, today)} - recounted
    stored = _stored(_subtree(prefix), codes=by_combine["sum"] + by_combine["last"], periods=sorted(wanted))
    month_cells: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(dict)
    for (ind, code, key), value in stored.items():
        month_cells[key][(ind, code)] = value
    for (ind, code, key), value in counted.values.items():
        if key in recounted:
            month_cells[key][(ind, code)] = value
    sums, lasts = set(by_combine["sum"]), set(by_combine["last"])
    cells: dict[Cell, list[int]] = defaultdict(lambda: [0, 0])
    for period in containing:
        stand = _stand_month(period, today)
        for key in _month_keys(period, today):
            for (ind, code), (num, den) in month_cells[key].items():
                if ind in sums or (ind in lasts and key == stand):
                    cell = cells[(ind, code, period.key)]
                    cell[0] += num
                    cell[1] += den
    return cells


def store_write(*, prefix: str, months: list[Period], counted: Counted, indicators: list[Indicator],
                today: datetime.date) -> int:
    """Replace the subtree's rows of the indicators for the months and the quarters and years holding
    them, and move the ancestors above the subtree by the difference at its root (an ancestor holds
    the sum of its subtrees, so it changes by what the refreshed one changed). Set-based: one read of
    the months a quarter needs, one read of the root and ancestors, one DELETE, one COPY, whatever
    the size. Returns rows written."""
    codes = [i.code for i in indicators]
    month_keys = {m.key for m in months}
    periods = sorted(month_keys) + [p.key for p in _containing(months)]
    cells = {cell: value for cell, value in counted.values.items() if cell[2] in month_keys}
    direct = {cell: value for cell, value in counted.values.items() if cell not in cells}
    cells |= _derived(prefix=prefix, months=months, counted=counted, indicators=indicators, today=today)
    cells |= direct
    chain = _ancestors(prefix)
    old = _stored(Q(area_code__in=[*chain, prefix]), codes=codes, periods=periods) if prefix else {}
    # Per-area indicators were counted for the ancestors too (population_measures.py): they stand.
    moved = [i.code for i in indicators if not MEASURES[i.measure].per_area]
    for ancestor in chain:
        for ind in moved:
            for key in periods:
                new_root = cells.get((ind, prefix, key), (0, 0))
                old_root = old.get((ind, prefix, key), (0, 0))
                before = old.get((ind, ancestor, key), (0, 0))
                cells[(ind, ancestor, key)] = [before[0] + new_root[0] - old_root[0],
                                               before[1] + new_root[1] - old_root[1]]
    IndicatorValue.objects.filter(_subtree(prefix) | Q(area_code__in=chain), indicator_code__in=codes,
                                  period__in=periods).delete()
    return _rows_insert(cells, ratios=counted.ratios)


VALUE_COLUMNS = ("indicator_code", "area_code", "level", "period", "numerator", "denominator", "computed_at")


def _rows_insert(cells: dict[Cell, list[int]], *, ratios: set[str]) -> int:
    """Binary COPY (PostgreSQL: no value formatted as text and parsed back) or executemany (SQLite) of
    the non-zero cells; a missing row means zero."""
    now = timezone.now()
    rows = [(ind, code, len(code), key, num, den if ind in ratios else None, now)
            for (ind, code, key), (num, den) in cells.items() if num or (den and ind in ratios)]
    return lists_insert(IndicatorValue, VALUE_COLUMNS, rows, binary=True)


def months_for_year(year: int, *, today: datetime.date) -> list[Period]:
    return [month_period(datetime.date(year, m, 1)) for m in range(1, 13) if datetime.date(year, m, 1) <= today]
