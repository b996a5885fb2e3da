"""A spell carries its person's village (CategorySpell.area): written with it and moved with the person
wherever the person's area changes, so that the category filter, its count and the chips of an area,
which read the spells' own area, list the people who live there now."""

import datetime
import io

from guanai.accounts.scoping import scope_for
from guanai.people.imports import people_import_file
from guanai.people.models import CategorySpell, Person, RelationshipKind, SpellSource
from guanai.people.schemas import PersonFilter, PersonIn
from guanai.people.selectors import category_chip_counts, category_counts, person_page
from guanai.people.services import category_manual_add, person_update, transfer_decide
from guanai.people.spells import categories_recompute
from guanai.people.tests.factories import (
    LONGKOU,
    XINMINJIE,
    CategorySpellFactory,
    PersonFactory,
    RelationshipFactory,
    TransferRequestFactory,
    id_number_make,
)
from guanai.people.tests.imports.workbooks import xlsx

ORPHAN = "orphan"


def _listed(user, category: str = ORPHAN) -> list[str]:
    results = person_page(scope=scope_for(user), filters=PersonFilter(category=category))
    return [p.name for p in results[0:results.count()]]


def _areas(person) -> set[str]:
    return set(CategorySpell.objects.filter(person=person).values_list("area_id", flat=True))


def _facts(person, **changes) -> PersonIn:
    return PersonIn(**{"area_code": person.area_id, "name": person.name, "sex": person.sex,
                       "birth_date": person.birth_date, **changes})


def test_a_manual_spell_lies_in_its_persons_village(director):
    person = PersonFactory(area_id=XINMINJIE)
    spell = category_manual_add(actor=director, scope=scope_for(director), person=person, category=ORPHAN,
                                started_on=datetime.date(2026, 1, 1), reason="民政局认定")
    spell.refresh_from_db()
    assert spell.area_id == XINMINJIE


def test_a_spell_saved_without_an_area_takes_its_persons(db):
    spell = CategorySpellFactory(person=PersonFactory(area_id=LONGKOU))
    spell.refresh_from_db()
    assert spell.area_id == LONGKOU


def test_spells_the_rules_open_lie_in_their_persons_village(db):
    # A rural child living with grandparents whose parents both work away (the rules' bulk insert).
    kid = PersonFactory(area_id=LONGKOU, birth_date=datetime.date(2016, 3, 1),
                        living_arrangement="with_grandparents")
    for sex in ("male", "female"):
        parent = PersonFactory(area_id=LONGKOU, sex=sex, birth_date=datetime.date(1988, 1, 1),
                               is_migrant_worker=True, away_scope="out_of_province")
        RelationshipFactory(person=kid, relative=parent, kind=RelationshipKind.PARENT)
    categories_recompute(person_ids=[kid.pk], on=datetime.date(2026, 11, 23))
    assert CategorySpell.objects.filter(person=kid, category="left_behind_child", ended_on__isnull=True).exists()
    assert _areas(kid) == {LONGKOU}


def test_moving_a_person_moves_their_spells_and_the_category_filter_follows(county, director, outsider):
    person = PersonFactory(name="王秀英", area_id=XINMINJIE)
    CategorySpellFactory(person=person, category=ORPHAN, source=SpellSource.MANUAL)
    CategorySpellFactory(person=person, category="living_alone", source=SpellSource.MANUAL,
                         ended_on=datetime.date(2026, 6, 1))
    assert (_listed(director), _listed(outsider)) == (["王秀英"], [])
    person_update(actor=county, scope=scope_for(county), person=person, data=_facts(person, area_code=LONGKOU))
    assert _areas(person) == {LONGKOU}  # the ended spell too: a spell lies where its person lives
    assert (_listed(director), _listed(outsider)) == ([], ["王秀英"])
    assert person_page(scope=scope_for(outsider), filters=PersonFilter(category=ORPHAN)).count() == 1
    assert category_counts(scope=scope_for(outsider))[ORPHAN] == 1
    assert category_counts(scope=scope_for(director))[ORPHAN] == 0
    assert category_chip_counts(scope=scope_for(outsider))[0][ORPHAN] == 1


def test_an_edit_that_keeps_the_village_keeps_the_spells(director):
    person = PersonFactory(name="王秀英", area_id=XINMINJIE)
    CategorySpellFactory(person=person, category=ORPHAN, source=SpellSource.MANUAL)
    person_update(actor=director, scope=scope_for(director), person=person, data=_facts(person, name="王秀兰"))
    assert _areas(person) == {XINMINJIE}
    assert _listed(director) == ["王秀兰"]


def test_an_accepted_transfer_moves_the_spells(director, outsider):
    person = PersonFactory(name="王秀英", area_id=XINMINJIE)
    CategorySpellFactory(person=person, category=ORPHAN, source=SpellSource.MANUAL)
    transfer_decide(actor=director, scope=scope_for(director), transfer=TransferRequestFactory(person=person),
                    accept=True)
    assert _areas(person) == {LONGKOU}
    assert (_listed(director), _listed(outsider)) == ([], ["王秀英"])


def test_an_import_that_moves_a_person_moves_their_spells(county, director, outsider):
    number = id_number_make(birth_date=datetime.date(1950, 1, 1), sex="female")

    def run(area_code: str):
        data = xlsx([["姓名", "身份证号", "区划代码"], ["王秀英", number, area_code]])
        return people_import_file(actor=county, scope=scope_for(county), source=io.BytesIO(data),
                                  filename="名单.xlsx")[0]

    run(XINMINJIE)
    person = Person.objects.get()
    CategorySpellFactory(person=person, category=ORPHAN, source=SpellSource.MANUAL)
    assert run(LONGKOU).updated == 1
    assert _areas(person) == {LONGKOU}
    assert (_listed(director), _listed(outsider)) == ([], ["王秀英"])
