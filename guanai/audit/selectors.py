from django.db.models import QuerySet

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.audit.models import AccessLog, Event


def access_log_list(*, scope: Scope, action: str | None = None, username: str | None = None,
                    object_id: str | None = None) -> QuerySet[AccessLog]:
    rows = scoped_by_code(AccessLog.objects.select_related("user"), scope=scope)
    if action:
        rows = rows.filter(action=action)
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
