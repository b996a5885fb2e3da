"""Rotating the ID key (people/idkeys.py): old values stay readable until the rotation is done, a run
stopped half-way resumes, and afterwards every value and digest is under the new key."""

import datetime

import pytest
from django.core.management import call_command

from guanai.audit.models import Event
from guanai.benefits.tests.factories import EnrollmentFactory
from guanai.comparisons.models import ComparisonRow, ComparisonRun
from guanai.conftest import XINMINJIE
from guanai.core.errors import Conflict
from guanai.people import idcipher
from guanai.people.idkeys import idkey_rotate, rotation_pending, rotation_refuse_if_pending
from guanai.people.models import IdKeyRotation, Person
from guanai.people.tests.factories import PersonFactory, id_number_make

pytestmark = pytest.mark.django_db

NEW_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
ACCOUNT = "6217000012341234"


def _population(count: int = 5) -> list[tuple[Person, str]]:
    people = []
    for i in range(count):
        number = id_number_make(birth_date=datetime.date(2012, 1, 1 + i), sequence=100 + i)
        people.append((PersonFactory(area_id=XINMINJIE, id_number=number), number))
    return people


def _new_key(settings) -> None:
    settings.GUANAI_ID_KEY_OLD = [settings.GUANAI_ID_KEY]
    settings.GUANAI_ID_KEY = NEW_KEY


def test_a_rotation_stopped_half_way_resumes_and_leaves_everything_under_the_new_key(settings):
    people = _population()
    enrollment = EnrollmentFactory(person=people[0][0], bank_account_cipher=idcipher.encrypt(ACCOUNT))
    run = ComparisonRun.objects.create(source="death", area_code=XINMINJIE, file_name="x.xlsx", file_digest="0" * 64)
    row = ComparisonRow.objects.create(run=run, row_number=2, status="matched",
                                       id_number_digest=people[1][0].id_number_digest)
    _new_key(settings)
    assert rotation_pending()
    with pytest.raises(Conflict):
        rotation_refuse_if_pending()  # the bulk matchers wait
    # Until done: the old values read, and a lookup by number finds a row still under the old digest.
    person, number = people[2]
    assert idcipher.decrypt(person.id_number_cipher) == number
    assert Person.objects.filter(id_number_digest__in=idcipher.digests(number)).get() == person

    idkey_rotate(batch_size=2, max_batches=3)  # stopped early, as a killed run would be
    rotation = IdKeyRotation.objects.get()
    assert rotation.finished_at is None and rotation.progress
    assert rotation_pending()
    call_command("idkey", "rotate", "--batch", "2")
    assert not rotation_pending()
    assert Event.objects.filter(verb="id_key_rotated").count() == 1

    settings.GUANAI_ID_KEY_OLD = []  # the old key is gone: everything must read under the new one
    for person, number in people:
        person.refresh_from_db()
        assert idcipher.is_current(person.id_number_cipher)
        assert idcipher.decrypt(person.id_number_cipher) == number
        assert person.id_number_digest == idcipher.digest(number)
    history = set(Person.history.values_list("id_number_digest", flat=True))
    assert history == {idcipher.digest(number) for _person, number in people}
    enrollment.refresh_from_db()
    assert idcipher.decrypt(enrollment.bank_account_cipher) == ACCOUNT
    row.refresh_from_db()
    assert row.id_number_digest == idcipher.digest(people[1][1])


def test_values_written_before_key_ids_existed_are_read_and_rotated(settings):
    (person, number), = _population(1)
    version_1 = idcipher.VERSION_1 + bytes(person.id_number_cipher)[1 + idcipher.KEY_ID_BYTES:]
    Person.objects.filter(pk=person.pk).update(id_number_cipher=version_1)
    _new_key(settings)
    assert idcipher.decrypt(version_1) == number  # no key id: the tag picks the old key
    idkey_rotate()
    person.refresh_from_db()
    assert idcipher.is_current(person.id_number_cipher)


def test_without_the_old_key_an_old_value_is_a_clear_error_and_rotate_refuses(settings):
    (person, _number), = _population(1)
    settings.GUANAI_ID_KEY = NEW_KEY
    with pytest.raises(idcipher.IdCipherError, match="GUANAI_ID_KEY_OLD"):
        idcipher.decrypt(person.id_number_cipher)
    with pytest.raises(Conflict, match="GUANAI_ID_KEY_OLD"):
        idkey_rotate()
