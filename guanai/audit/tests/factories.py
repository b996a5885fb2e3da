"""Audit rows as services write them (append-only: a factory creates, never updates)."""

import factory

from guanai.audit.models import AccessAction, AccessLog, Event
from guanai.conftest import XINMINJIE


class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLog

    user = None
    action = AccessAction.VIEW
    object_type = "person"
    object_id = factory.Sequence(str)
    area_code = XINMINJIE
    reason = ""


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    actor = None
    verb = "person_created"
    object_type = "person"
    object_id = factory.Sequence(str)
    area_code = XINMINJIE
    data = factory.LazyFunction(dict)
