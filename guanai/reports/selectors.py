"""Every read of the reports app. Figures come from the analytics store only (never the raw records);
the drill-down's list of records goes through the measure's scoped query."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import Area
from guanai.areas.selectors import area_ancestors, area_children  # noqa: F401 - views read children here
from guanai.audit.models import Event
from guanai.reports.catalogue import CATEGORY
from guanai.reports.measures import MEASURES, Measure
from guanai.reports.models import Indicator, IndicatorValue, RefreshKind, ResidentPopulation, StoreRefresh, Unit
from guanai.reports.periods import Period, month_period


@dataclass(frozen=True)
class Figure:
    """One indicator's value for an area and period, with the same period a year before."""

    indicator: Indicator
    numerator: int
    denominator: int | None
    last_year_numerator: int | None = None  # None: the store holds nothing for last year (not counted, or 0)
    last_year_denominator: int | None = None

    @property
    def value(self) -> float | int | None:
        return _value(self.indicator, self.numerator, self.denominator)

    @property
    def last_year(self) -> float | int | None:
        if self.last_year_numerator is None:
            return None
        return _value(self.indicator, self.last_year_numerator, self.last_year_denominator)

    @property
    def change(self) -> float | int | None:
        if self.value is None or self.last_year is None:
            return None
        return self.value - self.last_year


def _value(indicator: Indicator, numerator: int, denominator: int | None):
    if indicator.unit == Unit.RATIO:
        return numerator / denominator if denominator else None
    return numerator


def indicator_list() -> list[Indicator]:
    return list(Indicator.objects.filter(is_current=True))


def indicator_get(*, code: str) -> Indicator:
    found = Indicator.objects.filter(code=code, is_current=True).first()
    if found is None:
        raise Http404
    return found


def indicator_versions(*, code: str) -> QuerySet[Indicator]:
    return Indicator.objects.filter(code=code).order_by("-version")


def area_in_scope(*, scope: Scope, code: str | None) -> Area | None:
    """The area asked for if the scope holds it (404 otherwise); the scope's own area by default;
    None for the whole installation."""
    code = code or scope.prefix
    if not code:
        if scope.is_everything:
            return None
        raise Http404
    if not scope.contains(code):
        raise Http404
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404
    return area


def _cells(*, codes: list[str], areas: list[str], periods: list[str]) -> dict[tuple[str, str, str], tuple[int, int]]:
    rows = IndicatorValue.objects.filter(indicator_code__in=codes, area_code__in=areas, period__in=periods)
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows.values_list(
        "indicator_code", "area_code", "period", "numerator", "denominator")}


def figures(*, area_code: str, period: Period, indicators: list[Indicator]) -> list[Figure]:
    """Each indicator for the area and period, and the same period last year; one query."""
    last = period.last_year()
    cells = _cells(codes=[i.code for i in indicators], areas=[area_code], periods=[period.key, last.key])
    found = []
    for indicator in indicators:
        num, den = cells.get((indicator.code, area_code, period.key), (0, 0 if indicator.is_ratio else None))
        before = cells.get((indicator.code, area_code, last.key), (None, None))
        found.append(Figure(indicator, num, den, *before))
    return found


@dataclass(frozen=True)
class AreaFigure:
    area: Area
    figure: Figure


def sub_area_figures(*, area: Area | None, period: Period, indicators: list[Indicator]
                     ) -> list[tuple[Area, list[Figure]]]:
    """The areas one level down, each with its figures; one query."""
    children = list(area_children(code=area.code if area else None).order_by("code"))
    last = period.last_year()
    cells = _cells(codes=[i.code for i in indicators], areas=[c.code for c in children], periods=[period.key, last.key])
    table = []
    for child in children:
        row = []
        for indicator in indicators:
            num, den = cells.get((indicator.code, child.code, period.key), (0, 0 if indicator.is_ratio else None))
            before = cells.get((indicator.code, child.code, last.key), (None, None))
            row.append(Figure(indicator, num, den, *before))
        table.append((child, row))
    return table


def trend(*, area_code: str, indicator: Indicator, months: list[Period]) -> list[Figure]:
    cells = _cells(codes=[indicator.code], areas=[area_code], periods=[m.key for m in months])
    return [Figure(indicator, *cells.get((indicator.code, area_code, m.key), (0, 0 if indicator.is_ratio else None)))
            for m in months]


def trend_months(*, period: Period, n: int = 13) -> list[Period]:
    """The n months up to the period's last month (13: this month and the same month last year)."""
    last = min(period.end, timezone.localdate())
    months, day = [], last.replace(day=1)
    for _i in range(n):
        months.append(month_period(day))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def records(*, scope: Scope, indicator: Indicator, period: Period, area: Area | None, denominator: bool = False
            ) -> tuple[Measure, QuerySet]:
    """The records an indicator counted for the area and period, scoped to the user."""
    measure_code = indicator.denominator_measure if denominator else indicator.measure
    filters = indicator.denominator_filters if denominator else indicator.filters
    if not measure_code:
        raise Http404
    narrowed = Scope(area.code if area else scope.prefix, scope.assigned_to)
    measure = MEASURES[measure_code]
    return measure, measure.records(filters=filters, period=period, scope=narrowed, today=timezone.localdate())


@dataclass(frozen=True)
class Freshness:
    as_of: datetime.datetime | None
    pending: int


def store_watermark() -> int:
    """The last audit event the store's refreshes have read."""
    last = StoreRefresh.objects.filter(finished_at__isnull=False).order_by("-last_event_id").first()
    return last.last_event_id if last else 0


