import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.visits.models import Alert, AlertRule, DeviceSignal
from guanai.visits.monitoring import DeviceNotFound, alert_answer, device_signal_receive
from guanai.visits.schemas import DeviceSignalIn
from guanai.visits.services import visit_record
from guanai.visits.tests.factories import DeviceFactory, followed_person

pytestmark = pytest.mark.django_db


def _signal(serial, signal="water_usage", value="0.002", window=12, at=None):
    return DeviceSignalIn(serial=serial, signal=signal, value=Decimal(value) if value is not None else None,
                          window_hours=window, occurred_at=at or timezone.now())


def test_low_water_use_raises_an_alert_with_an_sla(county):
    fu = followed_person(risk_level="high")
    device = DeviceFactory(person=fu.person)
    result = device_signal_receive(actor=county, scope=scope_for(county), data=_signal(device.serial))
    assert result.alert_created
    alert = result.alert
    assert alert.status == "open" and alert.due_by == alert.raised_at + datetime.timedelta(hours=24)
    assert Event.objects.filter(verb="alert_raised", object_id=str(alert.pk)).exists()


def test_normal_water_use_is_logged_without_an_alert(county):
    device = DeviceFactory(person=followed_person().person)
    result = device_signal_receive(actor=county, scope=scope_for(county), data=_signal(device.serial, value="0.2"))
    assert result.alert is None and DeviceSignal.objects.count() == 1 and not Alert.objects.exists()


def test_a_repeated_event_does_not_raise_a_second_alert(county):
    device = DeviceFactory(person=followed_person().person)
    scope = scope_for(county)
    first = device_signal_receive(actor=county, scope=scope, data=_signal(device.serial))
    again = device_signal_receive(actor=county, scope=scope, data=_signal(device.serial, value="0.0"))
    assert first.alert_created and not again.alert_created
    assert Alert.objects.count() == 1 and Alert.objects.get().event_count == 2
    assert DeviceSignal.objects.filter(alert=first.alert).count() == 2


def test_after_an_answer_a_new_event_raises_a_new_alert(county):
    device = DeviceFactory(person=followed_person().person)
    scope = scope_for(county)
    first = device_signal_receive(actor=county, scope=scope, data=_signal(device.serial, signal="sos", value=None))
    alert_answer(actor=county, scope=scope, alert=first.alert, method="phone", note="电话确认误触")
    second = device_signal_receive(actor=county, scope=scope, data=_signal(device.serial, signal="sos", value=None))
    assert second.alert_created and Alert.objects.count() == 2


def test_the_threshold_is_data(county):
    AlertRule.objects.create(area_id="610330", signal="water_usage", threshold=Decimal("0.5"), window_hours=12,
                             sla_hours=6, effective_from=datetime.date(2026, 1, 1), source="凤县")
    device = DeviceFactory(person=followed_person().person)
    result = device_signal_receive(actor=county, scope=scope_for(county), data=_signal(device.serial, value="0.2"))
    assert result.alert_created and result.alert.due_by - result.alert.raised_at == datetime.timedelta(hours=6)


def test_a_visit_answers_the_open_alert(county, director, visit_in):
    fu = followed_person()
    device = DeviceFactory(person=fu.person)
    result = device_signal_receive(actor=county, scope=scope_for(county),
                                   data=_signal(device.serial, at=timezone.now() - datetime.timedelta(hours=1)))
    visit = visit_record(actor=director, scope=scope_for(director), person=fu.person, data=visit_in())
    alert = Alert.objects.get(pk=result.alert.pk)
    assert alert.status == "answered" and alert.visit == visit and alert.answer_method == "home"


def test_the_outsider_cannot_post_for_another_villages_device(outsider):
    device = DeviceFactory(person=followed_person().person)
    with pytest.raises(DeviceNotFound):
        device_signal_receive(actor=outsider, scope=scope_for(outsider), data=_signal(device.serial))


def test_an_analyst_cannot_post_signals(analyst):
    with pytest.raises(PermissionDenied):
        device_signal_receive(actor=analyst, scope=scope_for(analyst), data=_signal("x"))
