"""Files the figures pages hand out: any table as .xlsx, the records behind a figure as .xlsx (access
logged), the annual report and reply as .docx, the statistical forms as .xlsx; and the page where a
bureau picks them and uploads its own Word template."""

import io
import re

import xlsxwriter
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.roles import Capability
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.forms import form_add_errors
from guanai.reports import selectors, services
from guanai.reports.documents import PLACEHOLDERS, Letter, default_template, document_render, template_for
from guanai.reports.figures import report_figures
from guanai.reports.models import TemplateKind
from guanai.reports.periods import year_period
from guanai.reports.statforms import forms_workbook
from guanai.reports.templatetags.figures import change_text, figure_text, last_year_text
from guanai.reports.views import figures_scope, may_list, period_choices, period_of

EXPORT_ROWS = 100_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, name: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(re.sub(r"[\\/:*?\"<>|]", "_", name))


def _sheet(title: str, headers: list[str], rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(title[:31])
    sheet.write_row(0, 0, headers, book.add_format({"bold": True}))
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.set_column(0, len(headers), 14)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


@login_required
def table_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator's sub-area table (the drill-down page's table) with last year's figures."""
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    period = period_of(request)
    found = selectors.indicator_get(code=code)
    table = selectors.sub_area_figures(area=area, period=period, indicators=[found])
    total = selectors.figures(area_code=area.code if area else "", period=period, indicators=[found])[0]
    headers = [_("区划代码"), _("区划名称"), f"{found.name} {period.label}", period.last_year().label, _("同比")]
    rows = [[child.code, child.name, figure_text(f), last_year_text(f), change_text(f)] for child, [f] in table]
    rows.append([area.code if area else "", _("合计"), figure_text(total), last_year_text(total), change_text(total)])
    name = f"{found.name}_{area.name if area else ''}_{period.key}.xlsx"
    return _file(_sheet(found.name, headers, rows), name, XLSX)


@login_required
def records_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    period = period_of(request)
    found = selectors.indicator_get(code=code)
    measure, rows = selectors.records(scope=scope, indicator=found, period=period, area=area,
                                      denominator=request.GET.get("part") == "denominator")
    if not may_list(request.user, measure):
        raise PermissionDenied
    objects = list(rows[:EXPORT_ROWS])
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="indicator_records",
                     object_id=code, area_code=area.code if area else "", ip_address=client_ip(request),
                     detail={"period": period.key, "rows": len(objects)})
    content = _sheet(found.name, [str(c.header) for c in measure.columns],
                     [[c.value(o) for c in measure.columns] for o in objects])
    return _file(content, f"{found.name}_名单_{area.name if area else ''}_{period.key}.xlsx", XLSX)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("报告类型"), choices=TemplateKind.choices)
    file = forms.FileField(label=gettext_lazy("Word 模板(.docx)"))


class ReplyForm(forms.Form):
    proposer = forms.CharField(label=gettext_lazy("提案人"), max_length=60, required=False)
    title = forms.CharField(label=gettext_lazy("提案标题"), max_length=200, required=False)
    number = forms.CharField(label=gettext_lazy("提案号"), max_length=20, required=False)


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if area is None or not request.user.can(Capability.BENEFITS_APPROVE):
            raise PermissionDenied  # a bureau's own template: county staff of the area
        upload = form.cleaned_data["file"]
        try:
            services.report_template_upload(actor=request.user, kind=form.cleaned_data["kind"], area_code=area.code,
                                            name=upload.name, content=upload.read())
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("模板已上传，以后生成的报告使用此模板"))
            return redirect(request.get_full_path())
    period = period_of(request)
    return render(request, "reports/documents.html", {
        "area": area, "form": form, "reply": ReplyForm(), "periods": period_choices(period), "period": period,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "freshness": selectors.freshness(), "may_upload": request.user.can(Capability.BENEFITS_APPROVE),
        "placeholders": PLACEHOLDERS, "indicators": selectors.indicator_list()})


def _year(request: HttpRequest) -> int:
    try:
        return year_period(int(request.GET.get("year", ""))).start.year
    except ValueError:
        return timezone.localdate().year


@login_required
def report_docx(request: HttpRequest, kind: str) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    if area is None or kind not in TemplateKind.values:
        raise PermissionDenied
    year, today = _year(request), timezone.localdate()
    letter = None
    if kind == TemplateKind.REPLY:
        reply = ReplyForm(request.GET)
        reply.is_valid()
        letter = Letter(**{k: v for k, v in (("proposer", reply.cleaned_data.get("proposer")),
                                             ("proposal_title", reply.cleaned_data.get("title")),
                                             ("proposal_no", reply.cleaned_data.get("number"))) if v})
    content = document_render(template=template_for(kind=kind, area_code=area.code),
                              figures=report_figures(area=area, year=year, today=today), today=today, letter=letter)
    label = TemplateKind(kind).label
    return _file(content, f"{area.name}{year}年{label}.docx", DOCX)


@login_required
def template_default(request: HttpRequest, kind: str) -> HttpResponse:
    figures_scope(request)
    if kind not in TemplateKind.values:
        raise PermissionDenied
    return _file(default_template(kind), f"{TemplateKind(kind).label}模板.docx", DOCX)


@login_required
def forms_xlsx(request: HttpRequest) -> HttpResponse:
    scope = figures_scope(request)
    area = selectors.area_in_scope(scope=scope, code=request.GET.get("area"))
    if area is None:
        raise PermissionDenied
    period = period_of(request)
    return _file(forms_workbook(area=area, period=period), f"{area.name}统计报表_{period.key}.xlsx", XLSX)
