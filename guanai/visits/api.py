"""/api/v1/visits/: due lists, visits, device signals, alerts and the monthly visit rate, with the same
scoping as the pages (the token's user scope; outside it everything is a 404)."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from guanai.accounts.roles import Capability
from guanai.accounts.scoping import Scope
from guanai.accounts.working_area import current_scope
from guanai.areas.models import Area
from guanai.core.params import limit_param
from guanai.people.selectors import person_get
from guanai.visits import monitoring, selectors, services
from guanai.visits.rules import month_bounds
from guanai.visits.schemas import (
    AlertAnswerIn,
    AlertOut,
    DeviceSignalIn,
    DueOut,
    RateOut,
    SignalOut,
    VisitCorrectIn,
    VisitCreateIn,
    VisitOut,
)

router = Router(tags=["visits"])
MAX_ROWS = 500
DueLimit = limit_param(default=100, maximum=MAX_ROWS)


@router.get("/due", response=list[DueOut])
def due(request: HttpRequest, when: str = "today", limit: DueLimit = 100):
    """Who is due by the end of today / this week / this month (overdue included)."""
    if when not in selectors.WHEN_CHOICES:
        raise ValidationError({"when": "应为 today、week 或 month / when: today | week | month"})
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    rows = selectors.due_list(scope=scope, on=timezone.localdate(), when=when,
                              worker=selectors.worker_limit(request.user))
    return list(rows[:limit])


@router.post("/records", response={201: VisitOut})
def visit_create(request: HttpRequest, payload: VisitCreateIn):
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    person = person_get(scope=scope, pk=payload.person_id)
    visit = services.visit_record(actor=request.user, scope=scope, person=person, data=payload)
    return Status(201, selectors.visit_get(scope=scope, pk=visit.pk))


@router.get("/records/{visit_id}", response=VisitOut)
def visit_detail(request: HttpRequest, visit_id: int):
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    return selectors.visit_get(scope=scope, pk=visit_id, worker=selectors.worker_limit(request.user))


@router.post("/records/{visit_id}/corrections", response={201: VisitOut})
def visit_correct(request: HttpRequest, visit_id: int, payload: VisitCorrectIn):
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    visit = selectors.visit_get(scope=scope, pk=visit_id, worker=selectors.worker_limit(request.user))
    new = services.visit_correct(actor=request.user, scope=scope, visit=visit, data=payload)
    return Status(201, selectors.visit_get(scope=scope, pk=new.pk))


@router.post("/devices/signals", response={200: SignalOut, 201: SignalOut})
def device_signal(request: HttpRequest, payload: DeviceSignalIn):
    """A monitoring platform posts one device signal; 201 when it raised a new alert."""
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    result = monitoring.device_signal_receive(actor=request.user, scope=scope, data=payload)
    body = {"signal_id": result.signal.pk, "alert": result.alert, "alert_created": result.alert_created}
    return Status(201 if result.alert_created else 200, body)


@router.get("/alerts", response=list[AlertOut])
def alerts(request: HttpRequest, status: str = "open"):
    scope = current_scope(request, capability=Capability.PEOPLE_VIEW)
    rows = selectors.alert_list(scope=scope, open_only=status == "open", worker=selectors.worker_limit(request.user))
    return list(rows[:MAX_ROWS])


@router.post("/alerts/{alert_id}/answer", response=AlertOut)
def alert_answer(request: HttpRequest, alert_id: int, payload: AlertAnswerIn):
    scope = current_scope(request, capability=Capability.VISITS_RECORD)
    alert = selectors.alert_get(scope=scope, pk=alert_id)
    return monitoring.alert_answer(actor=request.user, scope=scope, alert=alert, method=payload.method,
                                   note=payload.note)


@router.get("/rates", response=list[RateOut])
def rates(request: HttpRequest, month: str | None = None, area: str | None = None):
    """The month's visit rate per area one level below `area` (default: the user's area)."""
    scope = current_scope(request, capability=Capability.FIGURES_VIEW)
    if area is not None:
        if not scope.contains(area) and not scope.is_everything:
            raise Http404
        scope = Scope(area)
    try:
        first = month_bounds(datetime.datetime.strptime(month, "%Y-%m").date() if month  # noqa: DTZ007
                             else timezone.localdate())[0]
    except ValueError:
        raise ValidationError({"month": "月份格式应为 YYYY-MM / month: YYYY-MM"}) from None
    rows = selectors.visit_rates(scope=scope, month=first, on=timezone.localdate())
    names = dict(Area.objects.filter(code__in=[r.area_code for r in rows]).values_list("code", "name"))
    return [{"area_code": r.area_code, "area_name": names.get(r.area_code, r.area_name), "month": r.month,
             "elders": r.elders, "elders_visited": r.elders_visited, "elder_rate": r.elder_rate,
             "children": r.children, "children_visited": r.children_visited, "child_rate": r.child_rate,
             "overdue": r.overdue} for r in rows]
