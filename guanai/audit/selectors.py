import datetime

from django.db.models import Count, QuerySet

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.audit.models import AccessLog, Event


def access_log_list(*, scope: Scope, action: str | None = None, username: str | None = None,
                    object_id: str | None = None, purpose: str | None = None) -> QuerySet[AccessLog]:
    rows = scoped_by_code(AccessLog.objects.select_related("user"), scope=scope)
    if action:
        rows = rows.filter(action=action)
    if purpose:
        rows = rows.filter(purpose=purpose)
    if username:
        rows = rows.filter(user__username=username)
    if object_id:
        rows = rows.filter(object_id=object_id)
    return rows.order_by("-at", "-pk")


def event_list(*, scope: Scope, verb: str | None = None) -> QuerySet[Event]:
    rows = scoped_by_code(Event.objects.select_related("actor"), scope=scope)
    if verb:
        rows = rows.filter(verb=verb)
    return rows.order_by("-at", "-pk")


def unmaskers_top(*, scope: Scope, since: datetime.datetime, limit: int = 10) -> list[dict]:
    """Who saw most whole ID numbers (reveals, exports with whole numbers, broken glass: every access
    row that carries a purpose) since a moment: {"user__username", "user__full_name", "n"}, most first."""
    rows = scoped_by_code(AccessLog.objects.filter(at__gte=since).exclude(purpose=""), scope=scope)
    return list(rows.values("user__username", "user__full_name").annotate(n=Count("id")).order_by("-n")[:limit])
