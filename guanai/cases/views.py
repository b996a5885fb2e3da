"""The case pages: parse, call one selector or service, render. Outside the scope a case is a 404;
inside it, a case the viewer is not on shows a refusal (logged) with a form to give a reason (break
the glass, logged and shown to the county). Meetings, figures and the access log are in boards.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope, scoped
from guanai.accounts.working_area import current_scope
from guanai.areas.models import Area, Level
from guanai.audit.services import client_ip
from guanai.cases import selectors, services, stages
from guanai.cases.access import has_need_to_know, may_approve
from guanai.cases.forms import (
    AssessmentForm,
    AssignForm,
    BreakGlassForm,
    ClosureForm,
    DecisionForm,
    EmergencyForm,
    InterventionForm,
    LinkForm,
    PlanForm,
    PoliceForm,
    ReopenForm,
    ReportForm,
    ReviewForm,
)
from guanai.cases.rules import Stage, Step, steps_open_in
from guanai.core.bilingual import reader_text
from guanai.core.forms import form_add_errors
from guanai.people.selectors import PersonNotFound, person_get, person_search
from guanai.people.services import PersonExists, PersonExistsElsewhere

PAGE_SIZE = 30
VILLAGE_CHOICES_MAX = 400
STEP_FORMS = {
    Step.EMERGENCY: EmergencyForm, Step.ASSESSMENT: AssessmentForm, Step.PLAN: PlanForm,
    Step.PLAN_DECISION: DecisionForm, Step.INTERVENTION: InterventionForm, Step.REVIEW: ReviewForm,
    Step.CLOSURE: ClosureForm, Step.CLOSURE_DECISION: DecisionForm, Step.REOPEN: ReopenForm,
}


def render_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """render() with what the case pages' tabs need."""
    context.setdefault("can_manage", request.user.can(Capability.CASES_MANAGE))
    context.setdefault("can_report", request.user.can(Capability.CASES_REPORT))
    return render(request, template, context, status=status)


def _case_in_scope(request: HttpRequest, pk: int, scope: Scope):
    """The case, or a 404 whose attempt on an existing case is logged as a refusal."""
    try:
        return selectors.case_get(scope=scope, pk=pk)
    except selectors.CaseNotFound:
        if (case := selectors.case_outside_scope_exists(pk=pk)) is not None:
            services.case_refusal_log(actor=request.user, case=case, ip_address=client_ip(request), why="outside_scope")
        raise


