"""The resident population pages (常住人口): the figures entered for the user's area and its sub-areas,
add and correct one, import a sheet (all rows or none), the sheet's template. Thin views: read through
selectors, write through services."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.core.forms import form_add_errors
from guanai.reports import selectors, services
from guanai.reports.forms import PopulationForm, PopulationImportForm
from guanai.reports.population_imports import LABELS, population_rows_read
from guanai.sheets.reading import SheetError
from guanai.sheets.writing import Column, SheetOut, xlsx_write

ROWS_PER_PAGE = 50


@login_required
def population_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    years = selectors.resident_population_years(scope=scope)
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and int(year) in years else None
    rows = selectors.resident_population_list(scope=scope, year=chosen)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/population_list.html", {
        "page": page, "years": years, "year": chosen, "can_edit": request.user.can(Capability.POPULATION_EDIT)})


def _data(form: PopulationForm) -> services.PopulationIn:
    data = form.cleaned_data
    return services.PopulationIn(area_code=data["area"], year=data["year"], total=data["total"],
                                 aged_60_plus=data["aged_60_plus"], aged_65_plus=data["aged_65_plus"],
                                 aged_0_17=data["aged_0_17"], source=data["source"])


@login_required
def population_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a figure (pk None) or correct one; the area and year of a stored figure stay as they are."""
    scope = current_scope(request, capability=Capability.POPULATION_EDIT)
    row = selectors.resident_population_get(scope=scope, pk=pk) if pk is not None else None
    initial = {"area": row.area_id, "year": row.year, "total": row.total, "aged_60_plus": row.aged_60_plus,
               "aged_65_plus": row.aged_65_plus, "aged_0_17": row.aged_0_17, "source": row.source} if row else {}
    areas = selectors.population_areas(scope=scope)
    if row is not None and row.area_id not in dict(areas):
        areas.append((row.area_id, f"{row.area.name}（{row.area_id}）"))  # a village's figure, imported
    form = PopulationForm(request.POST or None, initial=initial, areas=areas, fixed=row is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_population_save(actor=request.user, scope=scope, data=_data(form))
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("常住人口数已保存，统计数据随后重新计算"))
            return redirect("reports:population")
    return render(request, "reports/population_form.html", {"form": form, "row": row})


@login_required
@require_POST
def population_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.POPULATION_EDIT)
    row = selectors.resident_population_get(scope=scope, pk=pk)
    services.resident_population_delete(actor=request.user, scope=scope, row=row)
    messages.success(request, _("已删除该常住人口数"))
    return redirect("reports:population")


@login_required
def population_import(request: HttpRequest) -> HttpResponse:
    """Upload a sheet of figures; every bad cell is listed by row and column and nothing is written."""
    scope = current_scope(request, capability=Capability.POPULATION_EDIT)
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read = population_rows_read(upload, filename=upload.name)
            errors = [str(e) for e in read.errors]
            if not errors:
                written = services.resident_population_import(actor=request.user, scope=scope, rows=read.rows,
                                                              where=read.where)
                messages.success(request, _("导入完成：%(n)s行常住人口数") % {"n": written})
                return redirect("reports:population")
        except SheetError as error:
            errors = [str(error)]
        except ValidationError as error:
            errors = list(error.messages)
    return render(request, "reports/population_import.html", {"form": form, "errors": errors,
                                                              "headers": list(LABELS.values())})


@login_required
def population_template(request: HttpRequest) -> HttpResponse:
    """The import's columns with the figures entered so far in the user's scope (an empty sheet when none)."""
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    names = ("area_code", "year", "total", "aged_60_plus", "aged_65_plus", "aged_0_17", "source")
    columns = [Column(_("区划名称"))] + [Column(LABELS[name], text=name == "area_code") for name in names]
    rows = [[r.area.name, r.area_id, r.year, r.total, r.aged_60_plus, r.aged_65_plus, r.aged_0_17, r.source]
            for r in selectors.resident_population_list(scope=scope)]
    out = io.BytesIO()
    xlsx_write(out, sheets=[SheetOut(name=_("常住人口"), columns=columns, rows=rows)])
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument."
                                                         "spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''population.xlsx"
    return response
