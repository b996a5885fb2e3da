import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people.models import SpellSource
from guanai.people.services import category_manual_add, category_manual_end
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory

ON = datetime.date(2026, 10, 1)


def test_add_and_end_a_manual_category(director):
    scope = scope_for(director)
    person = PersonFactory(birth_date=datetime.date(2012, 1, 1))
    spell = category_manual_add(actor=director, scope=scope, person=person, category="child_in_difficulty",
                                started_on=ON, reason="监护缺失，村委会核实")
    assert spell.source == SpellSource.MANUAL and spell.created_by == director
    assert Event.objects.filter(verb="category_manual_added").exists()
    # the rules leave manual spells alone
    assert person.spells.get(pk=spell.pk).ended_on is None
    category_manual_end(actor=director, scope=scope, spell=spell, ended_on=datetime.date(2026, 11, 1),
                        reason="已由亲属接回")
    spell.refresh_from_db()
    assert spell.ended_on == datetime.date(2026, 11, 1) and spell.end_reason == "已由亲属接回"
    assert Event.objects.filter(verb="category_manual_ended").exists()


@pytest.mark.parametrize(("category", "reason", "started_on"), [
    ("no_such", "理由", ON), ("orphan", "  ", ON), ("orphan", "理由", datetime.date(2099, 1, 1))])
def test_add_refusals(director, category, reason, started_on):
    with pytest.raises(ValidationError):
        category_manual_add(actor=director, scope=scope_for(director), person=PersonFactory(), category=category,
                            started_on=started_on, reason=reason)


def test_cannot_add_a_category_already_held(director):
    spell = CategorySpellFactory(category="orphan")
    with pytest.raises(ValidationError):
        category_manual_add(actor=director, scope=scope_for(director), person=spell.person, category="orphan",
                            started_on=ON, reason="重复")


def test_rule_spells_cannot_be_ended_by_hand(director):
    spell = CategorySpellFactory(source=SpellSource.RULE)
    with pytest.raises(ValidationError):
        category_manual_end(actor=director, scope=scope_for(director), spell=spell, ended_on=ON, reason="x")


def test_end_before_start_is_refused(director):
    spell = CategorySpellFactory(source=SpellSource.MANUAL, started_on=ON)
    with pytest.raises(ValidationError):
        category_manual_end(actor=director, scope=scope_for(director), spell=spell,
                            ended_on=datetime.date(2026, 1, 1), reason="x")


def test_outsider_is_refused(outsider):
    with pytest.raises(PermissionDenied):
        category_manual_add(actor=outsider, scope=scope_for(outsider), person=PersonFactory(), category="orphan",
                            started_on=ON, reason="x")
    with pytest.raises(PermissionDenied):
        category_manual_end(actor=outsider, scope=scope_for(outsider),
                            spell=CategorySpellFactory(source=SpellSource.MANUAL), ended_on=ON, reason="x")
