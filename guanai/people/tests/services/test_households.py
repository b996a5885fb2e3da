import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people.schemas import HouseholdIn
from guanai.people.services import household_create, household_update
from guanai.people.tests.factories import LONGKOU, XINMINJIE, HouseholdFactory, PersonFactory


def test_create_with_head_makes_the_head_a_member(director):
    head = PersonFactory()
    household = household_create(actor=director, scope=scope_for(director), data=HouseholdIn(
        area_code=XINMINJIE, address="新民街3号", hukou_type="城镇", head_id=head.pk))
    head.refresh_from_db()
    assert household.head == head and head.household == household
    assert household.hukou_type == "urban"
    assert Event.objects.filter(verb="household_created", object_id=str(household.pk)).exists()


def test_head_from_another_village_is_refused(supervisor):
    head = PersonFactory(area_id="610330100001")
    with pytest.raises(ValidationError):
        household_create(actor=supervisor, scope=scope_for(supervisor),
                         data=HouseholdIn(area_code=XINMINJIE, head_id=head.pk))


def test_outsider_cannot_create_or_update(outsider):
    with pytest.raises(PermissionDenied):
        household_create(actor=outsider, scope=scope_for(outsider), data=HouseholdIn(area_code=XINMINJIE))
    household = HouseholdFactory()
    with pytest.raises(PermissionDenied):
        household_update(actor=outsider, scope=scope_for(outsider), household=household,
                         data=HouseholdIn(area_code=LONGKOU))


def test_update_address_and_head(director):
    household = HouseholdFactory()
    member = PersonFactory(household=household)
    household_update(actor=director, scope=scope_for(director), household=household,
                     data=HouseholdIn(area_code=XINMINJIE, address="新址", head_id=member.pk))
    household.refresh_from_db()
    assert household.address == "新址" and household.head == member
    assert Event.objects.get(verb="household_updated").data == {"fields": ["address", "head", "hukou_type"]}


def test_household_with_members_cannot_move_village(supervisor):
    household = HouseholdFactory()
    PersonFactory(household=household)
    with pytest.raises(ValidationError):
        household_update(actor=supervisor, scope=scope_for(supervisor), household=household,
                         data=HouseholdIn(area_code="610330100001"))
