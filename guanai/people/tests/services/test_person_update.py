import datetime

import pytest
from django.core.exceptions import PermissionDenied

from guanai.accounts.scoping import scope_for
from guanai.audit.models import Event
from guanai.people import idcipher
from guanai.people.models import NameKey
from guanai.people.schemas import PersonIn
from guanai.people.services import PersonExists, person_create, person_update
from guanai.people.tests.factories import (
    LONGKOU,
    XINMINJIE,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    id_number_make,
)


def test_updates_only_the_fields_given(director, director_scope, person_in):
    person = person_create(actor=director, scope=director_scope, data=person_in(address="新民街1号"))
    data = PersonIn(area_code=XINMINJIE, name="单小明", phone="０９１７－４５６７８９０",
                    id_number=idcipher.decrypt(person.id_number_cipher))
    person_update(actor=director, scope=director_scope, person=person, data=data)
    person.refresh_from_db()
    assert person.phone == "0917-4567890"
    assert person.address == "新民街1号"  # not in the data: left alone
    event = Event.objects.get(verb="person_updated", object_id=str(person.pk))
    assert event.data == {"fields": ["phone"]}
    assert person.history.count() == 2


def test_no_change_writes_nothing(director, director_scope, person_in):
    data = person_in()
    person = person_create(actor=director, scope=director_scope, data=data)
    person_update(actor=director, scope=director_scope, person=person, data=data)
    assert not Event.objects.filter(verb="person_updated").exists()
    assert person.history.count() == 1


def test_rename_rewrites_name_keys(director, director_scope, person_in):
    person = person_create(actor=director, scope=director_scope, data=person_in())
    person_update(actor=director, scope=director_scope, person=person, data=person_in(
        name="曾国藩", id_number=idcipher.decrypt(person.id_number_cipher)))
    keys = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    assert "zengguofan" in keys and "cgf" in keys and "shanxiaoming" not in keys


def test_an_id_number_held_by_someone_else_is_refused(director, director_scope, person_in):
    number = id_number_make(birth_date=datetime.date(2014, 5, 6), sex="male")
    other = PersonFactory(id_number=number)
    person = person_create(actor=director, scope=director_scope, data=person_in())
    with pytest.raises(PersonExists) as excinfo:
        person_update(actor=director, scope=director_scope, person=person, data=person_in(id_number=number))
    assert excinfo.value.person == other


def test_outsider_cannot_update(director, outsider, person_in):
    person = person_create(actor=director, scope=scope_for(director), data=person_in())
    with pytest.raises(PermissionDenied):
        person_update(actor=outsider, scope=scope_for(outsider), person=person, data=person_in(phone="13900000000"))


def test_cannot_move_a_person_out_of_scope(director, director_scope, person_in):
    person = person_create(actor=director, scope=director_scope, data=person_in())
    with pytest.raises(PermissionDenied):
        person_update(actor=director, scope=director_scope, person=person, data=person_in(area_code=LONGKOU))


def test_supervisor_moves_a_person_between_villages_and_household_is_dropped(supervisor, person_in):
    scope = scope_for(supervisor)
    household = HouseholdFactory(area_id=XINMINJIE)
    person = person_create(actor=supervisor, scope=scope, data=person_in(household_id=household.pk))
    person_update(actor=supervisor, scope=scope, person=person, data=PersonIn(
        area_code="610330100001", name="单小明", id_number=idcipher.decrypt(person.id_number_cipher)))
    person.refresh_from_db()
    assert person.area_id == "610330100001" and person.household is None
    assert set(NameKey.objects.filter(person=person).values_list("area_id", flat=True)) == {"610330100001"}


def test_parent_coming_home_closes_the_childs_spell(director, director_scope):
    child = PersonFactory(birth_date=datetime.date(2016, 1, 1), hukou_type="rural")
    parents = [RelationshipFactory(person=child, relative__is_migrant_worker=True,
                                   relative__away_scope="out_of_province",
                                   relative__away_since=datetime.date(2020, 1, 1)).relative for _ in range(2)]
    from guanai.people.spells import categories_recompute
    categories_recompute(person_ids=[child.pk], on=datetime.date(2026, 11, 23))
    assert child.spells.filter(category="left_behind_child", ended_on__isnull=True).exists()
    mother = parents[0]
    person_update(actor=director, scope=director_scope, person=mother, data=PersonIn(
        area_code=XINMINJIE, name=mother.name, sex=mother.sex, birth_date=mother.birth_date,
        is_migrant_worker="否", away_scope=""))
    spell = child.spells.get(category="left_behind_child")
    assert spell.ended_on is not None and spell.end_reason


@pytest.mark.django_db
def test_a_death_recorded_late_says_from_which_month_the_past_changes(director, director_scope, person_in):
    # The analytics store recounts the months from the event's counts_from (reports.services).
    person = person_create(actor=director, scope=director_scope, data=person_in())
    changes = [(datetime.date(2024, 3, 10), "2024-03-01"),  # a death recorded: from its month
               (datetime.date(2024, 5, 2), "2024-03-01"),  # moved later: from the earlier of old and new
               (datetime.date(2023, 12, 31), "2023-12-01"),  # moved earlier
               (None, "2023-12-01")]  # withdrawn: the months it had removed come back
    for died_on, since in changes:
        person_update(actor=director, scope=director_scope, person=person,
                      data=PersonIn(area_code=XINMINJIE, name=person.name, sex=person.sex,
                                    birth_date=person.birth_date, died_on=died_on))
        event = Event.objects.filter(verb="person_updated", object_id=str(person.pk)).order_by("-pk").first()
        assert (event.data["fields"], event.data["counts_from"]) == (["died_on"], since)
    person_update(actor=director, scope=director_scope, person=person,
                  data=PersonIn(area_code=XINMINJIE, name=person.name, sex=person.sex, birth_date=person.birth_date,
                                phone="13912345678"))
    event = Event.objects.filter(verb="person_updated", object_id=str(person.pk)).order_by("-pk").first()
    assert event.data == {"fields": ["phone"]}  # no dated fact changed: today on only
