"""Pages for moving people in and out: upload a sheet, map unknown headers, watch the progress (htmx
polling), download the error report, the import template and the export. Thin: each parses, calls one
service or selector, renders."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.forms import error_text
from guanai.exchange import selectors, services
from guanai.exchange.models import ImportStatus
from guanai.people.choices import CATEGORY_HINTS, PERSON_CHOICES
from guanai.people.exports import export_filename, people_export, people_template
from guanai.people.headers import CANONICAL_HEADER, IGNORE
from guanai.people.importrows import PROBLEM_KINDS
from guanai.people.schemas import PersonFilter, field_label
from guanai.people.services import choice_words_remember
from guanai.sheets.writing import XLSX_CONTENT_TYPE

POLL_SECONDS = 1


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("表格文件"), help_text=gettext_lazy(".xlsx、.xls、.ods 或 .csv"))
    dry_run = forms.BooleanField(label=gettext_lazy("只检查，不写入"), required=False)


def _field_choices() -> list[tuple[str, str]]:
    names = ["village", "township", *(n for n in CANONICAL_HEADER if n not in {"village", "township"})]
    return [(IGNORE, _("忽略该列")), *((name, f"{CANONICAL_HEADER[name]}（{field_label(name)}）") for name in names)]


class MappingForm(forms.Form):
    def __init__(self, *args, unknown: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for index, item in enumerate(u for u in unknown if u["letter"]):
            self.fields[f"h{index}"] = forms.ChoiceField(label=f"{item['letter']}列“{item['header']}”",
                                                         choices=_field_choices(), help_text=item["reason"])
            self.fields[f"h{index}"].header = item["header"]

    def mapping(self) -> dict[str, str]:
        return {self.fields[name].header: value for name, value in self.cleaned_data.items()}


class WordsForm(forms.Form):
    """For each word a finished import could not read in a choice column: what it means, if anything.
    Choices are "value:<choice value>", "hint:<category>", or "" (do not remember)."""

    def __init__(self, *args, groups: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.words: list[tuple[str, str]] = []
        for group in groups:
            choices = PERSON_CHOICES.get(group.get("field", ""))
            if group["code"] != "choice" or choices is None:
                continue
            hints = [(f"hint:{key}", _("类别线索：%(hint)s") % {"hint": text}) for key, text in CATEGORY_HINTS.items()]
            options = [("", _("不记住")), *((f"value:{v}", label) for v, label in choices.choices if v), *hints]
            for word in group.get("words", []):
                name = f"w{len(self.words)}"
                self.fields[name] = forms.ChoiceField(label=f"{group['header']}：“{word}”", choices=options,
                                                      required=False)
                self.words.append((group["field"], word))

    def chosen(self) -> list[tuple[str, str, str, str]]:
        """(field, word, value, hint) for each word given a meaning."""
        picked = []
        for index, (field_name, word) in enumerate(self.words):
            kind, _sep, meaning = self.cleaned_data.get(f"w{index}", "").partition(":")
            if meaning:
                picked.append((field_name, word, meaning if kind == "value" else "", meaning if kind == "hint" else ""))
        return picked


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_IMPORT)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(actor=request.user, scope=scope, upload=form.cleaned_data["file"],
                                             dry_run=form.cleaned_data["dry_run"])
        except ValidationError as error:
            form.add_error("file", error.message_dict.get("file", error.messages))
        else:
            return redirect("exchange:import_detail", pk=job.pk)
    return render(request, "exchange/import_start.html",
                  {"form": form, "jobs": selectors.import_job_list(scope=scope)})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(scope=current_scope(request, capability=None), pk=pk)
    template = "exchange/_import_progress.html" if request.headers.get("HX-Request") else "exchange/import_detail.html"
    groups = {outcome: [_group_shown(group) for group in job.problem_groups.get(outcome, [])]
              for outcome in ("refused", "warned")}
    words = WordsForm(groups=job.problem_groups.get("warned", [])) if request.user.can(
        Capability.PEOPLE_IMPORT) else None
    return render(request, template, {"job": job, "poll_seconds": POLL_SECONDS, "groups": groups,
                                      "words_form": words if words and words.words else None})


@login_required
@require_POST
def import_words(request: HttpRequest, pk: int) -> HttpResponse:
    """Remember what the unrecognised words of a finished import mean, and (if asked) import the same
    file again as a new job so that those rows get the values."""
    job = selectors.import_job_get(scope=current_scope(request, capability=Capability.PEOPLE_IMPORT), pk=pk)
    form = WordsForm(request.POST, groups=job.problem_groups.get("warned", []))
    if not form.is_valid():
        raise Http404(_("无效的选择"))
    saved = choice_words_remember(actor=request.user, words=form.chosen())
    messages.success(request, _("已记住 %(n)s 个写法，以后导入时会自动识别。") % {"n": len(saved)})
    if "rerun" in request.POST:
        rerun = services.import_job_rerun(actor=request.user, scope=current_scope(request, capability=None), job=job)
        return redirect("exchange:import_detail", pk=rerun.pk)
    return redirect("exchange:import_detail", pk=job.pk)


def _group_shown(group: dict) -> dict:
    """A group of alike problems in the reader's language: the kind's name, and of the example message
    (stored as "中文 / English") the reader's half."""
    halves = group["example"].rsplit(" / ", 1)
    example = halves[-1] if get_language() == "en" and len(halves) == 2 else halves[0]
    return {**group, "label": PROBLEM_KINDS.get(group["code"], _("其他问题")), "example": example,
            "more": group["count"] - len(group["rows"])}


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(scope=current_scope(request, capability=Capability.PEOPLE_IMPORT), pk=pk)
    if job.status != ImportStatus.NEEDS_MAPPING:
        return redirect("exchange:import_detail", pk=job.pk)
    form = MappingForm(request.POST or None, unknown=job.unknown_headers)
    if request.method == "POST" and form.is_valid():
        services.import_job_map(actor=request.user, job=job, mapping=form.mapping())
        messages.success(request, _("已确认表头，正在导入 / mapping saved, importing"))
        return redirect("exchange:import_detail", pk=job.pk)
    missing = [u for u in job.unknown_headers if not u["letter"]]
    return render(request, "exchange/import_mapping.html", {"job": job, "form": form, "missing": missing})


