"""The benefits pages. Each view parses the request, calls one selector or service, and renders.
Anything outside the user's scope is a 404, so a URL never tells whether it exists elsewhere."""

import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.working_area import current_scope
from guanai.areas.selectors import area_choices
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.bankfiles.writing import bank_file_csv, bank_file_xlsx
from guanai.benefits import audit_file, exports, selectors, services
from guanai.benefits.assistance_sheet import SheetRowsError, assistance_rows_read
from guanai.benefits.bank_returns import return_rows_read
from guanai.benefits.forms import (
    AdjustmentForm,
    ApplicationForm,
    AssistanceEndForm,
    AssistanceForm,
    AssistanceImportForm,
    RejectForm,
    ReturnUploadForm,
    RosterRequestForm,
    StopReportForm,
)
from guanai.benefits.models import AssistanceKind, EnrollmentStatus, RosterLocked, RosterStatus
from guanai.benefits.months import parse_month
from guanai.core.forms import error_text, form_add_errors
from guanai.core.money import fen_from_yuan
from guanai.people.selectors import PersonNotFound, person_get
from guanai.sheets.reading import SheetError

PAGE_SIZE = 50
AUDIT_SHOWN = 200  # rows per section on the page; the export has them all


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    on = timezone.localdate()
    return render(request, "benefits/index.html", {
        "programmes": selectors.programme_list(), "standards": selectors.standard_list(scope=scope, on=on),
        "pending": selectors.enrollment_list(scope=scope).filter(
            status__in=[EnrollmentStatus.APPLIED, EnrollmentStatus.REVIEWED]).count(),
        "stops": selectors.stop_list(scope=scope).count(), "can_lock": request.user.can(Capability.BENEFITS_LOCK)})


@login_required
def enrollment_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    status, programme = request.GET.get("status") or None, request.GET.get("programme") or None
    qs = selectors.enrollment_list(scope=scope, status=status, programme=programme)
    return render(request, "benefits/enrollment_list.html", {
        "page_obj": _page(request, qs), "statuses": EnrollmentStatus.choices, "status": status,
        "programmes": selectors.programme_list(), "programme": programme})


@login_required
def enrollment_apply(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_APPLY)
    form = ApplicationForm(request.POST or None, initial={"person": request.GET.get("person")})
    person = None
    raw = request.POST.get("person") or request.GET.get("person")
    if raw and raw.isdigit():
        try:
            person = person_get(scope=scope, pk=int(raw))
        except PersonNotFound:
            person = None
    if request.method == "POST" and form.is_valid() and person is not None:
        data = form.cleaned_data
        app = services.Application(
            programme_code=data["programme_code"], payee_name=data["payee_name"], payee_relation=data["payee_relation"],
            bank_name=data["bank_name"], bank_account=data["bank_account"], other_benefit=data["other_benefit"],
            other_benefit_fen=fen_from_yuan(data["other_benefit_yuan"]),
            one_off_fen=fen_from_yuan(data["one_off_yuan"]) or None)
        try:
            enrollment = services.enrollment_apply(actor=request.user, scope=scope, person=person, application=app)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("已提交申请，等待乡镇审核"))
            return redirect("benefits:enrollment_detail", pk=enrollment.pk)
    return render(request, "benefits/enrollment_apply.html", {"form": form, "person": person})


@login_required
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    enrollment = selectors.enrollment_get(scope=scope, pk=pk)
    user = request.user
    return render(request, "benefits/enrollment_detail.html", {
        "e": enrollment, "stops": enrollment.stops.all(),
        "payments": selectors.person_payments(scope=scope, person=enrollment.person).filter(
            enrollment=enrollment)[:24],
        "can_review": user.can(Capability.BENEFITS_REVIEW) and enrollment.status == EnrollmentStatus.APPLIED,
        "can_approve": user.can(Capability.BENEFITS_APPROVE) and enrollment.status == EnrollmentStatus.REVIEWED,
        "can_stop": user.can(Capability.BENEFITS_APPLY) and enrollment.status == EnrollmentStatus.APPROVED,
        "can_adjust": user.can(Capability.BENEFITS_APPROVE) and enrollment.starts_on is not None,
        "reject_form": RejectForm(), "stop_form": StopReportForm(), "adjust_form": AdjustmentForm()})


