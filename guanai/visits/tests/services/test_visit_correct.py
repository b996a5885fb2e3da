import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanai.accounts.scoping import scope_for
from guanai.visits.models import FollowUp, VisitRecord
from guanai.visits.rules import next_due_after
from guanai.visits.schemas import VisitCorrectIn
from guanai.visits.services import visit_correct, visit_record
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db


def _correction(visit, **changes):
    values = {"method": visit.method, "visited_at": visit.visited_at, "health": visit.health,
              "mental_state": visit.mental_state, "notes": visit.notes, "reason": "时间录错"}
    values.update(changes)
    return VisitCorrectIn(**values)


def test_a_correction_is_a_new_version_and_the_old_one_is_kept_unchanged(director, visit_in):
    fu = followed_person()
    scope = scope_for(director)
    first = visit_record(actor=director, scope=scope, person=fu.person, data=visit_in(notes="原记录"))
    before = VisitRecord.objects.filter(pk=first.pk).values().get()
    second = visit_correct(actor=director, scope=scope, visit=first, data=_correction(first, notes="更正后"))
    assert (second.version, second.previous_id, second.correction_reason) == (2, first.pk, "时间录错")
    after = VisitRecord.objects.filter(pk=first.pk).values().get()
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"is_current", "updated_at"}
    assert after["notes"] == "原记录" and not after["is_current"]
    assert VisitRecord.objects.filter(person=fu.person, is_current=True).get() == second


def test_only_the_current_version_can_be_corrected(director, visit_in):
    fu = followed_person()
    scope = scope_for(director)
    first = visit_record(actor=director, scope=scope, person=fu.person, data=visit_in())
    visit_correct(actor=director, scope=scope, visit=first, data=_correction(first))
    with pytest.raises(ValidationError):
        visit_correct(actor=director, scope=scope, visit=first, data=_correction(first))


def test_a_correction_needs_a_reason():
    with pytest.raises(ValueError):
        VisitCorrectIn(method="home", visited_at=timezone.now(), reason="")


def test_correcting_the_date_moves_the_due_date(director, visit_in):
    fu = followed_person()
    scope = scope_for(director)
    first = visit_record(actor=director, scope=scope, person=fu.person, data=visit_in())
    earlier = timezone.now() - datetime.timedelta(days=10)
    visit_correct(actor=director, scope=scope, visit=first, data=_correction(first, visited_at=earlier))
    fu = FollowUp.objects.get(pk=fu.pk)
    assert fu.last_visit_at == earlier
    assert fu.next_due_on == next_due_after(timezone.localtime(earlier).date(), period="calendar_month", days=30)
