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
from guanai.facilities.models import Facility, FacilityStatus
from guanai.facilities.rules import PRIORITY_STARS
from guanai.facilities.selectors import ratings_in_force
from guanai.people.selectors import category_counts_by_area
from guanai.visits.selectors import visit_rates

FactorFn = Callable[..., dict[str, int]]
HAPPINESS_HOME = "happiness_home"  # the FacilityKind row (facilities migration 0002)


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
    """Happiness homes open now whose rating standing on `on` has the stars that get priority funding
    (RULES.md Facilities; the rating's validity and revocation as the facilities app reads them)."""
    counts: dict[str, int] = {}
    for held in ratings_in_force(scope=scope, on=on, kind=HAPPINESS_HOME).values():
        if held.facility_status == FacilityStatus.OPEN and held.stars >= PRIORITY_STARS:
            counts[held.area_code[:length]] = counts.get(held.area_code[:length], 0) + 1
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


def factor_label(key: str) -> str:
    """A factor's name for a sheet or a page; a key no longer offered (an old plan's) shows as itself."""
    return str(FACTORS[key].label) if key in FACTORS else key


FACTORS: dict[str, Factor] = {f.key: f for f in (
    Factor("left_behind_children", _("农村留守儿童人数"), _("人"), _categories("left_behind_child")),
    Factor("special_difficulty_elders", _("特殊困难老年人人数"), _("人"), _categories("special_difficulty_elder")),
    Factor("left_behind_elders", _("农村留守老年人人数"), _("人"), _categories("left_behind_elder")),
    Factor("orphans", _("孤儿和事实无人抚养儿童人数"), _("人"), _categories("orphan", "de_facto_orphan")),
    Factor("three_star_homes", _("三星级以上农村幸福院数"), _("所"), _rated_homes),
    Factor("children_homes", _("儿童之家数"), _("所"), _facilities("children_home")),
    Factor("visit_rate", _("上月探访率(绩效因素)"), _("‰"), _visit_rate),
)}
