import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people import idcipher
from guanai.people.models import NameKey, Person, TransferRequest, TransferStatus
from guanai.people.services import PersonExists, PersonExistsElsewhere, person_create
from guanai.people.tests.factories import LONGKOU, XINMINJIE, HouseholdFactory, PersonFactory


def test_creates_person_with_id_number_encrypted_and_facts_from_it(director, director_scope, person_in):
    data = person_in()
    person = person_create(actor=director, scope=director_scope, data=data)
    person.refresh_from_db()
    assert person.area_id == XINMINJIE
    assert person.sex == "male"
    assert person.birth_date == datetime.date(2014, 5, 6)
    assert person.hukou_type == "rural"
    assert idcipher.decrypt(person.id_number_cipher) == data.id_number
    assert person.id_number_digest == idcipher.digest(data.id_number)
    assert person.id_number_masked.startswith("6103") and "*" in person.id_number_masked
    assert {"shanxiaoming", "danxiaoming", "sxm", "dxm"} <= set(
        NameKey.objects.filter(person=person, area_id=XINMINJIE).values_list("key", flat=True))
    assert Event.objects.filter(verb="person_created", object_id=str(person.pk), area_code=XINMINJIE).exists()
    assert person.history.count() == 1
    assert person.history.first().history_user == director


def test_creates_person_without_id_number(director, director_scope, person_in):
    person = person_create(actor=director, scope=director_scope,
                           data=person_in(id_number=None, sex="女", birth_date="1950年3月4日"))
    assert person.id_number_digest is None and person.id_number_masked == ""
    assert person.birth_date == datetime.date(1950, 3, 4)


def test_runs_the_rules_for_the_new_person(director, director_scope, person_in):
    person = person_create(actor=director, scope=director_scope,
                           data=person_in(id_number=None, sex="男", birth_date="1940-01-01", living_arrangement="独居"))
    assert set(person.spells.filter(ended_on__isnull=True).values_list("category", flat=True)) >= {"oldest_old"}
    assert Event.objects.filter(verb="categories_recomputed").exists()


def test_outside_scope_is_refused(outsider, person_in):
    with pytest.raises(PermissionDenied):
        person_create(actor=outsider, scope=scope_for(outsider), data=person_in(area_code=XINMINJIE))
    assert not Person.objects.exists()


def test_role_without_edit_is_refused(auditor, person_in):
    with pytest.raises(PermissionDenied):
        person_create(actor=auditor, scope=scope_for(auditor), data=person_in())


def test_area_must_be_a_village(county, person_in):
    with pytest.raises(ValidationError) as excinfo:
        person_create(actor=county, scope=scope_for(county), data=person_in(area_code="610330100000"))
    assert "area_code" in excinfo.value.message_dict


def test_same_scope_duplicate_raises_person_exists(director, director_scope, person_in):
    first = person_create(actor=director, scope=director_scope, data=person_in())
    again = person_in(id_number=first and idcipher.decrypt(first.id_number_cipher).lower(), name="单晓明")
    with pytest.raises(PersonExists) as excinfo:
        person_create(actor=director, scope=director_scope, data=again)
    assert excinfo.value.person == first
    assert Person.objects.count() == 1
    assert not TransferRequest.objects.exists()


def test_duplicate_elsewhere_creates_a_transfer_request(director, outsider, person_in):
    data = person_in()
    holder = person_create(actor=director, scope=scope_for(director), data=data)
    with pytest.raises(PersonExistsElsewhere) as excinfo:
        person_create(actor=outsider, scope=scope_for(outsider), data=person_in(area_code=LONGKOU,
                                                                                id_number=data.id_number))
    transfer = excinfo.value.transfer
    assert excinfo.value.person == holder
    assert "迁移申请" in str(excinfo.value) and "transfer request" in str(excinfo.value)
    assert (transfer.from_area_id, transfer.to_area_id, transfer.status) == (XINMINJIE, LONGKOU,
                                                                              TransferStatus.PENDING)
    assert transfer.requested_by == outsider
    assert Person.objects.count() == 1
    assert Event.objects.filter(verb="person_transfer_requested").count() == 1
    # Asking again does not pile up requests.
    with pytest.raises(PersonExistsElsewhere):
        person_create(actor=outsider, scope=scope_for(outsider), data=person_in(area_code=LONGKOU,
                                                                                id_number=data.id_number))
    assert TransferRequest.objects.count() == 1


def test_household_must_be_in_the_same_village(director, director_scope, person_in):
    household = HouseholdFactory(area_id=XINMINJIE)
    person = person_create(actor=director, scope=director_scope, data=person_in(household_id=household.pk))
    assert person.household == household
    elsewhere = HouseholdFactory(area_id=LONGKOU)
    with pytest.raises(ValidationError):
        person_create(actor=director, scope=director_scope,
                      data=person_in(household_id=elsewhere.pk, name="李四"))


def test_factory_people_and_service_people_share_the_digest(director, director_scope, person_in):
    data = person_in()
    PersonFactory(id_number=data.id_number)
    with pytest.raises(PersonExists):
        person_create(actor=director, scope=director_scope, data=data)
