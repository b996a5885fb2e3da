"""The workforce pages: posts and holders with coverage figures, the vacancy list, a post's history.
Outside the scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.core.errors import Conflict
from guanai.core.forms import error_text, form_add_errors
from guanai.workforce import selectors, services
from guanai.workforce.forms import EndForm, PostForm, TenureForm
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
    tenure = selectors.tenure_list(scope=scope).filter(pk=pk).first()
    if tenure is None:
        raise Http404
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
