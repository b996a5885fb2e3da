"""Factories for benefits. Programmes exist already (data migration 0002); people live in 新民街社区."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from guanai.accounts.tests.factories import UserFactory
from guanai.benefits.models import (
    Enrollment,
    EnrollmentStatus,
    PriceIndex,
    Programme,
    Roster,
    Standard,
    Variant,
)
from guanai.people.models import CategorySpell
from guanai.people.tests.factories import XINMINJIE, PersonFactory

FENGXIAN = "610330"


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    programme = factory.LazyFunction(lambda: programme("orphan_allowance"))
    area_id = FENGXIAN
    variant = Variant.SCATTERED
    amount_fen = 70_000
    effective_from = datetime.date(2020, 1, 1)
    source = "测试标准"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An approved enrollment paid from `starts_on` (the steps' who/when filled in)."""

    class Meta:
        model = Enrollment
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    programme = factory.LazyFunction(lambda: programme("orphan_allowance"))
    area_id = factory.SelfAttribute("person.area_id")
    variant = Variant.SCATTERED
    status = EnrollmentStatus.APPROVED
    eligibility = "测试"
    payee_name = "王监护"
    bank_account_masked = "6217********1234"
    applied_by = factory.SubFactory(UserFactory)
    applied_at = factory.LazyFunction(timezone.now)
    approved_by = factory.SelfAttribute("applied_by")
    approved_at = factory.LazyFunction(timezone.now)
    starts_on = datetime.date(2022, 1, 1)

    @factory.post_generation
    def category(self, create, value, **kwargs):
        """The category the programme needs, held from 2020 (category=False: none, as a test's own)."""
        needed = {"orphan_allowance": "orphan", "guardian_care_subsidy": "orphan", "price_subsidy": "orphan",
                  "de_facto_orphan_allowance": "de_facto_orphan"}.get(self.programme_id)
        if create and value is not False and needed and not CategorySpell.objects.filter(
                person=self.person, category=needed).exists():
            CategorySpell.objects.create(person=self.person, category=value or needed,
                                         started_on=datetime.date(2020, 1, 1), reason="测试")


class PriceIndexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceIndex

    area = None
    month = datetime.date(2022, 9, 1)
    cpi_yoy = Decimal("2.80")
    food_cpi_yoy = Decimal("8.80")
    source = "测试"


class RosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roster

    programme = factory.LazyFunction(lambda: programme("orphan_allowance"))
    area_id = FENGXIAN
    month = datetime.date(2022, 1, 1)


__all__ = ["XINMINJIE", "PersonFactory", "UserFactory"]
