"""The facilities pages. Each view parses the request, calls one selector or service, and renders.
Anything outside the user's scope is a 404, so a URL never tells whether it exists elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from guanai.facilities import exports, imports, selectors, services
from guanai.facilities.forms import (
    ActivityForm,
    FacilityForm,
    FileForm,
    ImportForm,
    PaidForm,
    RatingForm,
    RevokeForm,
    StatusForm,
    SubsidyComputeForm,
)
from guanai.facilities.models import FacilityFile, FacilityStatus, SubsidyStatus
from guanai.facilities.schemas import FacilityIn
from guanai.sheets.reading import SheetError
from guanai.sheets.writing import XLSX_CONTENT_TYPE

PAGE_SIZE = 50


def _facility_in(data: dict) -> FacilityIn:
    return FacilityIn(**{**data, "kind": data["kind"].code})


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    kind, status, q = (request.GET.get(k) or None for k in ("kind", "status", "q"))
    qs = selectors.facility_list(scope=scope, kind=kind, status=status, q=q)
    query = "&".join(f"{k}={v}" for k, v in (("kind", kind), ("status", status), ("q", q)) if v)
    return render(request, "facilities/facility_list.html", {
        "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), "kinds": selectors.kind_list(),
        "statuses": FacilityStatus.choices, "kind": kind, "status": status, "q": q or "", "query": query,
        "counts": selectors.facility_counts(scope=scope), "can_edit": request.user.can(Capability.FACILITIES_EDIT)})


@login_required
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    facility = selectors.facility_get(scope=scope, pk=pk)
    user, today = request.user, timezone.localdate()
    return render(request, "facilities/facility_detail.html", {
        "f": facility, "capacity": selectors.capacity_on(facility=facility, on=today),
        "capacities": facility.capacities.all(), "changes": facility.status_changes.all(),
        "ratings": facility.ratings.select_related("rated_by").prefetch_related("scores__item"),
        "activities": selectors.activity_list(scope=scope, facility=facility)[:20],
        "activity_totals": selectors.activity_totals(scope=scope, facility=facility, year=today.year),
        "files": facility.files.all(), "year": today.year,
        "can_edit": user.can(Capability.FACILITIES_EDIT), "can_log": user.can(Capability.FACILITIES_LOG),
        "status_form": StatusForm(initial={"on": today}), "activity_form": ActivityForm(initial={"on": today}),
        "file_form": FileForm(), "revoke_form": RevokeForm(initial={"on": today})})


@login_required
def facility_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_EDIT)
    facility = selectors.facility_get(scope=scope, pk=pk) if pk else None
    initial = {"area_code": scope.prefix, "status": FacilityStatus.OPEN}
    if facility is not None:
        cap = selectors.capacity_on(facility=facility, on=timezone.localdate())
        initial = {**{k: getattr(facility, k) for k in ("name", "address", "operator", "operator_name", "status",
                                                         "opened_on", "closed_on", "phone", "bank_name",
                                                         "bank_account_name", "bank_account")},
                   "kind": facility.kind_id, "area_code": facility.area_id,
                   **{k: getattr(cap, k) if cap else 0 for k in ("beds", "nursing_beds", "rooms", "seats")}}
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = _facility_in(form.cleaned_data)
            if facility is None:
                facility = services.facility_create(actor=request.user, scope=scope, data=data)
            else:
                services.facility_update(actor=request.user, scope=scope, facility=facility, data=data)
        except (ValidationError, SchemaError) as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "f": facility})


@login_required
@require_POST
def facility_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The detail page's small forms: status change, activity log, file upload, rating revocation."""
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    facility = selectors.facility_get(scope=scope, pk=pk)
    kw = {"actor": request.user, "scope": scope, "facility": facility}
    forms = {"status": StatusForm, "activity": ActivityForm, "file": FileForm, "revoke": RevokeForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        data = form.cleaned_data
        if action == "status":
            services.facility_status_change(**kw, **data)
        elif action == "activity":
            services.activity_log(**kw, **data)
        elif action == "file":
            services.facility_file_add(**kw, kind=data["kind"], title=data["title"], upload=data["file"])
        else:
            rating = facility.ratings.filter(pk=request.POST.get("rating")).first()
            if rating is None:
                raise Http404
            services.rating_revoke(actor=request.user, scope=scope, rating=rating, **data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("已保存"))
    return redirect("facilities:detail", pk=facility.pk)


@login_required
def facility_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    item = FacilityFile.objects.filter(pk=pk).select_related("facility").first()
    if item is None or not scope.contains(item.area_id):
        raise Http404
    access_log_write(user=request.user, action=AccessAction.DOWNLOAD, object_type="facility_file",
                     object_id=str(item.pk), area_code=item.area_id, ip_address=client_ip(request))
    return FileResponse(item.file.open("rb"), as_attachment=item.kind != "photo",
                        filename=item.file.name.rsplit("/", 1)[-1])


@login_required
def facility_rate(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_EDIT)
    facility = selectors.facility_get(scope=scope, pk=pk)
    today = timezone.localdate()
    scheme = selectors.scheme_for(kind=facility.kind_id, area_code=facility.area_id, on=today)
    items = scheme.items.all() if scheme else []
    form = RatingForm(request.POST or None, items=items, initial={"year": today.year, "rated_on": today})
    if request.method == "POST" and scheme is not None and form.is_valid():
        try:
            rating = services.rating_record(actor=request.user, scope=scope, facility=facility,
                                            year=form.cleaned_data["year"], rated_on=form.cleaned_data["rated_on"],
                                            scores=form.scores(), raters=form.cleaned_data["raters"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("评定结果：%(points)s分，%(stars)s星") % {"points": rating.points,
                                                                              "stars": rating.stars})
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_rate.html", {"f": facility, "form": form, "scheme": scheme})


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    cov = selectors.coverage(scope=scope)
    kinds = [k for k in cov.kinds if k.coverage_level or k.code in {c for r in cov.rows for c in r.counts}]
    rows = [{"area": r.area, "villages": r.villages,
             "cells": [(r.counts.get(k.code, 0), r.covered.get(k.code) if k.coverage_level == "village" else None)
                       for k in kinds]} for r in cov.rows]
    shares = [(k, *cov.covered_share(k.code)) for k in kinds if k.coverage_level]
    return render(request, "facilities/coverage.html", {
        "kinds": kinds, "rows": rows, "shares": shares, "gaps": cov.gaps[:500], "gap_count": len(cov.gaps)})


@login_required
def facility_export(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    qs = selectors.facility_list(scope=scope, kind=request.GET.get("kind") or None)
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="facility", area_code=scope.prefix,
                     reason="facility_list", ip_address=client_ip(request))
    response = HttpResponse(exports.facility_list_xlsx(facilities=qs, on=timezone.localdate()),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "设施名录.xlsx")
    return response


@login_required
def facility_import(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read = imports.facility_rows_read(upload, filename=upload.name)
            errors = [str(e) for e in read.errors] + services.facility_rows_check(scope=scope, rows=read.rows)
            if not errors:
                result = services.facilities_import(actor=request.user, scope=scope, rows=read.rows)
                messages.success(request, _("导入完成：新增%(c)s个，更新%(u)s个") % {"c": result.created,
                                                                             "u": result.updated})
                return redirect("facilities:list")
        except SheetError as error:
            errors = [str(error)]
        except ValidationError as error:
            errors = list(error.messages)
    return render(request, "facilities/facility_import.html", {"form": form, "errors": errors,
                                                                "headers": exports.FACILITY_HEADER})


# --- subsidies ------------------------------------------------------------------------------------

@login_required
def subsidy_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    can_pay = request.user.can(Capability.FACILITIES_PAY)
    form = SubsidyComputeForm(request.POST or None, initial={"area_code": scope.prefix,
                                                             "year": timezone.localdate().year - 1,
                                                             "kind": "happiness_home"})
    if request.method == "POST":
        if not can_pay:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                roster = services.subsidy_roster_compute(
                    actor=request.user, scope=scope, payout_kind=data["payout_kind"], kind=data["kind"].code,
                    area_code=data["area_code"], year=data["year"])
            except (ValidationError, Conflict) as error:
                form.add_error(None, error_text(error))
            else:
                return redirect("facilities:subsidy_detail", pk=roster.pk)
    return render(request, "facilities/subsidy_list.html", {
        "rosters": selectors.subsidy_roster_list(scope=scope), "form": form, "can_pay": can_pay,
        "rates": selectors.rate_list(scope=scope)})


@login_required
def subsidy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_VIEW)
    roster = selectors.subsidy_roster_get(scope=scope, pk=pk)
    can_pay = request.user.can(Capability.FACILITIES_PAY)
    return render(request, "facilities/subsidy_detail.html", {
        "roster": roster, "lines": selectors.subsidy_payment_list(scope=scope, roster=roster),
        "townships": selectors.subsidy_township_totals(scope=scope, roster=roster),
        "can_approve": can_pay and roster.status == SubsidyStatus.DRAFT,
        "can_lock": can_pay and roster.status == SubsidyStatus.APPROVED,
        "can_mark_paid": can_pay and roster.status == SubsidyStatus.LOCKED,
        "can_export": can_pay and roster.status in (SubsidyStatus.LOCKED, SubsidyStatus.PAID),
        "paid_form": PaidForm(initial={"paid_on": timezone.localdate()})})


@login_required
@require_POST
def subsidy_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_PAY)
    roster = selectors.subsidy_roster_get(scope=scope, pk=pk)
    kw = {"actor": request.user, "scope": scope, "roster": roster}
    try:
        if step == "approve":
            services.subsidy_roster_approve(**kw)
        elif step == "lock":
            services.subsidy_roster_lock(**kw)
        elif step == "paid":
            form = PaidForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            services.subsidy_roster_mark_paid(**kw, paid_on=form.cleaned_data["paid_on"])
        else:
            raise Http404
    except (ValidationError, Conflict) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("已完成"))
    return redirect("facilities:subsidy_detail", pk=roster.pk)


@login_required
def subsidy_bank_file(request: HttpRequest, pk: int, fmt: str = "xlsx") -> HttpResponse:
    scope = current_scope(request, capability=Capability.FACILITIES_PAY)
    roster = selectors.subsidy_roster_get(scope=scope, pk=pk)
    if roster.status not in (SubsidyStatus.LOCKED, SubsidyStatus.PAID):
        messages.error(request, _("名册锁定后才能导出银行文件"))
        return redirect("facilities:subsidy_detail", pk=roster.pk)
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="subsidy_roster",
                     object_id=str(roster.pk), area_code=roster.area_id, reason=f"bank_file_{fmt}",
                     ip_address=client_ip(request))
    if fmt == "csv":
        response = HttpResponse(exports.subsidy_bank_csv(roster), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.subsidy_bank_xlsx(roster), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, exports.bank_file_name(roster, fmt))
    return response
