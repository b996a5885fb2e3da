"""The access log and the event log as pages, for roles that may audit (auditors, administrators)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guanai.accounts.roles import Capability
from guanai.accounts.working_area import current_scope
from guanai.audit.models import AccessAction, AccessPurpose
from guanai.audit.selectors import access_log_list, event_list, unmaskers_top

PAGE_SIZE = 50
TOP_DAYS = 90  # the "who saw most whole numbers" table looks this far back


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.AUDIT_VIEW)
    action = request.GET.get("action", "")
    who = request.GET.get("user", "").strip()
    target = request.GET.get("object", "").strip()
    purpose = request.GET.get("purpose", "")
    rows = access_log_list(scope=scope, action=action or None, username=who or None, object_id=target or None,
                           purpose=purpose if purpose in AccessPurpose.values else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    top = unmaskers_top(scope=scope, since=timezone.now() - datetime.timedelta(days=TOP_DAYS))
    return render(request, "audit/access_log.html", {
        "page_obj": page, "actions": AccessAction.choices, "action": action, "who": who, "target": target,
        "purposes": AccessPurpose.choices, "purpose": purpose, "top": top, "top_days": TOP_DAYS})


@login_required
def events(request: HttpRequest) -> HttpResponse:
    scope = current_scope(request, capability=Capability.AUDIT_VIEW)
    verb = request.GET.get("verb", "").strip()
    page = Paginator(event_list(scope=scope, verb=verb or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/events.html", {"page_obj": page, "verb": verb})
