"""Remote monitoring (远程监测) writes: device signals in, alerts out, answers logged.

A signal from a device bound to a person is kept as a DeviceSignal (the log). When the alert rule in
force for the person's area says it is an alert (rules.signal_raises_alert), it raises one with a
deadline of the rule's SLA, unless an alert of that kind is already open for the person: then the
signal joins it (event_count + 1), so a repeated event never raises a second open alert. A database
constraint (one open alert per person and signal) backs this under concurrent requests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.visits import events
from guanai.visits.models import Alert, AlertStatus, Device, DeviceSignal
from guanai.visits.rules import signal_raises_alert, threshold_for
from guanai.visits.schemas import DeviceSignalIn


class DeviceNotFound(Http404):
    """No active device with that serial in the caller's scope."""


@dataclass(frozen=True)
class SignalResult:
    signal: DeviceSignal
    alert: Alert | None
    alert_created: bool


def _alert_raise(*, device: Device, signal: DeviceSignal, sla_hours: int) -> tuple[Alert, bool]:
    open_alert = Alert.objects.select_for_update().filter(person_id=device.person_id, signal=signal.signal,
                                                          status=AlertStatus.OPEN).first()
    if open_alert is None:
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    person_id=device.person_id, area_id=device.area_id, device=device, signal=signal.signal,
                    raised_at=signal.occurred_at, last_signal_at=signal.occurred_at,
                    due_by=signal.occurred_at + datetime.timedelta(hours=sla_hours))
            return alert, True
        except IntegrityError:  # another request raised it a moment ago: join that one
            open_alert = Alert.objects.select_for_update().get(person_id=device.person_id, signal=signal.signal,
                                                               status=AlertStatus.OPEN)
    open_alert.event_count += 1
    open_alert.last_signal_at = max(open_alert.last_signal_at, signal.occurred_at)
    open_alert.save(update_fields=["event_count", "last_signal_at", "updated_at"])
    return open_alert, False


@transaction.atomic
def device_signal_receive(*, actor, scope: Scope, data: DeviceSignalIn) -> SignalResult:
    """Take one signal from a monitoring platform (an API token bound to the county or township)."""
    require_capability(actor, Capability.VISITS_RECORD)
    device = Device.objects.filter(serial=data.serial, unbound_on__isnull=True).first()
    if device is None or not scope.contains(device.area_id):
        raise DeviceNotFound("没有这个设备 / no such device")
    if data.occurred_at > timezone.now() + datetime.timedelta(minutes=10):
        raise ValidationError({"occurred_at": "信号时间晚于现在 / the signal is dated in the future"})
    signal = DeviceSignal(device=device, person_id=device.person_id, area_id=device.area_id, signal=data.signal,
                          occurred_at=data.occurred_at, value=data.value, window_hours=data.window_hours)
    signal.full_clean()
    rule = threshold_for(signal=data.signal, area_code=device.area_id, on=timezone.localdate(data.occurred_at))
    alert, created = None, False
    if signal_raises_alert(rule=rule, value=data.value, window_hours=data.window_hours):
        alert, created = _alert_raise(device=device, signal=signal, sla_hours=rule.sla_hours)
        signal.alert = alert
        events.alert_event(actor=actor, alert=alert, verb="alert_raised" if created else "alert_repeated")
    signal.save()
    return SignalResult(signal=signal, alert=alert, alert_created=created)


@transaction.atomic
def alert_answer(*, actor, scope: Scope, alert: Alert, method: str, note: str) -> Alert:
    """Answer an alert by a call or visit (a recorded visit answers it by itself, see services)."""
    require_capability(actor, Capability.VISITS_RECORD)
    require_in_scope(scope=scope, area_code=alert.area_id)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.OPEN:
        raise ValidationError("该预警已响应 / the alert was already answered")
    if not note.strip():
        raise ValidationError({"note": "请填写响应情况 / say what was done"})
    alert.status, alert.answered_at, alert.answered_by = AlertStatus.ANSWERED, timezone.now(), actor
    alert.answer_method, alert.answer_note = method, note
    alert.full_clean()
    alert.save()
    events.alert_event(actor=actor, alert=alert, verb="alert_answered")
    return alert
