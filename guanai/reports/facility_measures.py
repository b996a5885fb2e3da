"""Measures over the facilities app (issue 13): facilities open, beds, star-rated homes, the yearly
subsidies paid, and coverage of towns and villages by a kind of facility. Facilities are few (hundreds
to a few thousand per prefecture), so each measure reads its rows once and counts per period here."""

import datetime
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import LEVEL_CODE_LENGTH, Area, in_force
from guanai.areas.selectors import administrative_units, in_force_q
from guanai.core.money import yuan_text
from guanai.facilities.models import (
    FROZEN_STATUSES,
    Capacity,
    Facility,
    FacilityStatus,
    SubsidyPayment,
)
from guanai.facilities.selectors import ratings_in_force
from guanai.reports.measures import Column, Measure, Values, measure_register
from guanai.reports.periods import Period

FACILITY_KEYS = ("kind", "care_institution")


def _facilities(filters: dict, prefix: str) -> QuerySet[Facility]:
    rows = scoped(Facility.objects.all(), scope=Scope(prefix))
    if filters.get("kind"):
        rows = rows.filter(kind_id=filters["kind"])
    if filters.get("care_institution"):
        rows = rows.filter(kind__care_institution=True)
    return rows


def _open_on(opened_on, closed_on, status: str, day: datetime.date) -> bool:
    """Open on a day: opened by then (or open now, when no opening date was recorded) and not closed."""
    started = opened_on <= day if opened_on else status == FacilityStatus.OPEN
    return started and (closed_on is None or closed_on > day)


