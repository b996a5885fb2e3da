"""Benefits under /api/v1/benefits/: programmes, enrollments, rosters with their lines, yearly totals,
and a roster build request. Same scoping as the pages (the caller's own area); outside it is a 404."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.benefits import selectors, services
from guanai.benefits.months import parse_month
from guanai.core.params import BoundedPageNumberPagination, Year

router = Router(tags=["benefits"])


class ProgrammeOut(Schema):
    code: str
    name: str
    frequency: str
    source: str


class EnrollmentOut(Schema):
    id: int
    person_id: int
    programme_id: str
    area_id: str
    variant: str
    status: str
    eligibility: str
    other_benefit_fen: int
    payee_name: str
    bank_account_masked: str
    applied_at: datetime.datetime
    reviewed_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    end_reason: str


class RosterOut(Schema):
    id: int
    programme_id: str
    area_id: str
    month: datetime.date
    status: str
    progress_done: int
    progress_total: int
    line_count: int
    total_fen: int
    locked_at: datetime.datetime | None


class PaymentOut(Schema):
    id: int
    person_id: int
    area_id: str
    month: datetime.date
    kind: str
    amount_fen: int
    previous_fen: int | None
    change_reason: str
    payee_name: str
    bank_account_masked: str


class TotalOut(Schema):
    programme: str
    name: str
    people: int
    lines: int
    total_fen: int


class RosterIn(Schema):
    programme: str
    area: str
    month: str  # YYYY-MM


@router.get("/programmes", response=list[ProgrammeOut])
def programmes(request: HttpRequest):
    current_scope(request, capability=Capability.BENEFITS_VIEW)
    return list(selectors.programme_list())


@router.get("/enrollments", response=list[EnrollmentOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def enrollments(request: HttpRequest, programme: str | None = None, status: str | None = None):
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    return selectors.enrollment_list(scope=scope, programme=programme, status=status)


@router.get("/enrollments/{pk}", response=EnrollmentOut)
def enrollment(request: HttpRequest, pk: int):
    return selectors.enrollment_get(scope=current_scope(request, capability=Capability.BENEFITS_VIEW), pk=pk)


@router.get("/rosters", response=list[RosterOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def rosters(request: HttpRequest, programme: str | None = None):
    return selectors.roster_list(scope=current_scope(request, capability=Capability.BENEFITS_VIEW), programme=programme)


@router.get("/rosters/{pk}", response=RosterOut)
def roster(request: HttpRequest, pk: int):
    return selectors.roster_get(scope=current_scope(request, capability=Capability.BENEFITS_VIEW), pk=pk)


@router.get("/rosters/{pk}/payments", response=list[PaymentOut])
@paginate(BoundedPageNumberPagination, page_size=500)
def roster_payments(request: HttpRequest, pk: int):
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    return selectors.roster_payments(scope=scope, roster=selectors.roster_get(scope=scope, pk=pk))


@router.post("/rosters", response={202: RosterOut})
def roster_request(request: HttpRequest, data: RosterIn):
    """Queue a roster build (the job runs in the background; poll GET /rosters/{id} for progress)."""
    scope = current_scope(request, capability=Capability.BENEFITS_LOCK)
    try:
        month = parse_month(data.month)
    except ValueError as error:
        raise DjangoValidationError({"month": str(error)}) from None
    made = services.roster_request(actor=request.user, scope=scope, programme_code=data.programme,
                                   area_code=data.area, month=month)
    return Status(202, made)


@router.get("/totals", response=list[TotalOut])
def totals(request: HttpRequest, year: Year = None, area: str | None = None):
    """Paid per programme in a calendar year (default: this year), inside `area` if given."""
    year = year or timezone.localdate().year
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    return selectors.payment_totals(scope=scope, year=year, area_code=area)
