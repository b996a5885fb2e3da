"""Workforce under /api/v1/workforce/: posts, holders, vacancies and coverage, scoped like the pages."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.workforce import selectors, services
from guanai.workforce.schemas import PostIn, PostOut, StaffCoverageOut, TenureIn, TenureOut, VacancyOut

router = Router(tags=["workforce"])
VIEW, EDIT = Capability.FACILITIES_VIEW, Capability.FACILITIES_EDIT


@router.get("/posts", response=list[PostOut])
def post_list(request: HttpRequest, kind: str | None = None):
    return list(selectors.post_list(scope=current_scope(request, capability=VIEW), kind=kind))


@router.post("/posts", response={201: PostOut})
def post_create(request: HttpRequest, data: PostIn):
    scope = current_scope(request, capability=EDIT)
    return Status(201, services.post_create(actor=request.user, scope=scope, data=data))


@router.get("/posts/{post_id}/holders", response=list[TenureOut])
def holder_list(request: HttpRequest, post_id: int):
    scope = current_scope(request, capability=VIEW)
    return list(selectors.tenure_list(scope=scope, post=selectors.post_get(scope=scope, pk=post_id)))


@router.post("/posts/{post_id}/holders", response={201: TenureOut})
def holder_appoint(request: HttpRequest, post_id: int, data: TenureIn):
    scope = current_scope(request, capability=EDIT)
    post = selectors.post_get(scope=scope, pk=post_id)
    return Status(201, services.holder_appoint(actor=request.user, scope=scope, post=post, data=data))


@router.get("/vacancies", response=list[VacancyOut])
def vacancy_list(request: HttpRequest):
    found = selectors.vacancies(scope=current_scope(request, capability=VIEW), on=timezone.localdate())
    return [{"post_id": v.post.pk, "kind": v.post.kind, "area_id": v.post.area_id, "vacant_since": v.vacant_since,
             "days": v.days, "overdue": v.overdue} for v in found]


@router.get("/coverage", response=StaffCoverageOut)
def coverage(request: HttpRequest):
    return selectors.coverage(scope=current_scope(request, capability=VIEW), on=timezone.localdate())
