"""The figures pages: a dashboard per role and scope, the drill-down of one indicator through the
sub-areas to the records counted, table exports, and the Word and Excel reports. Thin views: read
the store through selectors, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.areas.models import Area
from guanai.core.forms import form_add_errors
from guanai.reports import selectors, services
from guanai.reports.dashboards import SECTIONS, dashboard_for
from guanai.reports.forms import IndicatorForm
from guanai.reports.models import Indicator, Unit
from guanai.reports.periods import Period, PeriodError, month_period, period_parse, quarter_period, year_period

RECORDS_PER_PAGE = 50
RECORD_CAPABILITY = {"payment": Capability.BENEFITS_VIEW, "facility": Capability.FACILITIES_VIEW,
                     "facility_payout": Capability.FACILITIES_VIEW, "area": Capability.FIGURES_VIEW,
                     "tenure": Capability.FACILITIES_VIEW}  # workforce pages ask for FACILITIES_VIEW
# other kinds (people, visits, cases): PEOPLE_VIEW


def figures_scope(request: HttpRequest):
    return current_scope(request, capability=Capability.FIGURES_VIEW)


def period_of(request: HttpRequest) -> Period:
    try:
        return period_parse(request.GET.get("period", ""))
    except PeriodError:
        return month_period(timezone.localdate())


def _query(area: Area | None, period: Period, **extra) -> str:
    params = {"period": period.key} | ({"area": area.code} if area else {}) | extra
    return "?" + urlencode(params)


def indicator_url(code: str, area: Area | None, period: Period) -> str:
    return reverse("reports:indicator", args=[code]) + _query(area, period)


def dashboard_url(area: Area | None, period: Period) -> str:
    return reverse("reports:dashboard") + _query(area, period)


def period_choices(period: Period) -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's groups: this year's months and quarters, and the last five years."""
    today = timezone.localdate()
    year = period.start.year
    months = [month_period(datetime.date(year, m, 1)) for m in range(12, 0, -1) if datetime.date(year, m, 1) <= today]
    quarters = [quarter_period(year, q) for q in range(4, 0, -1) if quarter_period(year, q).start <= today]
    years = [year_period(y) for y in range(today.year, today.year - 6, -1)]
    return [(_("年度"), [(p.key, p.label) for p in years]), (_("季度"), [(p.key, p.label) for p in quarters]),
            (_("月份"), [(p.key, p.label) for p in months])]


def _page_context(request: HttpRequest, scope, area: Area | None, period: Period) -> dict:
    children = list(selectors.area_children(code=area.code if area else None).order_by("code"))
    return {"area": area, "period": period, "path": selectors.path_of(area, scope=scope),
            "children": children, "periods": period_choices(period), "freshness": selectors.freshness(),
            "last_year": period.last_year()}


def _bar_chart(indicator: Indicator, rows, *, url_of) -> dict:
    return {"name": indicator.name, "unit": indicator.unit, "labels": [a.short_name or a.name for a, _f in rows],
            "values": [_chart_value(f) for _a, f in rows], "urls": [url_of(a) for a, _f in rows]}


def _chart_value(figure) -> float | int:
    if figure.indicator.unit == Unit.RATIO:
        return round(100 * figure.numerator / figure.denominator, 1) if figure.denominator else 0
    if figure.indicator.unit == Unit.FEN:
        return figure.numerator // 100  # whole yuan for the bar's length; the label shows the exact figure
    return figure.numerator


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    period = period_of(request)
    board = dashboard_for(request.user.role)
    indicators = {i.code: i for i in selectors.indicator_list()}
    chosen = indicators.get(request.GET.get("chart", ""), indicators.get(board.chart))
    code = area.code if area else ""
    shown = [i for i in indicators.values() if i.section in board.sections]
    figures = {f.indicator.code: f for f in selectors.figures(area_code=code, period=period, indicators=shown)}
    sections = [(SECTIONS[s], [(figures[i.code], indicator_url(i.code, area, period)) for i in shown if i.section == s])
                for s in board.sections]
    columns = [indicators[c] for c in board.table if c in indicators]
    table = selectors.sub_area_figures(area=area, period=period, indicators=[chosen, *columns])
    context = _page_context(request, scope, area, period) | {
        "sections": sections, "chosen": chosen, "chart_choices": shown, "columns": columns,
        "table": [(child, dashboard_url(child, period), [(f, indicator_url(f.indicator.code, child, period))
                                                         for f in row[1:]]) for child, row in table],
        "bars": _bar_chart(chosen, [(child, row[0]) for child, row in table],
                           url_of=lambda a: dashboard_url(a, period) + "&" + urlencode({"chart": chosen.code})),
        "trend": _trend(chosen, code, period, area),
        "people": _people_chart(figures, shown, area, period),
    }
    return render(request, "reports/dashboard.html", context)


