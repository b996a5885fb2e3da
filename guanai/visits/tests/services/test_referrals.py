import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.visits.models import Need
from guanai.visits.schemas import NeedIn
from guanai.visits.selectors import referral_list, urgent_needs
from guanai.visits.services import need_close, need_refer, referral_update, visit_record
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(director, visit_in):
    fu = followed_person()
    visit_record(actor=director, scope=scope_for(director), person=fu.person,
                 data=visit_in(needs=[NeedIn(kind="housing", description="屋顶漏雨", urgent=True)]))
    return Need.objects.get()


def test_an_urgent_need_is_on_the_supervisors_list_until_someone_acts(need, supervisor, director):
    assert list(urgent_needs(scope=scope_for(supervisor))) == [need]
    need_refer(actor=director, scope=scope_for(director), need=need, to_department="镇住建办",
               deadline=timezone.localdate() + datetime.timedelta(days=3))
    assert not urgent_needs(scope=scope_for(supervisor)).exists()
    assert referral_list(scope=scope_for(supervisor)).count() == 1


def test_a_referral_is_followed_until_done(need, director):
    scope = scope_for(director)
    referral = need_refer(actor=director, scope=scope, need=need, to_department="镇住建办",
                          deadline=timezone.localdate() + datetime.timedelta(days=3))
    referral_update(actor=director, scope=scope, referral=referral, status="accepted")
    with pytest.raises(ValidationError):
        referral_update(actor=director, scope=scope, referral=referral, status="done", result="")
    referral_update(actor=director, scope=scope, referral=referral, status="done", result="已修缮")
    need.refresh_from_db()
    assert need.status == "closed" and need.close_reason == "已修缮"
    assert not referral_list(scope=scope).exists()


def test_a_declined_referral_reopens_the_need(need, director):
    scope = scope_for(director)
    referral = need_refer(actor=director, scope=scope, need=need, to_department="某部门",
                          deadline=timezone.localdate())
    referral_update(actor=director, scope=scope, referral=referral, status="declined", result="不属本部门职责")
    need.refresh_from_db()
    assert need.status == "open"


def test_a_deadline_in_the_past_is_refused(need, director):
    with pytest.raises(ValidationError):
        need_refer(actor=director, scope=scope_for(director), need=need, to_department="x",
                   deadline=timezone.localdate() - datetime.timedelta(days=1))


def test_a_need_is_closed_with_a_reason(need, director):
    need_close(actor=director, scope=scope_for(director), need=need, reason="当场讲解政策")
    need.refresh_from_db()
    assert need.status == "closed"


def test_the_outsider_cannot_refer(need, outsider):
    with pytest.raises(PermissionDenied):
        need_refer(actor=outsider, scope=scope_for(outsider), need=need, to_department="x",
                   deadline=timezone.localdate())