def store_pending_events() -> int:
    """Events written after the store's last refresh (shown next to "data as of")."""
    from guanai.reports.events import OWN_VERBS

    return Event.objects.filter(pk__gt=store_watermark()).exclude(verb__in=OWN_VERBS).count()


def freshness() -> Freshness:
    """When the store's figures were last brought up to date, and how many changes wait (two queries)."""
    from django.db.models import Max

    from guanai.reports.events import OWN_VERBS

    last = StoreRefresh.objects.filter(finished_at__isnull=False).aggregate(at=Max("finished_at"),
                                                                             seen=Max("last_event_id"))
    if last["at"] is None:
        return Freshness(None, 0)
    return Freshness(last["at"], Event.objects.filter(pk__gt=last["seen"]).exclude(verb__in=OWN_VERBS).count())


def store_holds(*, area_code: str, period: Period) -> bool:
    """Whether a full refresh covered the area and the period's months (else the store may be empty)."""
    refreshes = StoreRefresh.objects.filter(kind=RefreshKind.FULL, finished_at__isnull=False,
                                            periods__contains=period.months()[-1].key)
    return any(area_code.startswith(r) for r in refreshes.values_list("area_code", flat=True))


def path_of(area: Area | None, *, scope: Scope) -> list[Area]:
    """The breadcrumb from the scope's own area down to `area`."""
    if area is None:
        return []
    return [a for a in area_ancestors(area=area) if scope.contains(a.code)] + [area]


def rate_rows(*, scope: Scope, month: datetime.date, length: int):
    """The visit service's figures table (visits.selectors.RateRow) from the store, or None when the
    store has not been filled for this area and month (visits then counts them itself)."""
    from guanai.visits.selectors import RateRow

    period = month_period(month)
    if scope.assigned_to is not None or not store_holds(area_code=scope.prefix, period=period):
        return None
    codes = ["elder_visit_rate", "child_visit_rate", "overdue_followups"]
    rows = IndicatorValue.objects.filter(indicator_code__in=codes, period=period.key, level=length,
                                         area_code__startswith=scope.prefix)
    table: dict[str, dict[str, tuple[int, int]]] = {}
    for ind, code, num, den in rows.values_list("indicator_code", "area_code", "numerator", "denominator"):
        table.setdefault(code, {})[ind] = (num, den or 0)
    names = dict(Area.objects.filter(code__in=table).values_list("code", "name"))
    nothing = (0, 0)
    return StoreRows([RateRow(area_code=code, area_name=names.get(code, code), month=period.start,
                    elders=t.get("elder_visit_rate", nothing)[1], elders_visited=t.get("elder_visit_rate", nothing)[0],
                    children=t.get("child_visit_rate", nothing)[1],
                    children_visited=t.get("child_visit_rate", nothing)[0],
                    overdue=t.get("overdue_followups", nothing)[0]) for code, t in sorted(table.items())],
                     as_of=freshness().as_of)


def category_counts_stored(*, scope: Scope) -> dict[str, int] | None:
    """People holding each category in the scope's own area this month (the category_holders
    indicators), from the store; None when the store has not been filled for the area and month or
    the scope is not one area (the people list then counts its chips itself)."""
    period = month_period(timezone.localdate())
    if scope.assigned_to is not None or len(scope.prefix) not in (2, 4, 6, 9, 12) or not store_holds(
            area_code=scope.prefix, period=period):
        return None
    categories = {i.code: i.filters.get("category") for i in Indicator.objects.filter(
        is_current=True, measure=CATEGORY)}
    rows = IndicatorValue.objects.filter(indicator_code__in=categories, period=period.key, area_code=scope.prefix)
    return {categories[code]: n for code, n in rows.values_list("indicator_code", "numerator") if categories[code]}


class StoreRows(list):
    """Rows read from the store, carrying when the store was last brought up to date."""

    def __init__(self, rows, *, as_of):
        super().__init__(rows)
        self.as_of = as_of


def resident_population_list(*, scope: Scope, year: int | None = None) -> QuerySet[ResidentPopulation]:
    """The population figures entered for the scope's area and its sub-areas (newest year first)."""
    rows = scoped(ResidentPopulation.objects.all(), scope=scope)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.select_related("area", "entered_by").order_by("-year", "area_id")


def resident_population_get(*, scope: Scope, pk: int) -> ResidentPopulation:
    found = resident_population_list(scope=scope).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def resident_population_years(*, scope: Scope) -> list[int]:
    return sorted(set(scoped(ResidentPopulation.objects.all(), scope=scope).values_list("year", flat=True)),
                  reverse=True)


# How far below the user's area the population form offers areas: a county officer enters the county and
# its townships, a prefecture analyst the prefecture and its counties and townships; villages are left out
# (a statistics office publishes no village figures). The whole installation: provinces and prefectures.
POPULATION_LEVELS_BELOW = 2
_LEVEL_ORDER = ("province", "prefecture", "county", "township", "village")


def population_areas(*, scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the areas the population form offers, the user's own first."""
    if scope.is_everything:
        levels = _LEVEL_ORDER[:2]
        areas = Area.objects.filter(level__in=levels)
    else:
        own = Area.objects.filter(code=scope.prefix).first()
        if own is None:
            return []
        start = _LEVEL_ORDER.index(own.level)
        levels = _LEVEL_ORDER[start:start + POPULATION_LEVELS_BELOW + 1]
        areas = scoped(Area.objects.filter(level__in=levels), scope=scope, area_field="pk")
    rows = areas.filter(ended_on__isnull=True).order_by("code").values_list("code", "name")
    return [(code, f"{name}（{code}）") for code, name in rows]
