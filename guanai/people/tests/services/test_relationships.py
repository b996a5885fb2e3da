import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people.services import relationship_add, relationship_end
from guanai.people.tests.factories import LONGKOU, PersonFactory, RelationshipFactory


def _away_parent():
    return PersonFactory(birth_date=datetime.date(1988, 1, 1), is_migrant_worker=True,
                         away_scope="out_of_province", away_since=datetime.date(2020, 1, 1))


def test_adding_both_away_parents_opens_left_behind_child(director):
    child = PersonFactory(birth_date=datetime.date(2016, 1, 1), hukou_type="rural")
    scope = scope_for(director)
    for parent in (_away_parent(), _away_parent()):
        rel = relationship_add(actor=director, scope=scope, person=child, relative=parent, kind="parent",
                               started_on=datetime.date(2016, 1, 1))
    assert rel.history.count() == 1
    assert Event.objects.filter(verb="relationship_added").count() == 2
    assert child.spells.filter(category="left_behind_child", ended_on__isnull=True).exists()


def test_ending_a_relationship_is_recorded_and_recomputes(director):
    rel = RelationshipFactory()
    relationship_end(actor=director, scope=scope_for(director), relationship=rel, ended_on=datetime.date(2026, 1, 1))
    rel.refresh_from_db()
    assert rel.ended_on == datetime.date(2026, 1, 1)
    assert Event.objects.filter(verb="relationship_ended").exists()
    with pytest.raises(ValidationError):
        relationship_end(actor=director, scope=scope_for(director), relationship=rel,
                         ended_on=datetime.date(2026, 2, 1))


@pytest.mark.parametrize("problem", ["self", "kind", "duplicate", "before_start"])
def test_refusals(director, problem):
    scope = scope_for(director)
    child, parent = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError):
        if problem == "self":
            relationship_add(actor=director, scope=scope, person=child, relative=child, kind="parent")
        elif problem == "kind":
            relationship_add(actor=director, scope=scope, person=child, relative=parent, kind="cousin")
        elif problem == "duplicate":
            relationship_add(actor=director, scope=scope, person=child, relative=parent, kind="parent")
            relationship_add(actor=director, scope=scope, person=child, relative=parent, kind="parent")
        else:
            rel = RelationshipFactory(started_on=datetime.date(2020, 1, 1))
            relationship_end(actor=director, scope=scope, relationship=rel, ended_on=datetime.date(2019, 1, 1))


def test_relative_outside_scope_is_refused(director):
    with pytest.raises(PermissionDenied):
        relationship_add(actor=director, scope=scope_for(director), person=PersonFactory(),
                         relative=PersonFactory(area_id=LONGKOU), kind="parent")


def test_outsider_cannot_end(outsider):
    with pytest.raises(PermissionDenied):
        relationship_end(actor=outsider, scope=scope_for(outsider), relationship=RelationshipFactory(),
                         ended_on=datetime.date(2026, 1, 1))
