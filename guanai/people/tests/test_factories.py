import datetime

from guanai.people import idcipher
from guanai.people.models import NameKey
from guanai.people.tests.factories import (
    CategorySpellFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    RuleParameterFactory,
    TransferRequestFactory,
    id_number_make,
)


def test_person_factory_takes_an_id_number_through_the_service_path(db):
    number = id_number_make(birth_date=datetime.date(1950, 1, 2), sex="male")
    person = PersonFactory(name="单小明", id_number=number)
    assert person.birth_date == datetime.date(1950, 1, 2)
    assert person.sex == "male"
    assert idcipher.decrypt(person.id_number_cipher) == number
    assert person.id_number_digest == idcipher.digest(number)
    assert person.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert set(NameKey.objects.filter(person=person).values_list("key", flat=True)) >= {"shanxiaoming", "dxm"}


def test_every_factory_builds(db):
    assert HouseholdFactory().pk
    assert RelationshipFactory().relative.area_id == "610330100007"
    assert CategorySpellFactory().pk
    assert TransferRequestFactory().to_area_id == "610330101003"
    assert RuleParameterFactory().pk
    assert PersonFactory().id_number_digest is None
