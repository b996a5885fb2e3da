"""Funds under /api/v1/funds/: projects and allocation plans with their shares, scoped like the pages."""

from django.http import HttpRequest
from ninja import Router, Status

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.core.params import Year
from guanai.funds import selectors, services
from guanai.funds.schemas import PlanIn, PlanOut, ProjectIn, ProjectOut, ShareOut

router = Router(tags=["funds"])
VIEW, EDIT, PLAN = Capability.FACILITIES_VIEW, Capability.FACILITIES_EDIT, Capability.FUNDS_PLAN


@router.get("/projects", response=list[ProjectOut])
def project_list(request: HttpRequest, year: Year = None):
    return list(selectors.project_list(scope=current_scope(request, capability=VIEW), year=year))


@router.post("/projects", response={201: ProjectOut})
def project_create(request: HttpRequest, data: ProjectIn):
    scope = current_scope(request, capability=EDIT)
    return Status(201, services.project_create(actor=request.user, scope=scope, data=data))


@router.get("/plans", response=list[PlanOut])
def plan_list(request: HttpRequest):
    return list(selectors.plan_list(scope=current_scope(request, capability=VIEW)))


@router.post("/plans", response={201: PlanOut})
def plan_compute(request: HttpRequest, data: PlanIn):
    scope = current_scope(request, capability=PLAN)
    return Status(201, services.plan_compute(actor=request.user, scope=scope, data=data))


@router.get("/plans/{plan_id}/shares", response=list[ShareOut])
def share_list(request: HttpRequest, plan_id: int):
    plan = selectors.plan_get(scope=current_scope(request, capability=VIEW), pk=plan_id)
    return list(selectors.share_list(plan=plan))
