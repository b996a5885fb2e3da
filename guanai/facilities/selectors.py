"""Every read of facilities, already scoped through scoped(). Facilities carry the area they stand in
(a village, a township for stations, the county for its centre), so a village user sees its own, a
township user those of its villages and its own, the county all of them.

The formula rows (schemes, rates) are read for an area by `*_for` functions: a row for an area applies
to every code under it and the longest matching code wins, like the benefits standards.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import Area, Level
from guanai.areas.precedence import code_prefixes, in_force, most_specific, set_in_or_above
from guanai.areas.selectors import administrative_units, in_force_q
from guanai.facilities import rules
from guanai.facilities.models import (
    ActivityLog,
    Capacity,
    Facility,
    FacilityKind,
    FacilityStatus,
    PayoutKind,
    Rating,
    RatingScheme,
    SubsidyPayment,
    SubsidyRate,
    SubsidyRoster,
)


class FacilityNotFound(Http404):
    pass


def kind_list() -> QuerySet[FacilityKind]:
    return FacilityKind.objects.all()


def facility_list(*, scope: Scope, kind: str | None = None, status: str | None = None,
                  q: str | None = None) -> QuerySet[Facility]:
    qs = scoped(Facility.objects.select_related("kind", "area"), scope=scope)
    if kind:
        qs = qs.filter(kind_id=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(operator_name__icontains=q) | Q(address__icontains=q))
    return qs


def facility_get(*, scope: Scope, pk: int) -> Facility:
    facility = facility_list(scope=scope).filter(pk=pk).first()
    if facility is None:
        raise FacilityNotFound
    return facility


def capacity_on(*, facility: Facility, on: datetime.date) -> Capacity | None:
    return facility.capacities.filter(effective_from__lte=on).order_by("-effective_from").first()


def rating_list(*, scope: Scope, year: int | None = None) -> QuerySet[Rating]:
    qs = scoped(Rating.objects.select_related("facility", "facility__area", "rated_by"), scope=scope)
    return qs.filter(year=year) if year else qs


@dataclass(frozen=True)
class RatingHeld:
    facility_id: int
    area_code: str
    facility_status: str
    stars: int


def ratings_in_force(*, scope: Scope, on: datetime.date, kind: str | None = None) -> dict[int, RatingHeld]:
    """Facility id -> its rating standing on `on`: the latest rating of a year up to on's, if it still
    holds (rules.rating_holds_on: within its scheme's validity, not revoked). A newer rating replaces
    an older one, so a revoked rating leaves the facility unrated rather than bringing back the last."""
    rows = scoped(Rating.objects.filter(year__lte=on.year), scope=scope)
    if kind:
        rows = rows.filter(facility__kind_id=kind)
    latest: dict[int, tuple] = {}
    for row in rows.values_list("facility_id", "area_id", "facility__status", "year", "stars", "revoked_on",
                                "scheme__valid_years"):
        if row[0] not in latest or latest[row[0]][3] < row[3]:
            latest[row[0]] = row
    return {facility: RatingHeld(facility, area, status, stars)
            for facility, area, status, year, stars, revoked_on, valid_years in latest.values()
            if rules.rating_holds_on(rated_year=year, valid_years=valid_years, day=on, revoked_on=revoked_on)}


def activity_list(*, scope: Scope, facility: Facility | None = None) -> QuerySet[ActivityLog]:
    qs = scoped(ActivityLog.objects.select_related("facility", "recorded_by"), scope=scope)
    return qs.filter(facility=facility) if facility else qs


def activity_totals(*, scope: Scope, facility: Facility, year: int) -> list[dict]:
    """Per kind of service: records, days and participants (人次) in the year."""
    return list(activity_list(scope=scope, facility=facility).filter(on__year=year).values("kind")
                .annotate(records=Count("pk"), days=Sum("days"), participants=Sum("participants")).order_by("kind"))


# --- formula rows ---------------------------------------------------------------------------------

def scheme_for(*, kind: str, area_code: str, on: datetime.date) -> RatingScheme | None:
    rows = RatingScheme.objects.filter(in_force(on), kind_id=kind, area_id__in=code_prefixes(area_code))
    return most_specific(rows.prefetch_related("items", "bands"), area_code)


def rates_for(*, payout_kind: str, kind: str, area_code: str, on: datetime.date) -> dict[int, SubsidyRate]:
    """Stars -> the rate in force for the area (the most specific area's row per star level)."""
    by_stars: dict[int, list[SubsidyRate]] = defaultdict(list)
    for row in SubsidyRate.objects.filter(in_force(on), payout_kind=payout_kind, kind_id=kind,
                                          area_id__in=code_prefixes(area_code)):
        by_stars[row.stars].append(row)
    return {stars: most_specific(rows, area_code) for stars, rows in by_stars.items()}


def rate_list(*, scope: Scope) -> QuerySet[SubsidyRate]:
    """Rates of the user's area and the areas above it (they apply inside it)."""
    qs = SubsidyRate.objects.select_related("kind").order_by("payout_kind", "kind", "stars", "-effective_from")
    return qs if scope.is_everything else qs.filter(set_in_or_above(scope.prefix))


# --- subsidy rosters ------------------------------------------------------------------------------

class SubsidyRosterNotFound(Http404):
    pass


def subsidy_roster_list(*, scope: Scope) -> QuerySet[SubsidyRoster]:
    return scoped(SubsidyRoster.objects.select_related("kind", "area"), scope=scope)


def subsidy_roster_get(*, scope: Scope, pk: int) -> SubsidyRoster:
    roster = subsidy_roster_list(scope=scope).filter(pk=pk).first()
    if roster is None:
        raise SubsidyRosterNotFound
    return roster


def subsidy_payment_list(*, scope: Scope, roster: SubsidyRoster) -> QuerySet[SubsidyPayment]:
    return scoped(SubsidyPayment.objects.filter(roster=roster).select_related("facility", "area"), scope=scope)


@dataclass(frozen=True)
class TownshipSubtotal:
    """乡镇小计 of a subsidy roster, as the benefits roster shows them."""

    code: str
    name: str
    facilities: int
    total_fen: int


def subsidy_township_totals(*, scope: Scope, roster: SubsidyRoster) -> list[TownshipSubtotal]:
    """Facilities and money of the roster per township (the first 9 digits of the facility's area),
    in code order; a roster holds a county's few hundred lines, so they are summed here."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for area_id, fen in subsidy_payment_list(scope=scope, roster=roster).values_list("area_id", "amount_fen"):
        sums[area_id[:9]][0] += 1
        sums[area_id[:9]][1] += fen
    names = dict(Area.objects.filter(code__in=list(sums)).values_list("code", "name"))
    return [TownshipSubtotal(code, names.get(code, code), n, fen) for code, (n, fen) in sorted(sums.items())]


@dataclass(frozen=True)
class PayoutTotal:
    year: int
    payout_kind: str
    kind: str
    facilities: int
    total_fen: int
    by_stars: dict[int, tuple[int, int]]  # stars -> (facilities, fen)


def payout_totals(*, scope: Scope, year: int, payout_kind: str = PayoutKind.OPERATING_SUBSIDY,
                  kind: str = "happiness_home", locked_only: bool = True) -> PayoutTotal:
    """What was paid to facilities in the scope for a year: from the lines of locked (or paid) rosters."""
    qs = scoped(SubsidyPayment.objects.filter(roster__year=year, roster__payout_kind=payout_kind,
                                              roster__kind_id=kind), scope=scope)
    if locked_only:
        qs = qs.filter(roster__status__in=["locked", "paid"])
    by_stars = {row["stars"]: (row["n"], row["fen"] or 0)
                for row in qs.values("stars").annotate(n=Count("pk"), fen=Sum("amount_fen")).order_by("stars")}
    return PayoutTotal(year, payout_kind, kind, sum(n for n, _ in by_stars.values()),
                       sum(f for _, f in by_stars.values()), by_stars)


# --- coverage -------------------------------------------------------------------------------------

COVERED_STATUSES = (FacilityStatus.OPEN,)


@dataclass
class CoverageRow:
    area: Area
    villages: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # kind -> facilities open in the township
    covered: dict[str, int] = field(default_factory=dict)  # village kinds -> villages that have one


@dataclass
class Coverage:
    kinds: list[FacilityKind]
    rows: list[CoverageRow]
    gaps: list[tuple[FacilityKind, Area]]  # units without the kind they should have
    county_kinds: set[str] = field(default_factory=set)  # kinds open at county level (no township row)

    def covered_share(self, kind: str) -> tuple[int, int]:
        """(units covered, units) for a kind over all rows, at the kind's coverage level."""
        k = next((k for k in self.kinds if k.code == kind), None)
        if k is None:
            return 0, 0
        if k.coverage_level == Level.VILLAGE:
            return sum(r.covered.get(kind, 0) for r in self.rows), sum(r.villages for r in self.rows)
        if k.coverage_level == Level.COUNTY:  # one for the county: any open one in the rows or at county level
            return int(any(r.counts.get(kind) for r in self.rows) or kind in self.county_kinds), 1
        return sum(1 for r in self.rows if r.counts.get(kind)), len(self.rows)


def coverage(*, scope: Scope, on: datetime.date | None = None) -> Coverage:
    """Per township in the scope: villages, open facilities of each kind, villages with each village
    kind; and the gap list (villages or townships lacking a kind they should have). The units are the
    towns and villages that existed on `on` (today by default; areas.selectors.in_force_q), NBS "other
    units" (林业局, 虚拟生活区) left out (areas.selectors.administrative_units), as the figures count them."""
    kinds = list(FacilityKind.objects.all())
    units = administrative_units(scoped(Area.objects.filter(in_force_q(on or timezone.localdate())), scope=scope,
                                        area_field="pk"))
    townships = list(units.filter(level=Level.TOWNSHIP).order_by("code"))
    villages = list(units.filter(level=Level.VILLAGE).order_by("code").values_list("code", "name", "parent_id"))
    rows = {t.code: CoverageRow(area=t) for t in townships}
    for _code, _name, parent in villages:
        if parent in rows:
            rows[parent].villages += 1
    open_qs = facility_list(scope=scope).filter(status__in=COVERED_STATUSES)
    if on:
        open_qs = open_qs.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on))
    have: dict[str, set[str]] = defaultdict(set)  # kind -> area codes holding one
    for kind, area in open_qs.values_list("kind_id", "area_id"):
        have[kind].add(area)
        row = rows.get(area[:9])
        if row is not None:
            row.counts[kind] = row.counts.get(kind, 0) + 1
    gaps: list[tuple[FacilityKind, Area]] = []
    by_code = {t.code: t for t in townships}
    for k in kinds:
        if k.coverage_level == Level.VILLAGE:
            for code, name, parent in villages:
                if code in have[k.code]:
                    if parent in rows:
                        rows[parent].covered[k.code] = rows[parent].covered.get(k.code, 0) + 1
                else:
                    gaps.append((k, Area(code=code, name=name, level=Level.VILLAGE, parent_id=parent)))
        elif k.coverage_level == Level.TOWNSHIP:
            gaps.extend((k, by_code[c]) for c in rows if not rows[c].counts.get(k.code))
    county_kinds = {k for k, areas in have.items() if any(len(a) <= 6 for a in areas)}
    return Coverage(kinds=kinds, rows=list(rows.values()), gaps=gaps, county_kinds=county_kinds)


def facility_counts(*, scope: Scope, on: datetime.date | None = None) -> dict[str, int]:
    """Open facilities per kind in the scope."""
    qs = facility_list(scope=scope).filter(status=FacilityStatus.OPEN)
    if on:
        qs = qs.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on))
    return dict(qs.values_list("kind_id").annotate(n=Count("pk")).order_by())


def capacity_totals(*, scope: Scope, on: datetime.date, care_institutions_only: bool = False) -> dict[str, int]:
    """Beds, nursing beds, rooms and seats of open facilities on a date (each facility's latest row)."""
    rows = scoped(Capacity.objects.filter(effective_from__lte=on, facility__status=FacilityStatus.OPEN), scope=scope)
    if care_institutions_only:
        rows = rows.filter(facility__kind__care_institution=True)
    totals = {"beds": 0, "nursing_beds": 0, "rooms": 0, "seats": 0}
    seen: set[int] = set()
    for facility_id, *figures in rows.order_by("facility_id", "-effective_from").values_list(
            "facility_id", "beds", "nursing_beds", "rooms", "seats"):
        if facility_id not in seen:  # the first row per facility is its latest
            seen.add(facility_id)
            for key, value in zip(totals, figures, strict=True):
                totals[key] += value
    return totals
