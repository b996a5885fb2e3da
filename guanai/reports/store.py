"""The analytics store's refresh: count months from the records for the villages under a prefix, add
them up the area tree, and derive quarters and years from the months (measures.Measure.combine).

`store_compute` is pure counting; `store_write` replaces the rows it covers. services.py wraps both
in a transaction with the refresh's record and its audit event.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from guanai.reports.measures import MEASURES
from guanai.reports.models import Indicator, IndicatorValue
from guanai.reports.periods import Period, month_period, quarter_period, year_period

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
    for indicator in indicators:
        if indicator.is_ratio:
            counted.ratios.add(indicator.code)
        parts = [(indicator.measure, indicator.filters),
                 (indicator.denominator_measure, indicator.denominator_filters)]
        for slot, (measure_code, filters) in enumerate(parts):
            if not measure_code:
                continue
            measure = MEASURES[measure_code]
            periods = months + direct if measure.combine == "direct" else months
            per_leaf = measure.compute(filters=filters, periods=periods, prefix=prefix, today=today)
            for leaf, values in per_leaf.items():
                for period, value in zip(periods, values, strict=True):
                    if value:
                        for code in _prefixes(leaf, below=prefix):
                            counted.values[(indicator.code, code, period.key)][slot] += value
    return counted


def _area_range(prefix: str) -> Q:
    return Q(area_code__startswith=prefix) if prefix else Q()


def store_write(*, prefix: str, months: list[Period], counted: Counted, indicators: list[Indicator]) -> int:
    """Replace the month rows of the subtree under `prefix` (and the "direct" quarter/year rows), re-add
    the ancestors above it from their children, then derive quarters and years. Returns rows written."""
    now = timezone.now()
    codes = [i.code for i in indicators]
    keys = [m.key for m in months]
    direct_codes = [i.code for i in indicators if MEASURES[i.measure].combine == "direct"]
    direct_keys = [p.key for p in _containing(months)]
    IndicatorValue.objects.filter(_area_range(prefix), indicator_code__in=codes, period__in=keys).delete()
    if direct_codes:
        IndicatorValue.objects.filter(_area_range(prefix), indicator_code__in=direct_codes,
                                      period__in=direct_keys).delete()
    rows = [IndicatorValue(indicator_code=ind, area_code=code, level=len(code), period=key, numerator=num,
                           denominator=den if ind in counted.ratios else None, computed_at=now)
            for (ind, code, key), (num, den) in counted.values.items()]
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    written = len(rows)
    for n in reversed([n for n in LEVELS if n < len(prefix)]):
        written += _resum(parent=prefix[:n], periods=keys, codes=codes, now=now, ratios=counted.ratios)
        if direct_codes:
            written += _resum(parent=prefix[:n], periods=direct_keys, codes=direct_codes, now=now,
                              ratios=counted.ratios)
    written += store_derive(prefix=prefix, months=months, indicators=indicators, now=now)
    return written


def _child_length(parent: str) -> int:
    return next(n for n in LEVELS if n > len(parent))


def _resum(*, parent: str, periods: list[str], codes: list[str], now, ratios: set[str]) -> int:
    """An ancestor's rows as the sum of its children's rows (children one level down)."""
    from django.db.models import Sum

    sums = (IndicatorValue.objects.filter(area_code__startswith=parent, level=_child_length(parent),
                                          period__in=periods, indicator_code__in=codes)
            .values("indicator_code", "period").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by())
    IndicatorValue.objects.filter(area_code=parent, period__in=periods, indicator_code__in=codes).delete()
    rows = [IndicatorValue(indicator_code=r["indicator_code"], area_code=parent, level=len(parent),
                           period=r["period"], numerator=r["n"] or 0,
                           denominator=(r["d"] or 0) if r["indicator_code"] in ratios else None, computed_at=now)
            for r in sums if r["n"] or r["d"]]
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def store_derive(*, prefix: str, months: list[Period], indicators: list[Indicator], now) -> int:
    """Quarters and years from their months for every area under `prefix` and its ancestors: "sum"
    adds the months, "last" takes the last month held (the period's last month, or the latest month
    stored while it runs)."""
    written = 0
    ancestors = Q(area_code__in=[prefix[:n] for n in LEVELS if n < len(prefix)])
    where = _area_range(prefix) | ancestors
    for period in _containing(months):
        member_keys = [m.key for m in period.months()]
        for combine in ("sum", "last"):
            codes = [i.code for i in indicators if MEASURES[i.measure].combine == combine]
            if not codes:
                continue
            IndicatorValue.objects.filter(where, indicator_code__in=codes, period=period.key).delete()
            source = IndicatorValue.objects.filter(where, indicator_code__in=codes, period__in=member_keys)
            rows = _combined(source, combine=combine, period=period, now=now)
            IndicatorValue.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def _combined(source, *, combine: str, period: Period, now) -> list[IndicatorValue]:
    cells: dict[tuple[str, str], list] = {}
    latest: dict[tuple[str, str], str] = {}
    for ind, code, key, num, den in source.values_list("indicator_code", "area_code", "period", "numerator",
                                                        "denominator"):
        cell = (ind, code)
        if combine == "sum":
            total = cells.setdefault(cell, [0, None])
            total[0] += num
            if den is not None:
                total[1] = (total[1] or 0) + den
        elif key >= latest.get(cell, ""):
            latest[cell], cells[cell] = key, [num, den]
    if combine == "last":
        # a stock figure stands only if its latest month is the latest month the period has data for
        newest = max(latest.values(), default="")
        cells = {cell: v for cell, v in cells.items() if latest[cell] == newest}
    return [IndicatorValue(indicator_code=ind, area_code=code, level=len(code), period=period.key, numerator=num,
                           denominator=den, computed_at=now) for (ind, code), (num, den) in cells.items()]


def months_for_year(year: int, *, today: datetime.date) -> list[Period]:
    return [month_period(datetime.date(year, m, 1)) for m in range(1, 13) if datetime.date(year, m, 1) <= today]
