"""The county's and township's boards: joint meetings, case figures (with the Excel export), and the
access log of case refusals and break-the-glass reads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import scoped
from guanai.accounts.working_area import current_scope, request_area
from guanai.areas.models import Area, Level
from guanai.cases import selectors, services
from guanai.cases.figures import case_figures, figures_workbook
from guanai.cases.forms import MeetingForm
from guanai.cases.views import PAGE_SIZE, render_page
from guanai.core.forms import form_add_errors
from guanai.sheets.writing import XLSX_CONTENT_TYPE

MEETING_CASE_CHOICES = 200


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.CASES_MANAGE)
    page = Paginator(selectors.meeting_list(scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "cases/meetings.html", {"page_obj": page})


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.CASES_MANAGE)
    areas = scoped(Area.objects.filter(level__in=[Level.COUNTY, Level.TOWNSHIP], ended_on__isnull=True), scope=scope,
                   area_field="code").order_by("code")
    cases = (selectors.case_list(scope=scope, viewer=request.user, filters=selectors.CaseFilter(open_only=True))
             .filter(known=True)[:MEETING_CASE_CHOICES])
    form = MeetingForm(request.POST or None, areas=[(a.code, a.name) for a in areas], cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(actor=request.user, scope=scope, data=form.to_schema())
        except (SchemaError, ValidationError) as error:
            form_add_errors(form, error)
        else:
            return redirect("cases:meeting", meeting.pk)
    return render_page(request, "cases/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.CASES_MANAGE)
    meeting = selectors.meeting_get(scope=scope, pk=pk)
    return render_page(request, "cases/meeting_detail.html", {"meeting": meeting})


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(int(request.GET.get("year", "")), 2100))
    except ValueError:
        return timezone.localdate().year


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    year = _year(request)
    return render_page(request, "cases/figures.html", {"f": case_figures(scope=scope, year=year), "year": year,
                                                  "area": request_area(request)})


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    area = request_area(request)
    year = _year(request)
    body = figures_workbook(case_figures(scope=scope, year=year), area_name=area.name if area else _("全部区划"))
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cases-{scope.prefix or "all"}-{year}.xlsx"'
    return response


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Refusals and break-the-glass reads of cases in scope: for case managers and auditors."""
    require_capability(request.user, Capability.CASES_MANAGE, Capability.AUDIT_VIEW)
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    page = Paginator(selectors.case_access_log(scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "cases/access_log.html", {
        "page_obj": page, "can_open": request.user.can(Capability.CASES_BREAK_GLASS)})
