from django.db.models import QuerySet

from guanai.accounts.scoping import Scope, scoped_by_code
from guanai.audit.models import AccessLog, Event


def access_log_list(*, scope: Scope) -> QuerySet[AccessLog]:
    return scoped_by_code(AccessLog.objects.select_related("user"), scope=scope)


def event_list(*, scope: Scope) -> QuerySet[Event]:
    return scoped_by_code(Event.objects.select_related("actor"), scope=scope)
