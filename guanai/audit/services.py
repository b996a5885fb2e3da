"""Writing audit rows. Callers run these inside their own transaction so the row and the change
commit or roll back together."""

from collections.abc import Callable
from typing import Any

from guanai.audit.models import AccessLog, Event

# Apps above audit that follow what changes (reports refreshes its figures) register a listener here;
# it is called with each new Event inside the writer's transaction, so it should only note the event
# (e.g. with transaction.on_commit) and never fail the write.
_EVENT_LISTENERS: list[Callable[[Event], None]] = []


def event_listener_register(listener: Callable[[Event], None]) -> None:
    if listener not in _EVENT_LISTENERS:
        _EVENT_LISTENERS.append(listener)


def access_log_write(*, user, action: str, object_type: str, object_id: str = "", area_code: str = "",
                     reason: str = "", detail: dict[str, Any] | None = None, ip_address: str | None = None
                     ) -> AccessLog:
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None, action=action,
        object_type=object_type, object_id=str(object_id), area_code=area_code or "", reason=reason,
        detail=detail or {}, ip_address=ip_address,
    )


def access_logs_write_many(*, user, action: str, object_type: str, objects: list[tuple[object, str]],
                           detail: dict[str, Any] | None = None, ip_address: str | None = None) -> int:
    """One row per (object id, area code), in one insert: what a bulk reveal (an export with whole ID
    numbers) writes, so that each person's own access history shows it."""
    user = user if getattr(user, "is_authenticated", False) else None
    AccessLog.objects.bulk_create([
        AccessLog(user=user, action=action, object_type=object_type, object_id=str(object_id), area_code=area_code,
                  detail=detail or {}, ip_address=ip_address) for object_id, area_code in objects], batch_size=1000)
    return len(objects)


def event_record(*, actor, verb: str, object_type: str, object_id: str = "", area_code: str = "",
                 data: dict[str, Any] | None = None) -> Event:
    event = Event.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None, verb=verb,
        object_type=object_type, object_id=str(object_id), area_code=area_code or "", data=data or {},
    )
    for listener in _EVENT_LISTENERS:
        listener(event)
    return event


def client_ip(request) -> str | None:
    """The address an access-log row records (the proxy's, unless a trusted proxy rewrites it)."""
    return request.META.get("REMOTE_ADDR") or None
