"""/api/v1/cases/: the case list (existence for everyone in scope, details for those who know), a
case's details (need-to-know, else 403 with the refusal logged), filing a mandatory report, and the
figures. Outside the scope a case is a 404."""


from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.services import client_ip
from guanai.cases import selectors, services
from guanai.cases.access import has_need_to_know
from guanai.cases.figures import case_figures
from guanai.cases.schemas import CaseOut, CaseRowOut, ReportIn
from guanai.core.params import Year, limit_param

router = Router(tags=["cases"])
MAX_ROWS = 500
CaseLimit = limit_param(default=100, maximum=MAX_ROWS)


class FiguresOut(Schema):
    year: int
    reports: int
    by_situation: list[tuple[str, int]]
    by_reporter_type: list[tuple[str, int]]
    open_by_stage: list[tuple[str, int]]
    open_total: int
    overdue_by_step: list[tuple[str, int]]
    overdue_total: int
    contacted: int
    contacted_within_day: int
    first_contact_median_hours: float | None
    first_contact_mean_hours: float | None


@router.get("/", response=list[CaseRowOut])
def case_list(request: HttpRequest, stage: str = "", limit: CaseLimit = 100):
    """Cases in scope: that each exists and its stage; `known` says whether you may open it."""
    rows = selectors.case_list(scope=current_scope(request, capability=Capability.PEOPLE_VIEW), viewer=request.user,
                               filters=selectors.CaseFilter(stage=stage))
    return list(rows[:limit])


@router.get("/figures", response=FiguresOut)
def figures(request: HttpRequest, year: Year = None):
    return case_figures(scope=current_scope(request, capability=Capability.FIGURES_VIEW), year=year)


@router.post("/reports", response={201: CaseOut})
def report_create(request: HttpRequest, payload: ReportIn):
    scope = current_scope(request, capability=Capability.CASES_REPORT)
    case = services.report_file(actor=request.user, scope=scope, data=payload)
    case = selectors.case_list(scope=scope, viewer=request.user).get(pk=case.pk)
    return Status(201, case)


@router.get("/{case_id}", response=CaseOut)
def case_detail(request: HttpRequest, case_id: int):
    """The details, for the case's workers, the township supervisor and the county case managers. Anyone
    else in scope gets 403 (logged); break the glass on the web page, where the reason is asked."""
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    case = selectors.case_list(scope=scope, viewer=request.user).filter(pk=case_id).first()
    if case is None:
        raise selectors.CaseNotFound("没有这个个案 / no such case")
    ip = client_ip(request)
    if not has_need_to_know(request.user, case):
        if selectors.break_glass_grant(user=request.user, case=case) is None:
            services.case_refusal_log(actor=request.user, case=case, ip_address=ip)
            raise PermissionDenied("您不负责该个案 / you are not on this case")
        services.case_read_log(actor=request.user, case=case, ip_address=ip, break_glass=True)
    else:
        services.case_read_log(actor=request.user, case=case, ip_address=ip)
    return case
