"""The factors a plan may use, each computed from the records per sub-area (a code prefix of
`length` digits). Each returns sub-area code -> a whole number; a rate is in per mille."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import Scope, scoped
from guanai.facilities.models import Facility, FacilityStatus, Rating
from guanai.people.selectors import category_counts_by_area
from guanai.visits.selectors import visit_rates

FactorFn = Callable[..., dict[str, int]]


@dataclass(frozen=True)
class Factor:
    key: str
    label: Promise
    unit: Promise
    compute: FactorFn  # (*, scope, length, on) -> {sub-area code: value}


def _categories(*categories: str) -> FactorFn:
    """People holding any of the categories now (open spells), per sub-area; a person with two counts twice."""
    def compute(*, scope: Scope, length: int, on: datetime.date) -> dict[str, int]:
        return {unit: sum(counts.get(c, 0) for c in categories)
                for unit, counts in category_counts_by_area(scope=scope, code_length=length).items()}
    return compute


def _rated_homes(*, scope: Scope, length: int, on: datetime.date) -> dict[str, int]:
    """Happiness homes open on `on` whose latest rating (within the last three rating years) has 3+ stars."""
    ratings = scoped(Rating.objects.filter(year__gt=on.year - 3, year__lte=on.year, revoked_on__isnull=True,
                                           facility__status=FacilityStatus.OPEN), scope=scope)
    latest: dict[int, tuple[int, int, str]] = {}
    for facility, year, stars, area in ratings.values_list("facility_id", "year", "stars", "area_id"):
        if facility not in latest or year > latest[facility][0]:
            latest[facility] = (year, stars, area)
    counts: dict[str, int] = {}
    for _year, stars, area in latest.values():
        if stars >= 3:
            counts[area[:length]] = counts.get(area[:length], 0) + 1
    return counts


def _facilities(kind: str) -> FactorFn:
    def compute(*, scope: Scope, length: int, on: datetime.date) -> dict[str, int]:
        rows = (scoped(Facility.objects.filter(kind_id=kind, status=FacilityStatus.OPEN), scope=scope)
                .annotate(unit=Substr("area_id", 1, length)).values("unit").annotate(n=Count("pk")).order_by())
        return {row["unit"]: row["n"] for row in rows}
    return compute


def _visit_rate(*, scope: Scope, length: int, on: datetime.date) -> dict[str, int]:
    """Last full month's visit rate (elders and children together) in per mille: a performance factor."""
    month = (on.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    result = {}
    for row in visit_rates(scope=scope, month=month, on=on, length=length):
        target = row.elders + row.children
        result[row.area_code] = (row.elders_visited + row.children_visited) * 1000 // target if target else 0
    return result


FACTORS: dict[str, Factor] = {f.key: f for f in (
    Factor("left_behind_children", _("农村留守儿童人数"), _("人"), _categories("left_behind_child")),
    Factor("special_difficulty_elders", _("特殊困难老年人人数"), _("人"), _categories("special_difficulty_elder")),
    Factor("left_behind_elders", _("农村留守老年人人数"), _("人"), _categories("left_behind_elder")),
    Factor("orphans", _("孤儿和事实无人抚养儿童人数"), _("人"), _categories("orphan", "de_facto_orphan")),
    Factor("three_star_homes", _("三星级以上农村幸福院数"), _("所"), _rated_homes),
    Factor("children_homes", _("儿童之家数"), _("所"), _facilities("children_home")),
    Factor("visit_rate", _("上月探访率(绩效因素)"), _("‰"), _visit_rate),
)}