def _open_q(day: datetime.date) -> Q:
    started = Q(opened_on__lte=day) | Q(opened_on__isnull=True, status=FacilityStatus.OPEN)
    return started & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def _count_open(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    days = [p.as_of(today) for p in periods]
    found: Values = defaultdict(lambda: [0] * len(periods))
    for area, opened, closed, status in _facilities(filters, prefix).values_list("area_id", "opened_on", "closed_on",
                                                                                  "status"):
        for i, day in enumerate(days):
            found[area][i] += _open_on(opened, closed, status, day)
    return dict(found)


def _facility_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    return (_facilities(filters, scope.prefix).filter(_open_q(period.as_of(today)))
            .select_related("area", "kind").order_by("area_id", "name"))


FACILITY_COLUMNS = [
    Column(_("名称"), lambda f: f.name), Column(_("类型"), lambda f: f.kind.name),
    Column(_("开始运营日期"), lambda f: f.opened_on), Column(_("状态"), lambda f: f.get_status_display()),
    Column(_("所在区划"), lambda f: f.area.name), Column(_("区划代码"), lambda f: f.area_id),
]
measure_register(Measure("facilities_open", _("运营中的设施数"), _count_open, _facility_records, FACILITY_COLUMNS,
                         combine="last", record_kind="facility", filter_keys=FACILITY_KEYS))


def _beds(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    days = [p.as_of(today) for p in periods]
    facilities = {pk: (area, opened, closed, status) for pk, area, opened, closed, status in
                  _facilities(filters, prefix).values_list("pk", "area_id", "opened_on", "closed_on", "status")}
    history: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for facility, since, beds in (Capacity.objects.filter(facility_id__in=facilities).order_by("effective_from")
                                  .values_list("facility_id", "effective_from", "beds")):
        history[facility].append((since, beds))
    found: Values = defaultdict(lambda: [0] * len(periods))
    for pk, (area, opened, closed, status) in facilities.items():
        for i, day in enumerate(days):
            held = [beds for since, beds in history[pk] if since <= day]
            if held and _open_on(opened, closed, status, day):
                found[area][i] += held[-1]
    return dict(found)


measure_register(Measure("facility_beds", _("床位数"), _beds, _facility_records, FACILITY_COLUMNS, combine="last",
                         record_kind="facility", filter_keys=FACILITY_KEYS))


def _star_holders(filters: dict, prefix: str, day: datetime.date) -> dict[int, str]:
    """Facilities whose rating standing on `day` (facilities.selectors.ratings_in_force) has the stars
    asked for: {facility id: area code}."""
    wanted = int(filters.get("stars", 3))
    return {facility: held.area_code for facility, held in ratings_in_force(
        scope=Scope(prefix), on=day, kind=filters.get("kind") or None).items() if held.stars == wanted}


def _rated(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    found: Values = defaultdict(lambda: [0] * len(periods))
    for i, period in enumerate(periods):
        for area in _star_holders(filters, prefix, period.as_of(today)).values():
            found[area][i] += 1
    return dict(found)


def _rated_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    holders = _star_holders(filters, scope.prefix, period.as_of(today))
    return Facility.objects.filter(pk__in=holders).select_related("area", "kind").order_by("area_id", "name")


measure_register(Measure("rated_facilities", _("某星级的设施数"), _rated, _rated_records, FACILITY_COLUMNS,
                         combine="last", record_kind="facility", filter_keys=("kind", "stars")))


def _payouts(filters: dict, prefix: str) -> QuerySet[SubsidyPayment]:
    rows = scoped(SubsidyPayment.objects.filter(roster__status__in=FROZEN_STATUSES), scope=Scope(prefix))
    return rows.filter(roster__payout_kind=filters["payout_kind"])


def _paid_month(paid_on: datetime.date | None, year: int) -> datetime.date:
    """A yearly payout counts in the month it was paid (December of its year until a payment date is set)."""
    return (paid_on or datetime.date(year, 12, 1)).replace(day=1)


def _payout_compute(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    found: Values = defaultdict(lambda: [0] * len(periods))
    for area, paid_on, year, fen in _payouts(filters, prefix).values_list("area_id", "roster__paid_on",
                                                                           "roster__year", "amount_fen"):
        month = _paid_month(paid_on, year)
        for i, period in enumerate(periods):
            if period.start <= month <= period.end:
                found[area][i] += fen
    return dict(found)


def _payout_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    rows = _payouts(filters, scope.prefix).select_related("facility", "area", "roster")
    keep = [p.pk for p in rows if period.start <= _paid_month(p.roster.paid_on, p.roster.year) <= period.end]
    return SubsidyPayment.objects.filter(pk__in=keep).select_related("facility", "area", "roster").order_by("area_id")


PAYOUT_COLUMNS = [
    Column(_("设施"), lambda p: p.facility.name), Column(_("年度"), lambda p: p.roster.year),
    Column(_("星级"), lambda p: p.stars), Column(_("运营月数"), lambda p: p.months_open),
    Column(_("金额(元)"), lambda p: yuan_text(p.amount_fen, grouping=False)),
    Column(_("所在区划"), lambda p: p.area.name), Column(_("区划代码"), lambda p: p.area_id),
]
measure_register(Measure("facility_payouts_fen", _("设施补助发放金额"), _payout_compute, _payout_records,
                         PAYOUT_COLUMNS, record_kind="facility_payout", filter_keys=("payout_kind",),
                         filter_required=("payout_kind",)))


def _level_length(filters: dict) -> int:
    return LEVEL_CODE_LENGTH[filters.get("level", "village")]


def _units(filters: dict, prefix: str) -> QuerySet[Area]:
    """The areas of the filters' level under the prefix; with "administrative" (indicator version 2 of
    the children's homes' coverage) only villages, communities and townships proper, not NBS "other
    units" (areas.selectors.administrative_units)."""
    areas = scoped(Area.objects.filter(level=filters.get("level", "village")), scope=Scope(prefix), area_field="pk")
    return administrative_units(areas) if filters.get("administrative") else areas


def _in_force(filters: dict, started_on, ended_on, day: datetime.date) -> bool:
    """Is the area counted on the day? Version 1 counted every area not ended by then; "administrative"
    also leaves out one not yet started (areas.selectors.in_force_q: a 2021 rate divides by 2021's villages)."""
    if filters.get("administrative"):
        return in_force(started_on, ended_on, day)
    return ended_on is None or ended_on > day


def _covered(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    """Areas of a level holding at least one open facility of the kind, counted at that level's code;
    with "administrative", only the units the denominator counts that day (never more than 100%)."""
    n = _level_length(filters)
    days = [p.as_of(today) for p in periods]
    units = ({code: (started, ended) for code, started, ended in
              _units(filters, prefix).values_list("code", "started_on", "ended_on")}
             if filters.get("administrative") else None)
    found: dict[str, list[int]] = {}
    for area, opened, closed, status in _facilities(filters, prefix).values_list("area_id", "opened_on", "closed_on",
                                                                                  "status"):
        if len(area) < n or (units is not None and area[:n] not in units):
            continue
        unit = units[area[:n]] if units is not None else (None, None)
        row = found.setdefault(area[:n], [0] * len(periods))
        for i, day in enumerate(days):
            row[i] = row[i] or int(_open_on(opened, closed, status, day) and _in_force(filters, *unit, day))
    return found


def _covered_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    """The open facilities behind the count; with "administrative", those in the units it counts."""
    rows = _facility_records(filters=filters, period=period, scope=scope, today=today)
    if not filters.get("administrative"):
        return rows
    n = _level_length(filters)
    units = set(_units(filters, scope.prefix).filter(in_force_q(period.as_of(today))).values_list("code", flat=True))
    return rows.filter(pk__in=[pk for pk, area in rows.values_list("pk", "area_id") if area[:n] in units])


def _areas_total(*, filters: dict, periods: list[Period], prefix: str, today: datetime.date) -> Values:
    days = [p.as_of(today) for p in periods]
    return {code: [int(_in_force(filters, started, ended, day)) for day in days]
            for code, started, ended in _units(filters, prefix).values_list("code", "started_on", "ended_on")}


def _area_records(*, filters: dict, period: Period, scope: Scope, today: datetime.date) -> QuerySet:
    day = period.as_of(today)
    areas = _units(filters, scope.prefix)
    if filters.get("administrative"):
        return areas.filter(in_force_q(day)).order_by("code")
    return areas.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).order_by("code")


AREA_COLUMNS = [Column(_("区划名称"), lambda a: a.name), Column(_("区划代码"), lambda a: a.code)]
measure_register(Measure("areas_covered", _("有该类设施的区划数"), _covered, _covered_records, FACILITY_COLUMNS,
                         combine="last", record_kind="facility", filter_keys=("kind", "level", "administrative")))
measure_register(Measure("areas_total", _("区划数"), _areas_total, _area_records, AREA_COLUMNS, combine="last",
                         record_kind="area", filter_keys=("level", "administrative")))
