import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import AccessAction, AccessLog
from guanai.people.services import id_number_reveal
from guanai.people.tests.factories import PersonFactory, id_number_make


@pytest.fixture
def number():
    return id_number_make(birth_date=datetime.date(1950, 2, 3))


def test_director_sees_the_number_and_it_is_logged(director, number):
    person = PersonFactory(id_number=number)
    assert id_number_reveal(actor=director, scope=scope_for(director), person=person, purpose="identity_check",
                            ip_address="10.0.0.7") == number
    log = AccessLog.objects.get(action=AccessAction.UNMASK)
    assert (log.user, log.object_id, log.area_code, log.ip_address) == (director, str(person.pk),
                                                                        "610330100007", "10.0.0.7")


def test_role_without_the_capability_is_refused_and_logged(auditor, number):
    person = PersonFactory(id_number=number)
    with pytest.raises(PermissionDenied):
        id_number_reveal(actor=auditor, scope=scope_for(auditor), person=person, purpose="identity_check")
    assert AccessLog.objects.filter(action=AccessAction.DENIED, user=auditor).exists()
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


def test_outsider_is_refused(outsider, number):
    with pytest.raises(PermissionDenied):
        id_number_reveal(actor=outsider, scope=scope_for(outsider), person=PersonFactory(id_number=number),
                         purpose="identity_check")
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


def test_person_without_a_number(director):
    assert id_number_reveal(actor=director, scope=scope_for(director), person=PersonFactory(),
                            purpose="identity_check") == ""


@pytest.mark.parametrize(("purpose", "text"), [("", ""), ("curiosity", ""), ("other", "看"), ("other", "  ")])
def test_no_number_without_a_purpose_from_the_list(director, number, purpose, text):
    with pytest.raises(ValidationError):
        id_number_reveal(actor=director, scope=scope_for(director), person=PersonFactory(id_number=number),
                         purpose=purpose, purpose_text=text)
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


def test_the_purpose_is_recorded_with_the_access_row(director, number):
    id_number_reveal(actor=director, scope=scope_for(director), person=PersonFactory(id_number=number),
                     purpose="other", purpose_text="民政厅专项核查")
    log = AccessLog.objects.get(action=AccessAction.UNMASK)
    assert (log.purpose, log.reason) == ("other", "民政厅专项核查")
