"""The supervisor's pages: major events, assignment to workers and providers, and the figures table
with its Excel export. Thin views like views.py."""

import io

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import scoped
from guanai.accounts.working_area import current_area, current_scope
from guanai.areas.models import LEVEL_CODE_LENGTH, Area
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write
from guanai.core.forms import form_add_errors
from guanai.sheets.writing import XLSX_CONTENT_TYPE, row_safe
from guanai.visits import followups as followup_services
from guanai.visits import selectors
from guanai.visits.forms import AssignForm, MajorEventForm
from guanai.visits.views import month_param, render_page

ASSIGN_ROWS = 200


@login_required
def events(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    can_declare = request.user.can(Capability.VISITS_MANAGE)
    form = None
    if can_declare:
        areas = scoped(Area.objects.filter(ended_on__isnull=True).exclude(level="village"), scope=scope,
                       area_field="pk")[:300]
        form = MajorEventForm(request.POST or None, areas=areas)
        if request.method == "POST" and form.is_valid():
            try:
                event = followup_services.major_event_declare(actor=request.user, scope=scope, **form.cleaned_data)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("已发布重大事件，%(n)s 名高风险对象须在时限内探访")
                                 % {"n": event.people_due})
                return redirect("visits:events")
    return render_page(request, "visits/events.html", {
        "events": list(selectors.major_event_list(scope=scope)[:50]), "form": form, "now": timezone.now()})


@login_required
def assign(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_MANAGE)
    village = request.GET.get("village", "")
    rows = selectors.followups(scope=scope).select_related("person", "area", "worker", "contract__provider")
    if village and scope.contains(village):
        rows = rows.filter(area_id=village)
    rows = list(rows.order_by("area_id", "person__name")[:ASSIGN_ROWS])
    workers = list(selectors.assignable_workers(scope=scope))
    contracts = list(selectors.contract_list(scope=scope, on=timezone.localdate()))
    form = AssignForm(request.POST or None, followups=rows, workers=workers, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        worker = next(w for w in workers if w.pk == form.cleaned_data["worker"])
        contract = next((c for c in contracts if c.pk == form.cleaned_data["contract"]), None)
        try:
            n = followup_services.followups_assign(actor=request.user, scope=scope, worker=worker, contract=contract,
                                                   person_ids=form.cleaned_data["person_ids"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已将 %(n)s 名对象指派给 %(w)s") % {"n": n, "w": worker.display_name})
            return redirect(request.get_full_path())
    villages = scoped(Area.objects.filter(level="village", ended_on__isnull=True), scope=scope, area_field="pk")[:300]
    return render_page(request, "visits/assign.html", {"rows": rows, "form": form, "villages": villages,
                                                  "village": village, "contracts": contracts})


def _figures(request: HttpRequest):
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    month, today = month_param(request), timezone.localdate()
    rows = selectors.visit_rates(scope=scope, month=month, on=today)
    area = current_area(scope)
    total = selectors.visit_rate_total(rows, code=scope.prefix, name=area.name if area else _("全部区划"),
                                       month=month)
    return scope, month, today, rows, total


# The widest scope whose per-worker workload and contract delivery the page counts from the records on
# each load: a county (77,000 followed people and 60,000 visits a month in a 1,000,000-people
# prefecture). Above it those tables would scan every follow-up and the month's visits of the whole
# prefecture per request (seconds at that size, docs/performance.md); workers and contracts are
# managed by counties, so the page asks for one, and the rates above come from the figures store.
WORKLOAD_SCOPE_LENGTH = LEVEL_CODE_LENGTH["county"]


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    scope, month, today, rows, total = _figures(request)
    peak = max([r.overdue for r in rows] + [1])
    by_worker = len(scope.prefix) >= WORKLOAD_SCOPE_LENGTH
    return render_page(request, "visits/figures.html", {
        "rows": rows, "total": total, "month": month, "peak": peak, "by_worker": by_worker,
        "workload": selectors.workload(scope=scope, on=today, month=month)[:100] if by_worker else [],
        "delivery": selectors.contract_delivery(scope=scope, on=today, month=month) if by_worker else [],
        "month_value": month.strftime("%Y-%m")})


RATE_HEADERS = ["区划代码", "区划名称", "月份", "特殊困难老年人", "已探访", "月探访率", "关爱儿童", "已探访",
                "月探访率", "逾期未访"]


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    scope, month, _today, rows, total = _figures(request)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("月探访率")
    bold, pct = book.add_format({"bold": True}), book.add_format({"num_format": "0.0%"})
    sheet.write_row(0, 0, RATE_HEADERS, bold)
    for i, r in enumerate([*rows, total], start=1):
        sheet.write_row(i, 0, row_safe([r.area_code, r.area_name, r.month.strftime("%Y-%m"), r.elders,
                                        r.elders_visited]))
        sheet.write(i, 5, r.elder_rate if r.elder_rate is not None else "", pct)
        sheet.write_row(i, 6, [r.children, r.children_visited])
        sheet.write(i, 8, r.child_rate if r.child_rate is not None else "", pct)
        sheet.write(i, 9, r.overdue)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 28)
    book.close()
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="visit_rates",
                     area_code=scope.prefix, detail={"month": month.isoformat(), "rows": len(rows)})
    response = HttpResponse(buffer.getvalue(),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="visit-rates-{month:%Y-%m}.xlsx"'
    return response
