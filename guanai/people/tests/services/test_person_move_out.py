"""person_move_out: to a village this installation holds, a transfer decided at once; elsewhere the
person stays on file marked moved out and every category ends from that day (rules._living_age)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from guanai.accounts.scoping import scope_for
from guanai.people.models import CategorySpell, Person, TransferRequest
from guanai.people.services import person_move_out
from guanai.people.tests.factories import LONGKOU, PersonFactory, id_number_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    person = PersonFactory(id_number=id_number_make(birth_date=datetime.date(2015, 1, 1)), name="刘小雨")
    CategorySpell.objects.create(person=person, category="left_behind_child", started_on=datetime.date(2024, 1, 1),
                                 reason="父母外出")
    return person


def test_moved_out_of_the_installation_ends_every_category(county, child):
    moved = person_move_out(actor=county, scope=scope_for(county), person=child, moved_on=datetime.date(2026, 9, 1),
                            to_code="530102001001", to_place="昆明市五华区")
    assert isinstance(moved, Person) and moved.area_id == child.area_id
    assert (moved.moved_out_on, moved.moved_out_to, moved.moved_out_place) == (
        datetime.date(2026, 9, 1), "530102001001", "昆明市五华区")
    spell = CategorySpell.objects.get(person=child)
    assert spell.ended_on is not None and "迁出" in spell.end_reason
    assert not TransferRequest.objects.exists()


def test_a_move_to_a_village_of_this_installation_is_a_transfer(county, child, settings):
    settings.GUANAI_NODE_CODE = "610330"
    transfer = person_move_out(actor=county, scope=scope_for(county), person=child,
                               moved_on=datetime.date(2026, 9, 1), to_code=LONGKOU, to_place="龙口社区")
    assert isinstance(transfer, TransferRequest) and transfer.status == "accepted"
    child.refresh_from_db()
    assert child.area_id == LONGKOU and child.moved_out_on is None


def test_the_outsider_may_not_move_someone_out(outsider, child):
    with pytest.raises(PermissionDenied):
        person_move_out(actor=outsider, scope=scope_for(outsider), person=child, moved_on=datetime.date(2026, 9, 1),
                        to_code="530102001001")
