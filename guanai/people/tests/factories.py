"""Factories for every people model. People live in 新民街社区 (the director persona's village) unless
told otherwise; an `id_number` goes through services.id_number_columns, the services' own path."""

import datetime
import itertools

import factory

from guanai.accounts.tests.factories import UserFactory
from guanai.people import idnumbers
from guanai.people.models import (
    Category,
    CategorySpell,
    Household,
    NameKey,
    Person,
    Relationship,
    RelationshipKind,
    RuleParameter,
    Sex,
    SpellSource,
    TransferRequest,
)
from guanai.people.services import id_number_columns, person_write_name_keys

XINMINJIE = "610330100007"
LONGKOU = "610330101003"

_sequence = itertools.count(1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "小明", "桂兰", "志强", "玉梅", "子涵", "欣怡", "浩然", "雨桐", "国华", "淑珍"]


def id_number_make(*, birth_date: datetime.date, sex: str = Sex.FEMALE, address_code: str = "610330",
                   sequence: int | None = None) -> str:
    """A valid 18-character ID number (check character from idnumbers.with_check_character).
    The sequence's last digit is odd for men and even for women, as GB 11643 says."""
    seq = sequence if sequence is not None else next(_sequence) % 500
    serial = seq * 2 + (1 if sex == Sex.MALE else 0)
    return idnumbers.with_check_character(f"{address_code}{birth_date:%Y%m%d}{serial % 1000:03d}")


def _parsed(number: str | None):
    return idnumbers.parse(number) if number else None


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    area_id = XINMINJIE
    address = factory.Sequence(lambda n: f"凤州镇新民街{n}号")
    hukou_type = "urban"


class PersonFactory(factory.django.DjangoModelFactory):
    """PersonFactory(id_number="6103...") encrypts and digests the number and takes birth date and sex
    from it; without one, a birth date and sex are made up. Name keys are written after creation."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        id_number = None

    area_id = XINMINJIE
    name = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)])
    sex = factory.LazyAttribute(lambda o: _parsed(o.id_number).sex if o.id_number else Sex.FEMALE)
    birth_date = factory.LazyAttribute(
        lambda o: _parsed(o.id_number).birth_date if o.id_number else datetime.date(2015, 6, 1))
    hukou_type = "rural"
    id_number_cipher = factory.LazyAttribute(lambda o: id_number_columns(o.id_number)["id_number_cipher"])
    id_number_digest = factory.LazyAttribute(lambda o: id_number_columns(o.id_number)["id_number_digest"])
    id_number_masked = factory.LazyAttribute(lambda o: id_number_columns(o.id_number)["id_number_masked"])

    @factory.post_generation
    def name_keys(obj, create, extracted, **kwargs):
        if create:
            person_write_name_keys([obj])


class NameKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameKey

    person = factory.SubFactory(PersonFactory)
    area_id = factory.SelfAttribute("person.area_id")
    key = factory.Sequence(lambda n: f"key{n}")


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory)
    relative = factory.SubFactory(PersonFactory, area_id=factory.SelfAttribute("..person.area_id"),
                                  birth_date=datetime.date(1988, 3, 1))
    kind = RelationshipKind.PARENT


class CategorySpellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategorySpell

    person = factory.SubFactory(PersonFactory)
    category = Category.LEFT_BEHIND_CHILD
    started_on = datetime.date(2026, 1, 1)
    reason = "测试"
    source = SpellSource.RULE


class TransferRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferRequest

    person = factory.SubFactory(PersonFactory)
    from_area_id = factory.SelfAttribute("person.area_id")
    to_area_id = LONGKOU
    reason = "测试迁移"
    requested_by = factory.SubFactory(UserFactory, area_id=LONGKOU)


class RuleParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleParameter

    area = None
    key = "left_behind_child_max_age"
    value = 16
    effective_from = datetime.date(2016, 2, 14)
    source = "国发〔2016〕13号"