def _trend(indicator: Indicator, code: str, period: Period, area: Area | None) -> dict:
    months = selectors.trend_months(period=period)
    rows = selectors.trend(area_code=code, indicator=indicator, months=months)
    return {"name": indicator.name, "unit": indicator.unit, "labels": [m.key for m in months],
            "values": [_chart_value(f) for f in rows],
            "urls": [dashboard_url(area, m) + "&" + urlencode({"chart": indicator.code}) for m in months]}


def _people_chart(figures: dict, shown: list[Indicator], area: Area | None, period: Period) -> dict:
    people = [i for i in shown if i.section in ("elderly", "children") and i.unit == Unit.PEOPLE]
    return {"name": _("服务对象"), "unit": Unit.PEOPLE, "labels": [i.name for i in people],
            "values": [figures[i.code].numerator for i in people],
            "urls": [indicator_url(i.code, area, period) for i in people]}


@login_required
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    period = period_of(request)
    found = selectors.indicator_get(code=code)
    figure = selectors.figures(area_code=area.code if area else "", period=period, indicators=[found])[0]
    table = [(child, row[0]) for child, row in selectors.sub_area_figures(area=area, period=period, indicators=[found])]
    context = _page_context(request, scope, area, period) | {
        "indicator": found, "figure": figure, "versions": selectors.indicator_versions(code=code)[:5],
        "can_edit": request.user.can(Capability.INDICATORS_EDIT),
        "table": [(child, f, indicator_url(code, child, period)) for child, f in table],
        "bars": _bar_chart(found, table, url_of=lambda a: indicator_url(code, a, period)),
        "up": _up_url(code, area, scope, period),
        "records": _records_preview(request, scope, found, period, area),
        "records_url": reverse("reports:records", args=[code]) + _query(area, period),
        "denominator_url": (reverse("reports:records", args=[code]) + _query(area, period, part="denominator")
                            if found.denominator_measure else ""),
    }
    return render(request, "reports/indicator.html", context)


def _up_url(code: str, area: Area | None, scope, period: Period) -> str:
    if area is None or area.code == scope.prefix:
        return ""
    return indicator_url(code, selectors.area_in_scope(scope=scope, code=area.parent_id or None), period)


def may_list(user, measure) -> bool:
    return user.can(RECORD_CAPABILITY.get(measure.record_kind, Capability.PEOPLE_VIEW))


def _records_preview(request, scope, found: Indicator, period: Period, area: Area | None) -> dict | None:
    measure, rows = selectors.records(scope=scope, indicator=found, period=period, area=area)
    if not may_list(request.user, measure):
        return None
    first = list(rows[:20])
    return {"headers": [str(c.header) for c in measure.columns], "rows": _rows(measure, first),
            "more": len(first) == 20}


def _rows(measure, objects) -> list[tuple[str, list]]:
    return [(_record_url(measure.record_kind, o), [c.value(o) for c in measure.columns]) for o in objects]


def _record_url(kind: str, obj) -> str:
    person_id = {"person": "pk", "followup": "person_id", "visit": "person_id", "payment": "person_id"}.get(kind)
    if person_id:
        return reverse("people:detail", args=[getattr(obj, person_id)])
    if kind == "tenure":
        return reverse("workforce:detail", args=[obj.post_id])
    facility_id = {"facility": "pk", "facility_payout": "facility_id"}.get(kind)
    return reverse("facilities:detail", args=[getattr(obj, facility_id)]) if facility_id else ""


@login_required
def records(request: HttpRequest, code: str) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    period = period_of(request)
    found = selectors.indicator_get(code=code)
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    measure, rows = selectors.records(scope=scope, indicator=found, period=period, area=area,
                                      denominator=part == "denominator")
    if not may_list(request.user, measure):
        raise PermissionDenied
    page = Paginator(rows, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    context = _page_context(request, scope, area, period) | {
        "indicator": found, "part": part, "measure": measure, "page": page,
        "headers": [str(c.header) for c in measure.columns], "rows": _rows(measure, page.object_list),
        "back_url": indicator_url(code, area, period),
        "export_url": reverse("reports:records_xlsx", args=[code]) + _query(area, period, part=part),
        "query": _query(area, period, part=part)}
    return render(request, "reports/records.html", context)



@login_required
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit a definition: saving makes a new version (the old one stays in the history) and queues the
    recount of its values with the new definition."""
    current_scope(request, capability=Capability.INDICATORS_EDIT)
    found = selectors.indicator_get(code=code)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_version_create(actor=request.user, code=code, **form.changes())
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已保存为第%(v)s版；统计数据将按新口径重新计算。") % {"v": saved.version})
            return redirect(reverse("reports:indicator", args=[code]))
    return render(request, "reports/indicator_edit.html", {
        "indicator": found, "form": form, "versions": selectors.indicator_versions(code=code)})
