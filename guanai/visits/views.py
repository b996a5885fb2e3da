"""The visit pages: parse, call one selector or service, render. Outside the scope everything is a
404, so a URL never tells whether a person or a visit exists elsewhere. Pages are small (no images, one
stylesheet, 30 rows a page) for a slow rural connection."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, client_ip
from guanai.core.forms import form_add_errors
from guanai.people.selectors import person_get
from guanai.visits import monitoring, selectors, services
from guanai.visits.forms import (
    AlertAnswerForm,
    NeedCloseForm,
    ReferralForm,
    ReferralUpdateForm,
    VisitCorrectForm,
    VisitForm,
)

PAGE_SIZE = 30


def render_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """render() with what every visit page's tabs need."""
    context.setdefault("can_manage", request.user.can(Capability.VISITS_MANAGE))
    return render(request, template, context)


def _when(request: HttpRequest) -> str:
    when = request.GET.get("when", "today")
    return when if when in selectors.WHEN_CHOICES else "today"


@login_required
def due(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    today, when = timezone.localdate(), _when(request)
    worker = selectors.worker_limit(request.user) or (request.user if request.GET.get("mine") else None)
    rows = selectors.due_list(scope=scope, on=today, when=when, worker=worker)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.due_counts(scope=scope, on=today, worker=worker)
    query = f"when={when}" + ("&mine=1" if request.GET.get("mine") else "")
    return render_page(request, "visits/due.html", {
        "page_obj": page, "counts": counts, "when": when, "today": today, "mine": bool(request.GET.get("mine")),
        "page_query": query, "can_record": request.user.can(Capability.VISITS_RECORD)})


@login_required
def visit_new(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    person = person_get(scope=scope, pk=person_id)
    followup = selectors.followup_get(scope=scope, person_id=person.pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(actor=request.user, scope=scope, person=person, data=form.to_schema())
        except (SchemaError, ValidationError) as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已保存 %(name)s 的探访记录") % {"name": person.name})
            target = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
                return redirect(target)
            return redirect("visits:detail", visit.pk)
    return render_page(request, "visits/visit_form.html", {"form": form, "person": person, "followup": followup,
                                                      "next": request.GET.get("next", "")})


def _visit(request: HttpRequest, pk: int, capability: str = Capability.PEOPLE_VIEW):
    scope = current_scope(request, capability=capability)
    return scope, selectors.visit_get(scope=scope, pk=pk, worker=selectors.worker_limit(request.user))


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope, visit = _visit(request, pk)
    access_log_write(user=request.user, action=AccessAction.VIEW, object_type="visit", object_id=visit.pk,
                     area_code=visit.area_id, ip_address=client_ip(request))
    return render_page(request, "visits/visit_detail.html", {
        "visit": visit, "versions": selectors.visit_versions(scope=scope, visit=visit),
        "needs": list(visit.needs.all()), "can_record": request.user.can(Capability.VISITS_RECORD)})


@login_required
def visit_correct(request: HttpRequest, pk: int) -> HttpResponse:
    scope, visit = _visit(request, pk, Capability.VISITS_RECORD)
    form = VisitCorrectForm(request.POST or None, initial=VisitCorrectForm.initial_from(visit))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.visit_correct(actor=request.user, scope=scope, visit=visit, data=form.to_schema())
        except (SchemaError, ValidationError) as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已保存更正（第 %(v)s 版）") % {"v": new.version})
            return redirect("visits:detail", new.pk)
    return render_page(request, "visits/visit_form.html", {"form": form, "person": visit.person, "correcting": visit})


@login_required
def visit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from guanai.visits.paper import visit_record_pdf  # reportlab loads only when a PDF is asked for

    scope, visit = _visit(request, pk)
    access_log_write(user=request.user, action=AccessAction.DOWNLOAD, object_type="visit", object_id=visit.pk,
                     area_code=visit.area_id, reason="visit record PDF", ip_address=client_ip(request))
    response = HttpResponse(visit_record_pdf(visit=visit, needs=list(visit.needs.all())),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="visit-{visit.pk}-v{visit.version}.pdf"'
    return response


@login_required
def person_visits(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    person = person_get(scope=scope, pk=person_id)
    worker = selectors.worker_limit(request.user)
    followup = selectors.followup_get(scope=scope, person_id=person.pk)
    if worker is not None and (followup is None or followup.worker_id != worker.pk):
        raise selectors.VisitNotFound
    visits = Paginator(selectors.visit_list(scope=scope, person_id=person.pk), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render_page(request, "visits/person_visits.html", {
        "person": person, "followup": followup, "page_obj": visits, "page_query": "",
        "needs": list(selectors.need_list(scope=scope, person_id=person.pk, open_only=False)[:50]),
        "can_record": request.user.can(Capability.VISITS_RECORD)})


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    today = timezone.localdate()
    referrals = list(selectors.referral_list(scope=scope)[:200])
    return render_page(request, "visits/needs.html", {
        "urgent": list(selectors.urgent_needs(scope=scope)[:200]),
        "open_needs": list(selectors.need_list(scope=scope).filter(urgent=False)[:200]),
        "referrals": referrals, "today": today, "can_record": request.user.can(Capability.VISITS_RECORD)})


@login_required
def need_refer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    need = selectors.need_get(scope=scope, pk=pk)
    form = ReferralForm(request.POST or None)
    close_form = NeedCloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "close" and close_form.is_valid():
                services.need_close(actor=request.user, scope=scope, need=need,
                                    reason=close_form.cleaned_data["reason"])
                return redirect("visits:needs")
            if request.POST.get("action") != "close" and form.is_valid():
                services.need_refer(actor=request.user, scope=scope, need=need, **form.cleaned_data)
                messages.success(request, _("已转介"))
                return redirect("visits:needs")
        except ValidationError as error:
            form_add_errors(close_form if request.POST.get("action") == "close" else form, error)
    return render_page(request, "visits/need_refer.html", {"need": need, "form": form, "close_form": close_form})


@login_required
def referral_update(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    referral = selectors.referral_get(scope=scope, pk=pk)
    form = ReferralUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(actor=request.user, scope=scope, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已更新转介状态"))
            return redirect("visits:needs")
    return render_page(request, "visits/referral_update.html", {"referral": referral, "form": form})


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    worker = selectors.worker_limit(request.user)
    return render_page(request, "visits/alerts.html", {
        "open": list(selectors.alert_list(scope=scope, worker=worker)[:200]),
        "recent": list(selectors.alert_list(scope=scope, open_only=False, worker=worker).exclude(
            status="open").order_by("-answered_at")[:30]),
        "now": timezone.now(), "can_record": request.user.can(Capability.VISITS_RECORD)})


@login_required
def alert_answer(request: HttpRequest, pk: int) -> HttpResponse:
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    alert = selectors.alert_get(scope=scope, pk=pk)
    form = AlertAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.alert_answer(actor=request.user, scope=scope, alert=alert, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("已记录预警响应"))
            return redirect("visits:alerts")
    return render_page(request, "visits/alert_answer.html", {"alert": alert, "form": form})


def month_param(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("month", "")
    try:
        return datetime.datetime.strptime(raw, "%Y-%m").date()  # noqa: DTZ007 - a month, not an instant
    except ValueError:
        return timezone.localdate().replace(day=1)
