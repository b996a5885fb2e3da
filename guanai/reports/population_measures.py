"""The resident population (常住人口) measure: the figures a bureau enters per area and year
(ResidentPopulation, from the census or the statistical yearbook), not counted from the registry.

The roll-up rule (the indicators' descriptions say it too): a figure entered for an area is that area's
figure, whatever its sub-areas hold; an area without its own figure has the sum of its sub-areas' figures
only when every one of its sub-areas (those not ended by the year's end) has one, by this same rule;
otherwise it has no value. A partial sum is never passed off as the whole area's population, and a
province's census total is never added to its prefectures'. The figure is per year; a month or a quarter
of the year has the year's figure, as a stock (people held on a day) has its year-end value.

The measure therefore gives values for areas at every level (Measure.per_area), which the store writes as
they stand: the subtree under the refresh's prefix and the prefix's ancestors, all resolved here.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import Area
from guanai.reports.measures import Column, Measure, Values, measure_register
from guanai.reports.models import ResidentPopulation
from guanai.reports.periods import Period

POPULATION_FIELDS = ("total", "aged_60_plus", "aged_65_plus", "aged_0_17")
LEVELS = (2, 4, 6, 9, 12)


def _prefixes(code: str, *, root: str) -> list[str]:
    return [code[:n] for n in LEVELS if len(root) <= n <= len(code)]


def population_resolved(*, field: str, year: int, root: str = "") -> dict[str, int]:
    """Every area under `root` (and `root` itself) that has a figure of `field` for `year` by the rule
    above: {area code: figure}. Reads the year's entered rows under `root` and the sub-areas of the
    areas above them, never the whole tree."""
    if field not in POPULATION_FIELDS:
        raise ValueError(f"no population field {field}")
    rows = ResidentPopulation.objects.filter(year=year, **{f"{field}__isnull": False})
    own = dict(scoped(rows, scope=Scope(root), area_field="area").values_list("area_id", field) if root
               else rows.values_list("area_id", field))
    candidates = {prefix for code in own for prefix in _prefixes(code, root=root)}
    year_end = datetime.date(year, 12, 31)
    children: dict[str, list[str]] = {code: [] for code in candidates}
    for code, parent in (Area.objects.filter(parent_id__in=candidates - set(own))
                         .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=year_end)).values_list("code", "parent_id")):
        children[parent].append(code)
    resolved: dict[str, int] = {}
    for code in sorted(candidates, key=len, reverse=True):  # sub-areas before their parents
        if code in own:
            resolved[code] = own[code]
        elif children[code] and all(child in resolved for child in children[code]):
            resolved[code] = sum(resolved[child] for child in children[code])
    return resolved


def _compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    """The figure of each period's year for the areas under `prefix` and the ancestors of `prefix`."""
    root = prefix[:2]
    by_year = {year: population_resolved(field=filters["field"], year=year, root=root)
               for year in {p.start.year for p in periods}}
    found: Values = {}
    for i, period in enumerate(periods):
        for code, value in by_year[period.start.year].items():
            if code.startswith(prefix) or prefix.startswith(code):
                found.setdefault(code, [0] * len(periods))[i] = value
    return found


def _records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    """The figures entered for the area and its sub-areas for the period's year."""
    rows = ResidentPopulation.objects.filter(year=period.start.year, **{f"{filters['field']}__isnull": False})
    return scoped(rows, scope=scope).select_related("area").order_by("area_id")


POPULATION_COLUMNS = [
    Column(_("区划名称"), lambda r: r.area.name), Column(_("区划代码"), lambda r: r.area_id),
    Column(_("年度"), lambda r: r.year), Column(_("常住人口"), lambda r: r.total),
    Column(_("60周岁及以上"), lambda r: r.aged_60_plus), Column(_("数据来源"), lambda r: r.source),
]
measure_register(Measure("resident_population", _("常住人口(填报数)"), _compute, _records, POPULATION_COLUMNS,
                         combine="direct", record_kind="population", filter_keys=("field",),
                         filter_required=("field",), per_area=True))