@login_required
@require_POST
def enrollment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    enrollment = selectors.enrollment_get(scope=scope, pk=pk)
    kw = {"actor": request.user, "scope": scope, "enrollment": enrollment}
    try:
        if step == "review":
            services.enrollment_review(**kw)
        elif step == "approve":
            services.enrollment_approve(**kw)
        elif step == "reject":
            services.enrollment_reject(**kw, reason=request.POST.get("reason", ""))
        elif step == "stop":
            form = StopReportForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            services.enrollment_stop_report(**kw, **form.cleaned_data)
        elif step == "adjust":
            form = AdjustmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            services.adjustment_create(**kw, month=parse_month(form.cleaned_data["month"]),
                                       amount_fen=fen_from_yuan(form.cleaned_data["amount_yuan"]),
                                       reason=form.cleaned_data["reason"])
        else:
            raise PermissionDenied
    except (ValidationError, ValueError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已保存"))
    return redirect("benefits:enrollment_detail", pk=pk)


@login_required
def stop_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    status = request.GET.get("status", "proposed")
    return render(request, "benefits/stop_list.html", {
        "page_obj": _page(request, selectors.stop_list(scope=scope, status=status or None)), "status": status,
        "can_decide": request.user.can(Capability.BENEFITS_APPROVE)})


@login_required
@require_POST
def stop_decide(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_APPROVE)
    stop = selectors.stop_get(scope=scope, pk=pk)
    service = services.enrollment_stop_confirm if request.POST.get("decision") == "confirm" \
        else services.enrollment_stop_dismiss
    try:
        service(actor=request.user, scope=scope, stop=stop)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("benefits:stop_list")


@login_required
def roster_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    area = scope.prefix if len(scope.prefix) in (6, 9) else ""
    month = f"{timezone.localdate():%Y-%m}"
    form = RosterRequestForm(request.POST or None, initial={"area_code": area, "month": month},
                             areas=area_choices(prefix=scope.prefix, levels=("county", "township")))
    if request.method == "POST":
        current_scope(request, capability=Capability.BENEFITS_LOCK)
        if form.is_valid():
            try:
                roster = services.roster_request(
                    actor=request.user, scope=scope, programme_code=form.cleaned_data["programme_code"],
                    area_code=form.cleaned_data["area_code"], month=parse_month(form.cleaned_data["month"]))
            except (ValidationError, ValueError, RosterLocked) as exc:
                form.add_error(None, error_text(exc))
            else:
                return redirect("benefits:roster_detail", pk=roster.pk)
    return render(request, "benefits/roster_list.html", {
        "page_obj": _page(request, selectors.roster_list(scope=scope)), "form": form,
        "can_lock": request.user.can(Capability.BENEFITS_LOCK)})


def _roster_context(request: HttpRequest, pk: int) -> dict:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    roster = selectors.roster_get(scope=scope, pk=pk)
    percent = int(100 * roster.progress_done / roster.progress_total) if roster.progress_total else 0
    return {"roster": roster, "scope": scope, "percent": percent,
            "building": roster.status in (RosterStatus.QUEUED, RosterStatus.BUILDING)}


@login_required
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _roster_context(request, pk)
    roster, scope = context["roster"], context["scope"]
    user = request.user
    context.update({
        "page_obj": _page(request, selectors.roster_payments(scope=scope, roster=roster)),
        "townships": selectors.roster_township_totals(scope=scope, roster=roster),
        "left_out": selectors.roster_exclusions(scope=scope, roster=roster)[:AUDIT_SHOWN],
        "can_lock": user.can(Capability.BENEFITS_LOCK) and roster.status == RosterStatus.BUILT,
        "can_export": user.can(Capability.BENEFITS_LOCK),
        "can_return": user.can(Capability.BENEFITS_LOCK) and roster.status == RosterStatus.LOCKED,
        "return_form": ReturnUploadForm()})
    return render(request, "benefits/roster_detail.html", context)


@login_required
def roster_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment polled while a roster builds; it stops polling when the build ends."""
    context = _roster_context(request, pk)
    response = render(request, "benefits/_progress.html", context)
    if not context["building"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def roster_lock(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_LOCK)
    roster = selectors.roster_get(scope=scope, pk=pk)
    try:
        services.roster_lock(actor=request.user, scope=scope, roster=roster)
    except (ValidationError, RosterLocked) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("花名册已锁定"))
    return redirect("benefits:roster_detail", pk=pk)


def _export_log(request: HttpRequest, roster, what: str) -> None:
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="roster", object_id=str(roster.pk),
                     area_code=roster.area_id, reason=what, ip_address=client_ip(request))


@login_required
def roster_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    # Found in the scope first, as on the roster page: a roster elsewhere is a 404, never a 403 that
    # would tell it exists; only then whether this user may export.
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    roster = selectors.roster_get(scope=scope, pk=pk)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404
    require_capability(request.user, Capability.BENEFITS_LOCK)
    _export_log(request, roster, fmt)
    if fmt == "csv":
        columns = exports.roster_bank_columns(roster)
        rows = bank_file_csv(lines=exports.roster_bank_lines(roster), columns=columns)
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, exports.roster_file_name(roster, "csv"))
        return response
    if fmt == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        bank_file_xlsx(lines=exports.roster_bank_lines(roster), columns=exports.roster_bank_columns(roster),
                       target=spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=exports.roster_file_name(roster, "xlsx"))
    township = request.GET.get("township") or None
    lines = selectors.roster_payments(scope=scope, roster=roster)
    if township:
        lines = lines.filter(township_code=township)
    pdf = exports.roster_pdf(roster, lines=lines,
                             township_totals=selectors.roster_township_totals(scope=scope, roster=roster))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, exports.roster_file_name(roster, "pdf"))
    return response


@login_required
@require_POST
def roster_return(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_LOCK)
    roster = selectors.roster_get(scope=scope, pk=pk)
    form = ReturnUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择回盘文件"))
        return redirect("benefits:roster_detail", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        rows = return_rows_read(filename=upload.name, content=upload.read(),
                                payment_ids=exports.roster_bank_payment_ids(roster))
        result = services.bank_return_import(actor=request.user, scope=scope, roster=roster, rows=rows)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("回盘已导入：成功 %(paid)s 条，失败 %(failed)s 条") %
                         {"paid": result.paid, "failed": result.failed})
        for problem in result.unmatched[:20]:
            messages.warning(request, problem)
    return redirect("benefits:roster_detail", pk=pk)


@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    return render(request, "benefits/failed_list.html",
                  {"page_obj": _page(request, selectors.failed_payment_list(scope=scope))})


@login_required
def totals(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    area = request.GET.get("area", "").strip() or None
    rows = selectors.payment_totals(scope=scope, year=year, area_code=area)
    return render(request, "benefits/totals.html", {
        "rows": rows, "year": year, "area": area or "", "grand": sum(r.total_fen for r in rows),
        "areas": area_choices(prefix=scope.prefix),
        "years": range(timezone.localdate().year, datetime.date(2019, 1, 1).year - 1, -1)})


def _audit_month(request: HttpRequest) -> datetime.date:
    try:
        return parse_month(request.GET.get("month", ""))
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def payments_audit(request: HttpRequest) -> HttpResponse:
    """Per month: every exclusion, top-up and stop with its reason (the county's payments audit)."""
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    month = _audit_month(request)
    sections = [(key, title, qs.count(), qs[:AUDIT_SHOWN]) for key, title, qs in (
        ("exclusion", _("未发放（停发、不符合条件、不重复发放、暂停）"),
         selectors.audit_exclusions(scope=scope, month=month)),
        ("top_up", _("补差发放"), selectors.audit_top_ups(scope=scope, month=month)),
        ("adjustment", _("调整（追回、补发，含补录事实后对已锁定月份的复核）"),
         selectors.audit_adjustments(scope=scope, month=month)),
        ("stop", _("当月起停发"), selectors.audit_stops(scope=scope, month=month)))]
    return render(request, "benefits/audit.html", {"month": month, "sections": sections, "shown": AUDIT_SHOWN})


@login_required
def payments_audit_export(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_VIEW)
    month = _audit_month(request)
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="payments_audit",
                     object_id=f"{month:%Y-%m}", area_code=scope.prefix or "", reason="csv",
                     ip_address=client_ip(request))
    rows = selectors.payments_audit_rows(scope=scope, month=month)
    response = StreamingHttpResponse(audit_file.audit_csv(rows, month=month), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-audit-{month:%Y%m}.csv"'
    return response


# --- assistance statuses (低保, 特困 ...) -----------------------------------------------------------


def _assistance_page(request: HttpRequest, scope, *, import_form=None, import_errors=()) -> HttpResponse:
    kind = request.GET.get("kind") or None
    return render(request, "benefits/assistance_list.html", {
        "page_obj": _page(request, selectors.assistance_list(scope=scope, kind=kind)), "kind": kind,
        "kinds": AssistanceKind.choices, "can_edit": request.user.can(Capability.BENEFITS_APPROVE),
        "end_form": AssistanceEndForm(), "import_form": import_form or AssistanceImportForm(),
        "import_errors": import_errors})


@login_required
def assistance_list(request: HttpRequest) -> HttpResponse:
    return _assistance_page(request, current_scope(request, capability=Capability.BENEFITS_VIEW))


@login_required
def assistance_new(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_APPROVE)
    raw = request.POST.get("person") or request.GET.get("person") or ""
    try:
        person = person_get(scope=scope, pk=int(raw)) if raw.isdigit() else None
    except PersonNotFound:
        person = None
    form = AssistanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and person is not None:
        try:
            services.assistance_record(actor=request.user, scope=scope, person=person, data=form.to_input())
        except ValidationError as exc:
            form_add_errors(form, exc, aliases={"monthly_fen": "monthly_yuan"})
        else:
            messages.success(request, _("已登记；已锁定月份的差额将在下次生成花名册时自动追回或补发"))
            return redirect("people:detail", pk=person.pk)
    held = selectors.assistance_list(scope=scope, person=person) if person else []
    return render(request, "benefits/assistance_new.html", {"form": form, "person": person, "held": held})


@login_required
@require_POST
def assistance_end(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_APPROVE)
    row = selectors.assistance_get(scope=scope, pk=pk)
    form = AssistanceEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        services.assistance_end(actor=request.user, scope=scope, assistance=row,
                                last_month=form.cleaned_data["last_month"],
                                reason=form.cleaned_data["reason"])
    except (ValidationError, ValueError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已终止"))
    return redirect("benefits:assistance_list")


@login_required
@require_POST
def assistance_import(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.BENEFITS_APPROVE)
    form = AssistanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _assistance_page(request, scope, import_form=form)
    upload = form.cleaned_data["file"]
    try:
        rows = assistance_rows_read(upload, filename=upload.name)
        made = services.assistance_import(actor=request.user, scope=scope, rows=rows)
    except SheetRowsError as exc:
        return _assistance_page(request, scope, import_form=form, import_errors=exc.problems)
    except (SheetError, ValidationError) as exc:
        problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return _assistance_page(request, scope, import_form=form, import_errors=problems)
    messages.success(request, _("已导入 %(n)s 条待遇记录") % {"n": len(made)})
    return redirect("benefits:assistance_list")
