"""The funds pages: projects with progress, and fund allocation plans (compute, compare, lock, export)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.errors import Conflict
from guanai.core.forms import error_text, form_add_errors
from guanai.core.money import yuan_decimal
from guanai.funds import exports, selectors, services
from guanai.funds.factors import FACTORS
from guanai.funds.forms import PlanForm, ProgressForm, ProjectForm
from guanai.funds.schemas import PlanIn, ProgressIn, ProjectIn
from guanai.sheets.writing import XLSX_CONTENT_TYPE

VIEW, EDIT, PLAN = Capability.FACILITIES_VIEW, Capability.FACILITIES_EDIT, Capability.FUNDS_PLAN


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    form = ProjectForm(request.POST or None, initial={"area_code": scope.prefix, "year": timezone.localdate().year})
    if request.method == "POST":
        scope = current_scope(request, capability=EDIT)
        if form.is_valid():
            try:
                project = services.project_create(actor=request.user, scope=scope,
                                                  data=ProjectIn(**form.to_schema()))
            except (ValidationError, SchemaError) as error:
                form_add_errors(form, error, aliases={"budget_fen": "budget_yuan"})
            else:
                return redirect("funds:project_detail", pk=project.pk)
    return render(request, "funds/project_list.html", {
        "projects": selectors.project_list(scope=scope), "totals": selectors.project_totals(scope=scope),
        "form": form, "can_edit": request.user.can(EDIT)})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    project = selectors.project_get(scope=scope, pk=pk)
    form = ProgressForm(request.POST or None, initial={"progress_percent": project.progress_percent,
                                                       "done_households": project.done_households})
    if request.method == "POST":
        scope = current_scope(request, capability=EDIT)
        if form.is_valid():
            ids = [int(v) for v in request.POST.getlist("facility_ids") if v.isdigit()]
            try:
                services.project_progress(actor=request.user, scope=scope, project=project,
                                          data=ProgressIn(**form.to_schema(), facility_ids=ids))
            except (ValidationError, SchemaError) as error:
                form_add_errors(form, error, aliases={"spent_fen": "spent_yuan"})
            else:
                messages.success(request, _("已保存"))
                return redirect("funds:project_detail", pk=project.pk)
    return render(request, "funds/project_detail.html", {
        "p": project, "facilities": selectors.project_facilities(scope=scope, project=project), "form": form,
        "can_edit": request.user.can(EDIT)})


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    form = PlanForm(request.POST or None, initial={"area_code": scope.prefix, "year": timezone.localdate().year})
    if request.method == "POST":
        scope = current_scope(request, capability=PLAN)
        if form.is_valid():
            try:
                plan = services.plan_compute(actor=request.user, scope=scope, data=PlanIn(**form.to_schema()))
            except (ValidationError, SchemaError) as error:
                form_add_errors(form, error, aliases={"total_fen": "total_yuan"})
            else:
                return redirect("funds:plan_detail", pk=plan.pk)
    return render(request, "funds/plan_list.html", {
        "plans": selectors.plan_list(scope=scope), "form": form, "can_plan": request.user.can(PLAN)})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    plan = selectors.plan_get(scope=scope, pk=pk)
    factors = [(f, FACTORS.get(f.factor)) for f in plan.factors.all()]
    other = request.GET.get("compare")
    compare = None
    versions = selectors.plan_versions(scope=scope, plan=plan)
    if other and other.isdigit():
        b = versions.filter(pk=int(other)).first()
        if b is not None:
            compare = {"b": b, "rows": selectors.plan_compare(a=plan, b=b)}
    initial = {"area_code": plan.area_id, "name": plan.name, "year": plan.year,
               "total_yuan": yuan_decimal(plan.total_fen),
               **{f"w_{f.factor}": f.weight for f in plan.factors.all()}}
    return render(request, "funds/plan_detail.html", {
        "plan": plan, "factors": factors, "shares": selectors.share_list(plan=plan), "versions": versions,
        "compare": compare, "can_plan": request.user.can(PLAN), "form": PlanForm(initial=initial)})


@login_required
@require_POST
def plan_version(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the plan with the weights (and total) from the form."""
    scope = current_scope(request, capability=PLAN)
    plan = selectors.plan_get(scope=scope, pk=pk)
    form = PlanForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        new = services.plan_compute(actor=request.user, scope=scope, data=PlanIn(**form.to_schema()), based_on=plan)
    except (ValidationError, SchemaError) as error:
        messages.error(request, error_text(error))
        return redirect("funds:plan_detail", pk=plan.pk)
    return redirect(reverse("funds:plan_detail", args=[new.pk]) + f"?compare={plan.pk}")


@login_required
@require_POST
def plan_lock(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=PLAN)
    plan = selectors.plan_get(scope=scope, pk=pk)
    try:
        services.plan_lock(actor=request.user, scope=scope, plan=plan)
    except Conflict as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("方案已锁定"))
    return redirect("funds:plan_detail", pk=plan.pk)


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    plan = selectors.plan_get(scope=scope, pk=pk)
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="allocation_plan",
                     object_id=str(plan.pk), area_code=plan.area_id, ip_address=client_ip(request))
    response = HttpResponse(exports.plan_xlsx(plan), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, exports.plan_file_name(plan))
    return response
