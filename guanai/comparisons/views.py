"""Pages of 数据比对: upload a department's file (and map its headers once), the run with its
unmatched rows and what changed since the last run, and the clerk's worklist of flags decided one by
one or in bulk. Thin: parse, call one service or selector, render."""

import tempfile
from pathlib import Path

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
from guanai.comparisons import reading, selectors, services
from guanai.comparisons.forms import MappingForm, RunForm
from guanai.comparisons.models import FlagStatus, Source
from guanai.core.forms import error_text

PAGE_SIZE = 50


def _label_facts(flags) -> None:
    """The department's facts under our column names (死亡日期: 2026-10-15), for the worklist."""
    for flag in flags:
        flag.facts_display = [(reading.FIELD_LABELS.get(k, k), v) for k, v in flag.facts.items()]


def _saved_upload(upload) -> Path:
    path = Path(tempfile.mkdtemp()) / Path(upload.name).name
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.COMPARISONS_RUN)
    form = RunForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source, upload = form.cleaned_data["source"], form.cleaned_data["file"]
        path = _saved_upload(upload)
        try:
            run = services.comparison_run(actor=request.user, scope=scope, source=source, path=path,
                                          filename=upload.name)
        except reading.FileError as error:
            request.session["comparison_upload"] = {"path": str(path), "name": upload.name, "source": source}
            messages.error(request, str(error))
            return redirect("comparisons:mapping")
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return redirect("comparisons:run", pk=run.pk)
    runs = Paginator(selectors.run_list(scope=scope), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "comparisons/index.html", {"form": form, "page": runs})


@login_required
def mapping(request: HttpRequest) -> HttpResponse:
    """The department's headers, once: which column holds the ID number, the date, the amount..."""
    scope = current_scope(request, capability=Capability.COMPARISONS_RUN)
    upload = request.session.get("comparison_upload")
    if not upload or upload.get("source") not in Source.values or not Path(upload["path"]).exists():
        return redirect("comparisons:index")
    source = upload["source"]
    remembered = selectors.mapping_get(source=source, area_code=scope.prefix)
    try:
        headers = reading.headers_of(Path(upload["path"]), source=source, mapping=remembered, filename=upload["name"])
    except reading.FileError:
        headers = []
    fields = [(f, reading.FIELD_LABELS[f]) for f in reading.fields_for(source)]
    form = MappingForm(request.POST or None, headers=headers, fields=fields, initial_map=remembered)
    if request.method == "POST" and form.is_valid():
        services.mapping_save(actor=request.user, scope=scope, source=source, mapping=form.mapping())
        try:
            run = services.comparison_run(actor=request.user, scope=scope, source=source, path=Path(upload["path"]),
                                          filename=upload["name"])
        except (reading.FileError, ValidationError) as error:
            messages.error(request, str(error) if isinstance(error, reading.FileError) else error_text(error))
        else:
            request.session.pop("comparison_upload", None)
            return redirect("comparisons:run", pk=run.pk)
    return render(request, "comparisons/mapping.html", {"form": form, "upload": upload, "headers": headers})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.COMPARISONS_RUN)
    run = selectors.run_get(scope=scope, pk=pk)
    unmatched = Paginator(selectors.unmatched_rows(run=run), PAGE_SIZE).get_page(request.GET.get("page"))
    flags = list(selectors.flag_list(scope=scope, run_id=run.pk)[:PAGE_SIZE])
    _label_facts(flags)
    return render(request, "comparisons/run.html", {"run": run, "unmatched": unmatched, "flags": flags})


@login_required
def flags(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.COMPARISONS_RUN)
    status = request.GET.get("status", FlagStatus.OPEN)
    if status not in FlagStatus.values:
        status = FlagStatus.OPEN
    page = Paginator(selectors.flag_list(scope=scope, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    _label_facts(page)
    return render(request, "comparisons/flags.html", {"page": page, "status": status, "statuses": FlagStatus.choices})


@login_required
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    """Accept or reject the ticked flags (one or many); each decision is logged by the service."""
    scope = current_scope(request, capability=Capability.COMPARISONS_RUN)
    ids = [int(v) for v in request.POST.getlist("flag") if v.isdigit()]
    accept = request.POST.get("action") == "accept"
    if not ids:
        messages.error(request, _("请先勾选要处理的提示 / tick the flags first"))
        return redirect("comparisons:flags")
    result = services.flags_decide(actor=request.user, scope=scope, flag_ids=ids, accept=accept,
                                   note=request.POST.get("note", ""))
    messages.success(request, _("已处理 %(n)d 条 / %(n)d decided") % {"n": result["done"]})
    for pk, reason in result["failed"].items():
        messages.error(request, _("第 %(pk)d 条未能处理：%(reason)s") % {"pk": pk, "reason": reason})
    return redirect("comparisons:flags")
