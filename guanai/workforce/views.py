"""The workforce pages: posts and holders with coverage figures, the vacancy list, a post's history.
Outside the scope is a 404."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.errors import Conflict
from guanai.core.forms import error_text, form_add_errors
from guanai.sheets.reading import SheetError
from guanai.workforce import exports, imports, selectors, services
from guanai.workforce.forms import EndForm, ImportForm, PostForm, TenureForm
from guanai.workforce.models import PostKind
from guanai.workforce.schemas import PostIn, TenureIn

VIEW, EDIT = Capability.FACILITIES_VIEW, Capability.FACILITIES_EDIT


@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    today = timezone.localdate()
    kind = request.GET.get("kind") or None
    posts = list(selectors.post_list(scope=scope, kind=kind, on=today)[:500])
    held = selectors.holders_on(scope=scope, on=today)
    form = PostForm(request.POST or None, initial={"area_code": scope.prefix, "established_on": today})
    if request.method == "POST":
        scope = current_scope(request, capability=EDIT)
        if form.is_valid():
            try:
                post = services.post_create(actor=request.user, scope=scope, data=PostIn(**form.cleaned_data))
            except (ValidationError, SchemaError) as error:
                form_add_errors(form, error)
            else:
                return redirect("workforce:detail", pk=post.pk)
    return render(request, "workforce/post_list.html", {
        "rows": [(p, held.get(p.pk)) for p in posts], "kinds": PostKind.choices, "kind": kind,
        "coverage": selectors.coverage(scope=scope, on=today),
        "turnover": selectors.turnover(scope=scope, year=today.year, on=today), "year": today.year,
        "form": form, "can_edit": request.user.can(EDIT)})


@login_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    found = selectors.vacancies(scope=scope, on=timezone.localdate())
    return render(request, "workforce/vacancy_list.html", {
        "overdue": [v for v in found if v.overdue], "recent": [v for v in found if not v.overdue]})


@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=VIEW)
    post = selectors.post_get(scope=scope, pk=pk)
    tenures = selectors.tenure_list(scope=scope, post=post)
    current = next((t for t in tenures if t.ended_on is None), None)
    form = TenureForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST":
        scope = current_scope(request, capability=EDIT)
        if form.is_valid():
            try:
                services.holder_appoint(actor=request.user, scope=scope, post=post, data=TenureIn(**form.cleaned_data))
            except (ValidationError, SchemaError) as error:
                form_add_errors(form, error)
            except Conflict as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("已登记任职"))
                return redirect("workforce:detail", pk=post.pk)
    return render(request, "workforce/post_detail.html", {
        "post": post, "tenures": tenures, "current": current, "form": form,
        "end_form": EndForm(initial={"ended_on": timezone.localdate()}), "can_edit": request.user.can(EDIT)})


@login_required
@require_POST
def tenure_end(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=EDIT)
    tenure = selectors.tenure_get(scope=scope, pk=pk)
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        services.holder_end(actor=request.user, scope=scope, tenure=tenure, **form.cleaned_data)
    except (ValidationError, Conflict) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("已办理离任"))
    return redirect("workforce:detail", pk=tenure.post_id)


@login_required
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload a roster of posts and holders; every bad cell is listed and nothing is written."""
    scope = current_scope(request, capability=EDIT)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read = imports.holder_rows_read(upload, filename=upload.name)
            errors = [str(e) for e in read.errors] + services.workforce_rows_check(scope=scope, rows=read.rows,
                                                                                  where=read.where)
            if not errors:
                result = services.workforce_import(actor=request.user, scope=scope, rows=read.rows, where=read.where)
                done = _("导入完成：新设岗位%(p)s个，任职%(a)s人，更新%(u)s人，更换%(r)s人，未变%(n)s人")
                messages.success(request, done % {"p": result.posts_created, "a": result.appointed,
                                                  "u": result.updated, "r": result.replaced, "n": result.unchanged})
                return redirect("workforce:list")
        except SheetError as error:
            errors = [str(error)]
        except ValidationError as error:
            errors = list(error.messages)
    return render(request, "workforce/import.html", {"form": form, "errors": errors,
                                                     "headers": list(imports.LABELS.values())})


@login_required
def roster_export(request: HttpRequest) -> HttpResponse:
    """The posts and their holders today, in the import's columns (phones: logged as an export)."""
    scope = current_scope(request, capability=VIEW)
    today = timezone.localdate()
    access_log_write(user=request.user, action=AccessAction.EXPORT, object_type="post", area_code=scope.prefix,
                     reason="workforce_roster", ip_address=client_ip(request))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exports.roster_xlsx(spool, posts=list(selectors.post_list(scope=scope, on=today)),
                        holders=selectors.holders_on(scope=scope, on=today), on=today)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename="工作队伍名册.xlsx")
