"""Reads of the division tree. Areas are public reference data: no personal data, no scoping needed
for reading a name, but lists offered to a user go through `area_choices_for`."""

import datetime
from collections import Counter

from django.db.models import Q, QuerySet

from guanai.areas.models import Area, Kind, Level

# The units a coverage rate counts (RULES.md Facilities, "Coverage that bureaus report": a children's
# home per village, a supervisor per township): village and residents' committees, towns, townships
# and subdistricts. NBS "other units" (farm and forestry living areas, 林业局, 虚拟生活区) are not
# villages or towns: the director coverage (workforce) and the facilities' coverage page leave them out.
NOT_ADMINISTRATIVE = (Kind.OTHER_UNIT,)


def in_force_q(day: datetime.date) -> Q:
    """Areas that existed on `day`: started by then (or there before the records begin) and not ended.
    A period's count of villages or towns counts those that existed on its day, so a village created
    after 2021 is not a 2021 village (Area.started_on) and one merged away before it is not either."""
    return (Q(started_on__isnull=True) | Q(started_on__lte=day)) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def administrative_units(areas: QuerySet[Area]) -> QuerySet[Area]:
    """The areas that are villages, communities or townships proper (NOT_ADMINISTRATIVE left out)."""
    return areas.exclude(kind__in=NOT_ADMINISTRATIVE)


class AreaNotFound(LookupError):
    pass


def area_get(*, code: str) -> Area:
    try:
        return Area.objects.select_related("parent").get(code=code)
    except Area.DoesNotExist:
        raise AreaNotFound(f"区划代码 {code} 不存在 / no area with code {code}") from None


def area_ancestors(*, area: Area) -> list[Area]:
    """From the province down to the area's parent, in one query."""
    codes = [area.code[:n] for n in (2, 4, 6, 9) if n < len(area.code)]
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def area_descendants(*, area: Area, level: str | None = None, active_only: bool = True) -> QuerySet[Area]:
    qs = Area.objects.filter(code__startswith=area.code).exclude(code=area.code)
    if level:
        qs = qs.filter(level=level)
    if active_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs


def area_descendant_counts(*, area: Area) -> dict[str, Counter]:
    """{level: Counter(kind -> n)} for every active area below `area`."""
    counts: dict[str, Counter] = {}
    for level, kind in area_descendants(area=area).values_list("level", "kind"):
        counts.setdefault(level, Counter())[kind] += 1
    return {level: counts[level] for level in Level.values if level in counts}


def area_children(*, code: str | None) -> QuerySet[Area]:
    qs = Area.objects.filter(ended_on__isnull=True)
    return qs.filter(parent_id=code) if code else qs.filter(level=Level.PROVINCE)


def area_names(*, codes: set[str]) -> dict[str, str]:
    """{code: name} for the given codes (one query); codes not in the tree are left out."""
    if not codes:
        return {}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def area_choices(*, prefix: str,
                 levels: tuple[str, ...] = ("prefecture", "county", "township")) -> list[tuple[str, str]]:
    """(code, name) of the active areas at `levels` under `prefix` (the scope's prefix; "" = all), in
    tree order, the name indented by depth: a form's area select offers these instead of a typed code."""
    rows = (Area.objects.filter(code__startswith=prefix, level__in=levels, ended_on__isnull=True)
            .order_by("code").values_list("code", "name"))
    top = min((len(code) for code, _name in rows), default=0)
    return [(code, "\u3000" * ((len(code) - top) // 3) + name) for code, name in rows]
