"""Facilities under /api/v1/facilities/: kinds, facilities, ratings, coverage and subsidy rosters.
Same scoping as the pages (the caller's own area); outside it is a 404, never a 403."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.core.params import BoundedPageNumberPagination
from guanai.facilities import selectors, services
from guanai.facilities.schemas import (
    FacilityIn,
    FacilityOut,
    RatingIn,
    RatingOut,
    SubsidyPaymentOut,
    SubsidyRosterOut,
)

router = Router(tags=["facilities"])


VIEW, EDIT = Capability.FACILITIES_VIEW, Capability.FACILITIES_EDIT


class KindOut(Schema):
    code: str
    name: str
    group: str
    coverage_level: str
    rated: bool


class CoverageRowOut(Schema):
    area_code: str
    area_name: str
    villages: int
    facilities: dict[str, int]
    villages_covered: dict[str, int]


class GapOut(Schema):
    kind: str
    area_code: str
    area_name: str


class CoverageOut(Schema):
    rows: list[CoverageRowOut]
    gaps: list[GapOut]


@router.get("/kinds", response=list[KindOut])
def kinds(request: HttpRequest):
    current_scope(request, capability=VIEW)
    return list(selectors.kind_list())


@router.get("/", response=list[FacilityOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def facility_list(request: HttpRequest, kind: str | None = None, status: str | None = None):
    return selectors.facility_list(scope=current_scope(request, capability=VIEW), kind=kind, status=status)


@router.post("/", response={201: FacilityOut})
def facility_create(request: HttpRequest, data: FacilityIn):
    scope = current_scope(request, capability=EDIT)
    return Status(201, services.facility_create(actor=request.user, scope=scope, data=data))


@router.get("/coverage", response=CoverageOut)
def coverage(request: HttpRequest):
    cov = selectors.coverage(scope=current_scope(request, capability=VIEW))
    return {"rows": [{"area_code": r.area.code, "area_name": r.area.name, "villages": r.villages,
                      "facilities": r.counts, "villages_covered": r.covered} for r in cov.rows],
            "gaps": [{"kind": k.code, "area_code": a.code, "area_name": a.name} for k, a in cov.gaps]}


@router.get("/subsidies", response=list[SubsidyRosterOut])
def subsidy_list(request: HttpRequest):
    return list(selectors.subsidy_roster_list(scope=current_scope(request, capability=VIEW)))


@router.get("/subsidies/{roster_id}", response=list[SubsidyPaymentOut])
def subsidy_lines(request: HttpRequest, roster_id: int):
    scope = current_scope(request, capability=VIEW)
    roster = selectors.subsidy_roster_get(scope=scope, pk=roster_id)
    return list(selectors.subsidy_payment_list(scope=scope, roster=roster))


@router.get("/{facility_id}", response=FacilityOut)
def facility_get(request: HttpRequest, facility_id: int):
    return selectors.facility_get(scope=current_scope(request, capability=VIEW), pk=facility_id)


@router.put("/{facility_id}", response=FacilityOut)
def facility_update(request: HttpRequest, facility_id: int, data: FacilityIn):
    scope = current_scope(request, capability=EDIT)
    facility = selectors.facility_get(scope=scope, pk=facility_id)
    return services.facility_update(actor=request.user, scope=scope, facility=facility, data=data)


@router.get("/{facility_id}/ratings", response=list[RatingOut])
def rating_list(request: HttpRequest, facility_id: int):
    scope = current_scope(request, capability=VIEW)
    facility = selectors.facility_get(scope=scope, pk=facility_id)
    return list(selectors.rating_list(scope=scope).filter(facility=facility))


@router.post("/{facility_id}/ratings", response={201: RatingOut})
def rating_create(request: HttpRequest, facility_id: int, data: RatingIn):
    scope = current_scope(request, capability=EDIT)
    facility = selectors.facility_get(scope=scope, pk=facility_id)
    return Status(201, services.rating_record(actor=request.user, scope=scope, facility=facility, year=data.year,
                                              rated_on=data.rated_on, scores=data.scores, raters=data.raters))
