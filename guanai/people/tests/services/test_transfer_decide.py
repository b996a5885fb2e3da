import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people.models import NameKey, TransferStatus
from guanai.people.services import transfer_decide
from guanai.people.tests.factories import LONGKOU, XINMINJIE, HouseholdFactory, PersonFactory, TransferRequestFactory


def test_holder_accepts_and_the_person_moves(director):
    person = PersonFactory(name="单小明", household=HouseholdFactory())
    transfer = TransferRequestFactory(person=person)
    decided = transfer_decide(actor=director, scope=scope_for(director), transfer=transfer, accept=True)
    person.refresh_from_db()
    assert decided.status == TransferStatus.ACCEPTED and decided.decided_by == director and decided.decided_at
    assert person.area_id == LONGKOU and person.household is None
    assert set(NameKey.objects.filter(person=person).values_list("area_id", flat=True)) == {LONGKOU}
    assert Event.objects.filter(verb="person_transfer_accepted").exists()
    assert person.history.first().history_user == director


def test_common_ancestor_may_decide(county):
    transfer = TransferRequestFactory()
    transfer_decide(actor=county, scope=scope_for(county), transfer=transfer, accept=False)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REFUSED
    assert transfer.person.area_id == XINMINJIE


def test_requesting_area_cannot_decide(outsider):
    transfer = TransferRequestFactory(requested_by=outsider)
    with pytest.raises(PermissionDenied):
        transfer_decide(actor=outsider, scope=scope_for(outsider), transfer=transfer, accept=True)


def test_supervisor_of_only_the_holder_may_decide(supervisor):
    transfer = TransferRequestFactory()  # 新民街 (in 双石铺镇) -> 龙口 (not)
    transfer_decide(actor=supervisor, scope=scope_for(supervisor), transfer=transfer, accept=True)
    assert transfer.person.__class__.objects.get(pk=transfer.person_id).area_id == LONGKOU


def test_decided_once(director):
    transfer = TransferRequestFactory()
    transfer_decide(actor=director, scope=scope_for(director), transfer=transfer, accept=False)
    with pytest.raises(ValidationError):
        transfer_decide(actor=director, scope=scope_for(director), transfer=transfer, accept=True)
