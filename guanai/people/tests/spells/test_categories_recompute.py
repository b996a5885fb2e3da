"""categories_recompute: spells open and close with the facts, with reasons; manual spells untouched;
risk levels kept; a constant number of queries per chunk; one Event per call."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guanai.audit.models import Event
from guanai.people.models import CategorySpell, Person, RelationshipKind, SpellSource
from guanai.people.spells import categories_recompute
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory, RelationshipFactory

ON = date(2026, 11, 23)
pytestmark = pytest.mark.django_db


def _family(*, birth_date=date(2016, 3, 1), **child_facts):
    """A rural child living with grandparents whose father and mother both work away."""
    kid = PersonFactory(name="张小明", birth_date=birth_date, living_arrangement="with_grandparents", **child_facts)
    dad = PersonFactory(name="张三", sex="male", birth_date=date(1988, 1, 1), is_migrant_worker=True,
                        away_scope="out_of_province")
    mum = PersonFactory(name="李梅", sex="female", birth_date=date(1990, 1, 1), is_migrant_worker=True,
                        away_scope="out_of_county")
    for parent in (dad, mum):
        RelationshipFactory(person=kid, relative=parent, kind=RelationshipKind.PARENT)
    return kid, dad, mum


def _open(person):
    return {s.category: s for s in CategorySpell.objects.filter(person=person, ended_on__isnull=True)}


def test_opens_left_behind_child_with_reason_and_risk():
    kid, dad, mum = _family()
    result = categories_recompute(person_ids=[kid.pk, dad.pk, mum.pk], on=ON)
    spell = _open(kid)["left_behind_child"]
    assert (spell.started_on, spell.source) == (ON, SpellSource.RULE)
    assert spell.reason == "农村户籍、未满16周岁，父亲张三外出务工，母亲李梅外出务工"
    assert (result.people, result.opened, result.closed) == (3, 1, 0)
    kid.refresh_from_db()
    dad.refresh_from_db()
    assert (kid.risk_level, dad.risk_level) == ("medium", "")


def test_reasons_are_stored_as_messages_and_read_in_the_readers_language():
    """The reason is a key with parameters: Chinese for a Chinese reader, English for an English one,
    from the same row; the end reason too."""
    kid, dad, mum = _family()
    categories_recompute(person_ids=[kid.pk], on=ON)
    spell = _open(kid)["left_behind_child"]
    assert spell.reason_message["key"] == "%(clauses)s"
    with translation.override("zh-hans"):
        assert spell.reason_text == "农村户籍、未满16周岁，父亲张三外出务工，母亲李梅外出务工"
    with translation.override("en"):
        assert spell.reason_text == "rural hukou, under 16, father 张三 works away, mother 李梅 works away"
    Person.objects.filter(pk=dad.pk).update(is_migrant_worker=False, away_scope="")
    categories_recompute(person_ids=[kid.pk], on=ON)
    spell.refresh_from_db()
    assert spell.end_reason == "不再符合：父亲张三在家（未外出务工）"
    with translation.override("en"):
        assert spell.end_reason_text == "no longer met: father 张三 is at home (not working away)"


def test_a_manual_reason_is_shown_as_typed():
    spell = CategorySpellFactory(source=SpellSource.MANUAL, reason="村委会核实：监护不当")
    with translation.override("en"):
        assert spell.reason_text == "村委会核实：监护不当"


def test_second_run_changes_nothing():
    kid, _, _ = _family()
    categories_recompute(person_ids=[kid.pk], on=ON)
    result = categories_recompute(person_ids=[kid.pk], on=ON)
    assert (result.opened, result.closed, result.risk_changed) == (0, 0, 0)


def test_parent_coming_home_closes_the_spell_with_the_reason():
    kid, dad, _ = _family()
    categories_recompute(person_ids=[kid.pk], on=ON)
    Person.objects.filter(pk=dad.pk).update(is_migrant_worker=False, away_scope="")
    later = date(2026, 12, 5)
    result = categories_recompute(person_ids=[kid.pk], on=later)
    spell = CategorySpell.objects.get(person=kid, category="left_behind_child")
    assert (spell.ended_on, spell.end_reason) == (later, "不再符合：父亲张三在家（未外出务工）")
    assert result.closed == 1
    kid.refresh_from_db()
    assert kid.risk_level == ""


def test_ended_relationship_no_longer_counts():
    kid, dad, _ = _family()
    categories_recompute(person_ids=[kid.pk], on=ON)
    kid.relationships.filter(relative=dad).update(ended_on=date(2026, 12, 1))
    categories_recompute(person_ids=[kid.pk], on=date(2026, 11, 30))
    assert "left_behind_child" in _open(kid)
    categories_recompute(person_ids=[kid.pk], on=date(2026, 12, 1))
    assert _open(kid) == {}


def test_child_turning_16_closes_the_spell():
    kid, _, _ = _family(birth_date=date(2010, 12, 1))
    categories_recompute(person_ids=[kid.pk], on=ON)
    categories_recompute(person_ids=[kid.pk], on=date(2026, 12, 1))
    spell = CategorySpell.objects.get(person=kid, category="left_behind_child")
    assert (spell.ended_on, spell.end_reason) == (date(2026, 12, 1), "不再符合：已满16周岁")


def test_death_closes_every_spell():
    old = PersonFactory(birth_date=date(1940, 1, 1), living_arrangement="alone")
    categories_recompute(person_ids=[old.pk], on=ON)
    assert set(_open(old)) == {"living_alone", "oldest_old", "special_difficulty_elder"}
    Person.objects.filter(pk=old.pk).update(died_on=date(2026, 11, 30))
    result = categories_recompute(person_ids=[old.pk], on=date(2026, 12, 1))
    assert result.closed == 3 and _open(old) == {}
    assert set(CategorySpell.objects.filter(person=old).values_list("end_reason", flat=True)) == {
        "不再符合：已死亡（2026-11-30）"}
    old.refresh_from_db()
    assert old.risk_level == ""


def test_a_death_recorded_late_ends_every_spell_on_the_day_of_death():
    # DESIGN.md "Facts over time": a death in March 2021 recorded in November 2026 ends the categories
    # in March 2021, manual ones too, so that the 2021-2026 counts no longer hold the person.
    old = PersonFactory(birth_date=date(1940, 1, 1), living_arrangement="alone")
    categories_recompute(person_ids=[old.pk], on=date(2020, 6, 1))
    manual = CategorySpellFactory(person=old, category="child_in_difficulty", source=SpellSource.MANUAL,
                                  started_on=date(2019, 1, 1), reason="县民政局认定")
    Person.objects.filter(pk=old.pk).update(died_on=date(2021, 3, 10))
    result = categories_recompute(person_ids=[old.pk], on=ON)
    assert result.closed == 4 and _open(old) == {}
    ended = dict(CategorySpell.objects.filter(person=old).values_list("category", "ended_on"))
    assert ended == {"living_alone": date(2021, 3, 10), "oldest_old": date(2021, 3, 10),
                     "special_difficulty_elder": date(2021, 3, 10), "child_in_difficulty": date(2021, 3, 10)}
    manual.refresh_from_db()
    assert manual.end_reason.endswith("已死亡（2021-03-10）")


def test_a_spell_opened_after_an_unrecorded_death_ends_where_it_began():
    old = PersonFactory(birth_date=date(1940, 1, 1), living_arrangement="alone")
    categories_recompute(person_ids=[old.pk], on=date(2022, 5, 1))  # opened in 2022: the death was not known
    Person.objects.filter(pk=old.pk).update(died_on=date(2021, 3, 10))
    categories_recompute(person_ids=[old.pk], on=ON)
    assert set(CategorySpell.objects.filter(person=old).values_list("started_on", "ended_on")) == {
        (date(2022, 5, 1), date(2022, 5, 1))}  # held on no day


def test_a_death_on_the_day_of_the_recompute_ends_the_spells_that_day():
    old = PersonFactory(birth_date=date(1940, 1, 1), living_arrangement="alone")
    categories_recompute(person_ids=[old.pk], on=date(2022, 5, 1))
    Person.objects.filter(pk=old.pk).update(died_on=ON)
    categories_recompute(person_ids=[old.pk], on=ON)
    assert set(CategorySpell.objects.filter(person=old).values_list("ended_on", flat=True)) == {ON}


def test_a_spell_ended_for_another_reason_ends_on_the_recompute_day():
    kid, _, _ = _family()
    categories_recompute(person_ids=[kid.pk], on=date(2024, 1, 1))
    categories_recompute(person_ids=[kid.pk], on=date(2032, 4, 1))  # turned 16 on 1 March 2032, alive
    assert CategorySpell.objects.get(person=kid, category="left_behind_child").ended_on == date(2032, 4, 1)


def test_parent_death_turns_left_behind_into_de_facto():
    kid, dad, mum = _family()
    categories_recompute(person_ids=[kid.pk], on=ON)
    Person.objects.filter(pk=dad.pk).update(died_on=date(2026, 1, 1))
    Person.objects.filter(pk=mum.pk).update(custody_type="imprisoned", custody_since=date(2026, 11, 1),
                                            custody_term_months=36, is_migrant_worker=False)
    result = categories_recompute(person_ids=[kid.pk], on=date(2026, 12, 1))
    assert set(_open(kid)) == {"de_facto_orphan"}
    assert (result.opened, result.closed) == (1, 1)


def test_manual_spells_are_never_touched():
    kid, _, _ = _family()
    manual = CategorySpellFactory(person=kid, category="child_in_difficulty", source=SpellSource.MANUAL,
                                  reason="监护不当遭受意外伤害")
    manual_same = CategorySpellFactory(person=kid, category="left_behind_child", source=SpellSource.MANUAL)
    categories_recompute(person_ids=[kid.pk], on=ON)
    for spell in (manual, manual_same):
        before = spell.updated_at
        spell.refresh_from_db()
        assert spell.ended_on is None and spell.updated_at == before
    # The manual left_behind_child spell already holds the category: no rule spell beside it.
    assert not CategorySpell.objects.filter(person=kid, source=SpellSource.RULE).exists()


def test_manual_category_counts_for_risk():
    adult = PersonFactory(birth_date=date(1980, 1, 1))
    CategorySpellFactory(person=adult, category="child_in_difficulty", source=SpellSource.MANUAL)
    categories_recompute(person_ids=[adult.pk], on=ON)
    adult.refresh_from_db()
    assert adult.risk_level == "medium"


def test_elder_with_children_away_is_left_behind():
    old = PersonFactory(birth_date=date(1950, 1, 1), living_arrangement="with_spouse")
    son = PersonFactory(birth_date=date(1975, 1, 1), away_scope="out_of_province", away_since=date(2020, 1, 1))
    RelationshipFactory(person=son, relative=old, kind=RelationshipKind.PARENT)
    categories_recompute(person_ids=[old.pk], on=ON)
    assert set(_open(old)) == {"left_behind_elder", "special_difficulty_elder"}


def test_one_event_per_call_with_counts():
    kids = [_family()[0] for _ in range(3)]
    categories_recompute(person_ids=[k.pk for k in kids], on=ON)
    event = Event.objects.get(verb="categories_recomputed")
    assert event.data["opened"] == 3 and event.data["opened_by_category"] == {"left_behind_child": 3}
    assert event.data["on"] == "2026-11-23"


def test_queries_do_not_grow_with_people():
    def queries(n):
        ids = []
        for _ in range(n):
            ids += [p.pk for p in _family()]
        with CaptureQueriesContext(connection) as captured:
            categories_recompute(person_ids=ids, on=ON)
        return len(captured)

    queries(1)  # the audit chain's very first row also reads where the chain starts, once
    assert queries(2) == queries(20)


def test_chunks_cover_everyone(monkeypatch):
    monkeypatch.setattr("guanai.people.spells.CHUNK_SIZE", 2)
    kids = [_family()[0] for _ in range(3)]
    result = categories_recompute(person_ids=[k.pk for k in kids], on=ON)
    assert (result.people, result.opened) == (3, 3)
