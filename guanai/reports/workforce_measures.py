"""Measures over the workforce app (issue 13's posts and their holders over time): how many child
directors and supervisors hold office, and how many of the villages and townships have one
(儿童主任配备率、儿童督导员配备率; 民发〔2019〕34号: a supervisor per township, a director per village,
workforce.models.POST_LEVEL). Posts are few (about one per village), so each measure reads its rows
once and counts per period here, like facility_measures.

A tenure holds its post from started_on to ended_on, both days included (workforce.models.Tenure); a
post exists from established_on to the day before abolished_on. NBS "other units" (林业局、虚拟生活区)
are neither counted as areas to staff nor as staffed, as in workforce.selectors.coverage. With the
filter "administrative" (version 2 of the two coverage indicators, reports migration 0010) an area
counts on a day only if it existed then (areas.models.in_force: started by then, not ended), as the
children's homes' coverage counts since version 2; version 1 counted every area not ended.
"""

import datetime
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import LEVEL_CODE_LENGTH, Area, in_force
from guanai.areas.selectors import administrative_units, in_force_q
from guanai.reports.facility_measures import AREA_COLUMNS
from guanai.reports.measures import Column, Measure, Values, measure_register
from guanai.reports.periods import Period
from guanai.workforce.models import POST_LEVEL, Tenure
from guanai.workforce.selectors import tenure_list


def _level(filters: dict) -> str:
    return POST_LEVEL[filters["post_kind"]]


def _tenures(filters: dict, prefix: str) -> QuerySet[Tenure]:
    return tenure_list(scope=Scope(prefix)).filter(post__kind=filters["post_kind"])


def _held(started, ended, established, abolished, day: datetime.date) -> bool:
    return (started <= day and (ended is None or ended >= day) and established <= day
            and (abolished is None or abolished > day))


def _held_q(day: datetime.date) -> Q:
    return (Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            & Q(post__established_on__lte=day) & (Q(post__abolished_on__isnull=True) | Q(post__abolished_on__gt=day)))


def _holdings(filters: dict, prefix: str) -> list[tuple]:
    return list(_tenures(filters, prefix).values_list("post__area_id", "started_on", "ended_on",
                                                      "post__established_on", "post__abolished_on"))


def _holders(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    days = [p.as_of(today) for p in periods]
    found: Values = defaultdict(lambda: [0] * len(periods))
    for area, *dates in _holdings(filters, prefix):
        for i, day in enumerate(days):
            found[area][i] += _held(*dates, day)
    return dict(found)


def _units(filters: dict, prefix: str) -> QuerySet[Area]:
    """The areas of the post's level under the prefix, NBS "other units" left out."""
    return administrative_units(scoped(Area.objects.filter(level=_level(filters)), scope=Scope(prefix),
                                       area_field="pk"))


def _counted(filters: dict, started_on, ended_on, day: datetime.date) -> bool:
    """Is the area counted on the day? Version 1: not ended by then; "administrative": existed then."""
    if filters.get("administrative"):
        return in_force(started_on, ended_on, day)
    return ended_on is None or ended_on > day


def _staffed(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    """Areas of the post's level with at least one such post held, counted at that area's code; with
    "administrative", only on the days the area is counted as one to staff (never more than 100%)."""
    n = LEVEL_CODE_LENGTH[_level(filters)]
    days = [p.as_of(today) for p in periods]
    units = {code: (started, ended) for code, started, ended in
             _units(filters, prefix).values_list("code", "started_on", "ended_on")}
    administrative = filters.get("administrative")
    found: dict[str, list[int]] = {}
    for area, *dates in _holdings(filters, prefix):
        unit = units.get(area[:n]) if len(area) >= n else None
        if unit is None:
            continue
        row = found.setdefault(area[:n], [0] * len(periods))
        for i, day in enumerate(days):
            row[i] = row[i] or int(_held(*dates, day) and (not administrative or in_force(*unit, day)))
    return found


def _areas_to_staff(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    days = [p.as_of(today) for p in periods]
    return {code: [int(_counted(filters, started, ended, day)) for day in days]
            for code, started, ended in _units(filters, prefix).values_list("code", "started_on", "ended_on")}


def _holder_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    return (_tenures(filters, scope.prefix).filter(_held_q(period.as_of(today)))
            .select_related("post", "area").order_by("area_id", "name"))


def _staffed_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    """The holders behind the staffed count; with "administrative", those in the areas counted that day."""
    holders = _holder_records(filters=filters, period=period, scope=scope, today=today)
    if not filters.get("administrative"):
        return holders
    counted = _to_staff_records(filters=filters, period=period, scope=scope, today=today).values("code")
    return (holders.annotate(unit=Substr("post__area_id", 1, LEVEL_CODE_LENGTH[_level(filters)]))
            .filter(unit__in=counted))


def _to_staff_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    day = period.as_of(today)
    counted = in_force_q(day) if filters.get("administrative") else Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    return _units(filters, scope.prefix).filter(counted).order_by("code")


TENURE_COLUMNS = [
    Column(_("姓名"), lambda t: t.name), Column(_("岗位"), lambda t: t.post.get_kind_display()),
    Column(_("任职日期"), lambda t: t.started_on), Column(_("人员身份"), lambda t: t.get_background_display()),
    Column(_("服务区划"), lambda t: t.area.name), Column(_("区划代码"), lambda t: t.area_id),
]
FILTER_KEYS = ("post_kind",)
AREA_FILTER_KEYS = ("post_kind", "administrative")
measure_register(Measure("post_holders", _("在岗人数"), _holders, _holder_records, TENURE_COLUMNS, combine="last",
                         record_kind="tenure", filter_keys=FILTER_KEYS))
measure_register(Measure("areas_staffed", _("已配备该岗位的区划数"), _staffed, _staffed_records, TENURE_COLUMNS,
                         combine="last", record_kind="tenure", filter_keys=AREA_FILTER_KEYS))
measure_register(Measure("areas_to_staff", _("应配备该岗位的区划数"), _areas_to_staff, _to_staff_records, AREA_COLUMNS,
                         combine="last", record_kind="area", filter_keys=AREA_FILTER_KEYS))
