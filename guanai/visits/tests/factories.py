"""Factories for the visit models. A followed person is made with `followed_person(...)`, which goes
through followups_sync, the services' own path."""

import datetime

import factory
from django.utils import timezone

from guanai.accounts.tests.factories import UserFactory
from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.visits.followups import followups_sync
from guanai.visits.models import (
    Device,
    DeviceKind,
    FollowUp,
    Method,
    ServiceContract,
    ServiceProvider,
    VisitRecord,
)

XINMINJIE = "610330100007"
GROUP_CATEGORY = {"elder": Category.SPECIAL_DIFFICULTY_ELDER, "child": Category.LEFT_BEHIND_CHILD}


def followed_person(*, risk_level: str = "medium", group: str = "elder", area_id: str = XINMINJIE,
                    since: datetime.date | None = None, **person_fields) -> FollowUp:
    """A person with an open category and a risk level, followed since `since` (default today)."""
    person = PersonFactory(area_id=area_id, risk_level=risk_level, **person_fields)
    if group in GROUP_CATEGORY:
        CategorySpellFactory(person=person, category=GROUP_CATEGORY[group], started_on=datetime.date(2024, 1, 1))
    followups_sync(on=since or timezone.localdate(), person_ids=[person.pk])
    return FollowUp.objects.select_related("person").get(person=person)


class ServiceProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceProvider

    name = factory.Sequence(lambda n: f"福泽社工服务中心{n}")
    area_id = "610330"


class ServiceContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    provider = factory.SubFactory(ServiceProviderFactory)
    area_id = "610330100"
    number = factory.Sequence(lambda n: f"FX-GM-2026-{n:03d}")
    title = "特殊困难老年人探访关爱服务"
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    amount_fen = 12_000_000


class VisitRecordFactory(factory.django.DjangoModelFactory):
    """A visit written directly (for selector tests); services tests go through visit_record."""

    class Meta:
        model = VisitRecord

    person = factory.SubFactory(PersonFactory)
    area_id = factory.SelfAttribute("person.area_id")
    visitor = factory.SubFactory(UserFactory, area_id=XINMINJIE)
    method = Method.HOME
    visited_at = factory.LazyFunction(timezone.now)
    visited_on = factory.LazyAttribute(lambda o: timezone.localtime(o.visited_at).date())
    target_group = "elder"
    health = "good"
    mental_state = "good"


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    person = factory.SubFactory(PersonFactory)
    area_id = factory.SelfAttribute("person.area_id")
    serial = factory.Sequence(lambda n: f"WM-{n:06d}")
    kind = DeviceKind.WATER_METER
    bound_on = datetime.date(2026, 1, 1)