def _refused(request: HttpRequest, case, form=None) -> HttpResponse:
    services.case_refusal_log(actor=request.user, case=case, ip_address=client_ip(request))
    return render(request, "cases/refused.html", {
        "case": case, "form": form or BreakGlassForm(),
        "can_break_glass": request.user.can(Capability.CASES_BREAK_GLASS)}, status=403)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    stage = request.GET.get("stage", "")
    filters = selectors.CaseFilter(stage=stage if stage in Stage.values else "", mine=bool(request.GET.get("mine")),
                                   overdue=bool(request.GET.get("overdue")), q=request.GET.get("q", "")[:50],
                                   police_missing=bool(request.GET.get("police_missing")),
                                   open_only=request.GET.get("all") != "1" and not stage)
    rows = selectors.case_list(scope=scope, viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue_ids = set(selectors.deadline_list(scope=scope).filter(case_id__in=[c.pk for c in page])
                      .values_list("case_id", flat=True))
    return render_page(request, "cases/list.html", {
        "page_obj": page, "filters": filters, "stages": Stage.choices, "overdue_ids": overdue_ids,
        "query": request.GET.urlencode(),
        # A case number links only where the reader may open it (need to know, or may break the glass).
        "can_break_glass": request.user.can(Capability.CASES_BREAK_GLASS)})


def _village_choices(scope: Scope) -> list[tuple[str, str]]:
    villages = scoped(Area.objects.filter(level=Level.VILLAGE, ended_on__isnull=True), scope=scope,
                      area_field="code").order_by("code")[:VILLAGE_CHOICES_MAX]
    return [(a.code, a.name) for a in villages]


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.CASES_REPORT)
    chosen = None
    if person_id := request.GET.get("person") or request.POST.get("person_id"):
        try:
            chosen = person_get(scope=scope, pk=int(person_id))
        except (ValueError, PersonNotFound):
            chosen = None
    q = request.GET.get("q", "").strip()
    found = person_search(scope=scope, q=q, limit=20) if q and chosen is None else []
    form = ReportForm(request.POST or None, villages=_village_choices(scope),
                      initial={"person_id": chosen.pk} if chosen else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.report_file(actor=request.user, scope=scope, data=form.to_schema())
        except (SchemaError, ValidationError) as error:
            form_add_errors(form, error)
        except (PersonExists, PersonExistsElsewhere) as error:
            form.add_error("child_id_number", reader_text(error))
        else:
            messages.success(request, _("已登记强制报告，个案编号 %(n)s") % {"n": case.number})
            return redirect("cases:detail", case.pk)
    return render_page(request, "cases/report_form.html", {"form": form, "chosen": chosen, "found": found, "q": q})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    case = _case_in_scope(request, pk, scope)
    knows = has_need_to_know(request.user, case)
    grant = None if knows else selectors.break_glass_grant(user=request.user, case=case)
    if not knows and grant is None:
        return _refused(request, case)
    services.case_read_log(actor=request.user, case=case, ip_address=client_ip(request), break_glass=not knows)
    records = selectors.case_records(case=case)
    steps = steps_open_in(case.stage) if knows else []
    approver = may_approve(request.user, case)
    steps = [s for s in steps if approver or s not in (Step.PLAN_DECISION, Step.CLOSURE_DECISION)]
    return render(request, "cases/detail.html", {
        "case": case, "r": records, "knows": knows, "grant": grant, "steps": [(s, Step(s).label) for s in steps],
        "approver": approver, "now": timezone.now(),
        "can_assign": knows and request.user.can(Capability.CASES_MANAGE),
        "can_police": knows and request.user.can(Capability.CASES_REPORT)})


@login_required
@require_POST
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    case = _case_in_scope(request, pk, scope)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            services.case_break_glass(actor=request.user, scope=scope, case=case, reason=form.cleaned_data["reason"],
                                      purpose=form.cleaned_data["purpose"], ip_address=client_ip(request))
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            return redirect("cases:detail", case.pk)
    return _refused(request, case, form)


@login_required
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    case = _case_in_scope(request, pk, scope)
    if not has_need_to_know(request.user, case):
        return _refused(request, case)
    form = STEP_FORMS[step](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stages.STEP_SERVICES[step](actor=request.user, scope=scope, case=case, data=form.to_schema())
        except (SchemaError, ValidationError) as error:
            form_add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, reader_text(error))
        else:
            messages.success(request, _("已保存：%(step)s") % {"step": Step(step).label})
            return redirect("cases:detail", case.pk)
    plan = selectors.latest_plan(case=case) if step == Step.PLAN_DECISION else None
    return render(request, "cases/step_form.html", {"case": case, "form": form, "step": step,
                                                    "step_label": Step(step).label, "plan": plan})


def step_view(step: str):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return case_step(request, pk, step)
    view.__name__ = f"case_{step}"
    return login_required(view)


@login_required
def report_police(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """Record the police side of a report: telling the police and the police's feedback."""
    scope = current_scope(request, capability=Capability.CASES_REPORT)
    case = _case_in_scope(request, pk, scope)
    if not has_need_to_know(request.user, case):
        return _refused(request, case)
    report = get_object_or_404(case.reports, pk=report_pk)
    initial = {f: getattr(report, f) for f in PoliceForm.base_fields}
    form = PoliceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_police_record(
                actor=request.user, scope=scope, report=report, told_at=data["police_told_at"],
                station=data["police_station"], receipt_no=data["police_receipt_no"],
                feedback_on=data["police_feedback_on"], feedback=data["police_feedback"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已登记报警及反馈情况"))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("报警及公安机关反馈")})


@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.CASES_MANAGE)
    case = _case_in_scope(request, pk, scope)
    if not has_need_to_know(request.user, case):
        return _refused(request, case)
    form = AssignForm(request.POST or None, users=selectors.assignable_users(scope=scope, case=case))
    if request.method == "POST" and form.is_valid():
        user = selectors.assignable_users(scope=scope, case=case).get(pk=form.cleaned_data["user_id"])
        try:
            services.case_assign(actor=request.user, scope=scope, case=case, user=user, role=form.cleaned_data["role"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已指派 %(name)s") % {"name": user.display_name})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("指派工作人员")})


@login_required
def case_link(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    case = _case_in_scope(request, pk, scope)
    if not has_need_to_know(request.user, case):
        return _refused(request, case)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_link_add(actor=request.user, scope=scope, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, reader_text(error))
        else:
            return redirect("cases:detail", case.pk)
    return render(request, "cases/simple_form.html", {"case": case, "form": form, "title": _("关联探访记录或转介")})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=None)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
        services.notifications_mark_read(user=request.user, ids=ids)
        return redirect("cases:notifications")
    rows = selectors.notification_list(user=request.user, scope=scope, unread_only=False)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "cases/notifications.html", {"page_obj": page})
