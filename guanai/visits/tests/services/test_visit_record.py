import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.visits.models import FollowUp, Need
from guanai.visits.rules import next_due_after
from guanai.visits.schemas import NeedIn
from guanai.visits.services import visit_record
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db


def test_a_visit_moves_the_person_off_the_due_list(director, visit_in):
    fu = followed_person(risk_level="medium")
    assert fu.next_due_on == timezone.localdate()
    visit = visit_record(actor=director, scope=scope_for(director), person=fu.person, data=visit_in())
    fu.refresh_from_db()
    assert fu.last_visit_at == visit.visited_at and fu.last_home_visit_at == visit.visited_at
    assert fu.next_due_on == next_due_after(visit.visited_on, period="calendar_month", days=30)  # end of next month
    assert visit.visitor == director and visit.target_group == "elder" and visit.version == 1
    assert Event.objects.filter(verb="visit_recorded", object_id=str(visit.pk)).exists()


def test_a_phone_call_leaves_the_quarterly_home_visit_owed(director, visit_in):
    fu = followed_person(risk_level="high")
    visit_record(actor=director, scope=scope_for(director), person=fu.person, data=visit_in(method="phone"))
    fu.refresh_from_db()
    assert fu.last_home_visit_at is None
    assert fu.due_reason == "home" and fu.next_due_on == fu.followed_since


def test_needs_found_on_a_visit_are_kept(director, visit_in):
    fu = followed_person()
    data = visit_in(needs=[NeedIn(kind="health", description="需要送医复查", urgent=True)])
    visit = visit_record(actor=director, scope=scope_for(director), person=fu.person, data=data)
    need = Need.objects.get(visit=visit)
    assert need.urgent and need.status == "open" and need.area_id == fu.area_id


def test_the_outsider_cannot_record_a_visit(outsider, visit_in):
    fu = followed_person()
    with pytest.raises(PermissionDenied):
        visit_record(actor=outsider, scope=scope_for(outsider), person=fu.person, data=visit_in())


def test_an_analyst_may_not_record(analyst, visit_in):
    fu = followed_person(area_id="532501001001")
    with pytest.raises(PermissionDenied):
        visit_record(actor=analyst, scope=scope_for(analyst), person=fu.person, data=visit_in())


def test_a_visit_in_the_future_is_refused(director, visit_in):
    fu = followed_person()
    with pytest.raises(ValidationError):
        visit_record(actor=director, scope=scope_for(director), person=fu.person,
                     data=visit_in(visited_at=timezone.now() + datetime.timedelta(days=1)))


def test_an_earlier_visit_entered_late_does_not_move_the_last_visit_back(director, visit_in):
    fu = followed_person()
    scope = scope_for(director)
    recent = visit_record(actor=director, scope=scope, person=fu.person, data=visit_in())
    visit_record(actor=director, scope=scope, person=fu.person,
                 data=visit_in(visited_at=timezone.now() - datetime.timedelta(days=20)))
    assert FollowUp.objects.get(pk=fu.pk).last_visit_at == recent.visited_at