@login_required
@require_GET
def import_report(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.import_job_get(scope=current_scope(request, capability=None), pk=pk)
    if not job.error_report:
        raise Http404(_("没有错误报告 / no error report"))
    access_log_write(user=request.user, action=AccessAction.DOWNLOAD, object_type="import_job", object_id=str(job.pk),
                     area_code=job.area_code, detail={"file": "error_report", "rows": job.rejected},
                     ip_address=client_ip(request))
    return FileResponse(job.error_report.open("rb"), as_attachment=True, content_type=XLSX_CONTENT_TYPE,
                        filename=f"错误报告-{job.original_name.rsplit('.', 1)[0]}.xlsx")


@login_required
@require_GET
def people_template_download(request: HttpRequest) -> HttpResponse:
    current_scope(request, capability=Capability.PEOPLE_IMPORT)  # the check: the template holds no data
    buffer = io.BytesIO()
    people_template(buffer)
    return _attachment(buffer.getvalue(), XLSX_CONTENT_TYPE, export_filename("导入模板"))


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def people_export_download(request: HttpRequest) -> HttpResponse:
    """The people list's filters come as query parameters (PersonFilter). A role that may see whole ID
    numbers gets them when it gives a purpose (?purpose=, audit.AccessPurpose; ?purpose_text= for
    "other"), and masked numbers otherwise (the sheet round-trips either way, through its record key);
    ?unmasked=1 without a purpose is a 400 asking for one; any other role gets masked numbers, and 403
    if it asks ?unmasked=1."""
    scope = current_scope(request, capability=Capability.PEOPLE_EXPORT)
    wanted = {k: v for k, v in request.GET.items() if k in PersonFilter.model_fields and v}
    try:
        filters = PersonFilter(**wanted)
    except SchemaError as error:
        raise Http404(_("筛选条件无效 / invalid filters")) from error
    purpose = request.GET.get("purpose", "")
    wants_whole = request.user.can(Capability.ID_NUMBER_VIEW) and bool(purpose)
    unmasked = request.GET.get("unmasked", "1" if wants_whole else "0") == "1"
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    buffer = io.StringIO() if fmt == "csv" else io.BytesIO()
    try:
        people_export(buffer, actor=request.user, scope=scope, filters=filters, unmasked=unmasked, fmt=fmt,
                      ip_address=client_ip(request), purpose=purpose,
                      purpose_text=request.GET.get("purpose_text", ""))
    except ValidationError as error:  # whole ID numbers without a purpose
        return HttpResponse(error_text(error), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        return _attachment("\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8", export_filename("服务对象", "csv"))
    return _attachment(buffer.getvalue(), XLSX_CONTENT_TYPE, export_filename("服务对象"))
