"""Writing audit rows. Callers run these inside their own transaction so the row and the change
commit or roll back together."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.audit.chain import chain_link_many
from guanai.audit.models import AccessLog, AccessPurpose, Event

# Apps above audit that follow what changes (reports refreshes its figures) register a listener here;
# it is called with each new Event inside the writer's transaction, so it should only note the event
# (e.g. with transaction.on_commit) and never fail the write.
_EVENT_LISTENERS: list[Callable[[Event], None]] = []


def event_listener_register(listener: Callable[[Event], None]) -> None:
    if listener not in _EVENT_LISTENERS:
        _EVENT_LISTENERS.append(listener)


def access_log_write(*, user, action: str, object_type: str, object_id: str = "", area_code: str = "",
                     reason: str = "", detail: dict[str, Any] | None = None, ip_address: str | None = None,
                     purpose: str = "") -> AccessLog:
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None, action=action,
        object_type=object_type, object_id=str(object_id), area_code=area_code or "", reason=reason,
        detail=detail or {}, ip_address=ip_address, purpose=purpose,
    )


PURPOSE_TEXT_MIN_CHARS = 4


def purpose_check(*, purpose: str, text: str = "") -> tuple[str, str]:
    """A purpose from the list (and words for "other"), as (purpose, text); ValidationError otherwise.
    Asked before a whole ID number is shown, exported, or a case is opened by breaking the glass."""
    text = (text or "").strip()
    if purpose not in AccessPurpose.values:
        raise ValidationError({"purpose": "请选择用途 / choose a purpose"})
    if purpose == AccessPurpose.OTHER and len(text) < PURPOSE_TEXT_MIN_CHARS:
        raise ValidationError({"purpose_text": f"选择“其他”时请写明用途（至少{PURPOSE_TEXT_MIN_CHARS}个字） / "
                                              "say what for"})
    return purpose, text


def access_logs_write_many(*, user, action: str, object_type: str, objects: list[tuple[object, str]],
                           detail: dict[str, Any] | None = None, ip_address: str | None = None,
                           purpose: str = "", reason: str = "") -> int:
    """One row per (object id, area code), in one insert: what a bulk reveal (an export with whole ID
    numbers) writes, so that each person's own access history shows it. The rows are chained in the
    order given, like rows written one by one (audit/chain.py)."""
    user = user if getattr(user, "is_authenticated", False) else None
    rows = [AccessLog(user=user, action=action, object_type=object_type, object_id=str(object_id), area_code=area_code,
                      detail=detail or {}, ip_address=ip_address, purpose=purpose, reason=reason)
            for object_id, area_code in objects]
    with transaction.atomic():
        chain_link_many(rows)
        AccessLog.objects.bulk_create(rows, batch_size=1000)
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


def admin_edit_record(*, actor, obj, action: str, changes: dict[str, list]) -> Event:
    """An admin edit of a rule or money table (RecordedAdmin): verb admin_created/changed/deleted."""
    return event_record(
        actor=actor, verb=f"admin_{action}", object_type=obj._meta.label_lower, object_id=str(obj.pk or ""),
        area_code=getattr(obj, "area_id", "") or "",
        data={"object": str(obj),
              "changes": {name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()}},
    )


def _plain(value: Any) -> Any:
    """A form value as JSON: numbers, text and booleans as they are, anything else (dates, rows) as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(getattr(value, "pk", None) or value)


def client_ip(request) -> str | None:
    """The address an access-log row records (the proxy's, unless a trusted proxy rewrites it)."""
    return request.META.get("REMOTE_ADDR") or None


class RetentionTooShort(ValueError):
    pass


# 《网络安全法》第二十一条: network logs are kept for no less than six months.
MIN_RETENTION_DAYS = 183


@transaction.atomic
def audit_prune(*, retention_days: int, now=None) -> dict[str, int]:
    """Delete audit rows older than the retention, oldest first, and record it as an event.

    Only a prefix of each table (in id order) goes, so the rows kept still form one chain; the event
    holds the last deleted row's id and hash, which the first kept row must follow (chain.py)."""
    if retention_days < MIN_RETENTION_DAYS:
        raise RetentionTooShort(f"保留期不能短于 {MIN_RETENTION_DAYS} 天 / retention must be at least "
                                f"{MIN_RETENTION_DAYS} days (got {retention_days})")
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    removed = {}
    for model in (AccessLog, Event):
        first_kept = model.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        old = model.objects.all() if first_kept is None else model.objects.filter(id__lt=first_kept)
        last = old.order_by("-id").values("id", "row_hash").first()
        if last is None:
            removed[model._meta.db_table] = 0
            continue
        count, _ = old.delete()
        removed[model._meta.db_table] = count
        event_record(actor=None, verb="audit_pruned", object_type=model._meta.db_table, object_id=str(last["id"]),
                     data={"through_id": last["id"], "last_hash": last["row_hash"], "rows": count,
                           "cutoff": cutoff.isoformat(), "retention_days": retention_days})
    return removed
