"""Migration 0008's backfills, run against the current models: spells take their person's village, and
people written before it get their given name's key once."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from guanai.people.models import CategorySpell, NameKey
from guanai.people.pinyin import GIVEN_MARK
from guanai.people.tests.factories import LONGKOU, XINMINJIE, CategorySpellFactory, PersonFactory

migration = importlib.import_module("guanai.people.migrations.0008_spell_area_given_name_keys")


def test_spells_take_their_persons_village(db):
    spell = CategorySpellFactory(person=PersonFactory(area_id=XINMINJIE))
    CategorySpell.objects.filter(pk=spell.pk).update(area_id=LONGKOU)  # as if written before the column
    migration.spell_areas_fill(apps, SimpleNamespace(connection=connection))  # it uses the editor's connection
    spell.refresh_from_db()
    assert spell.area_id == XINMINJIE


def test_people_get_their_given_names_key_once(db):
    person, single = PersonFactory(name="张小明"), PersonFactory(name="王")
    NameKey.objects.filter(key__startswith=GIVEN_MARK).delete()  # as written before the given-name keys
    for _ in range(2):
        migration.given_name_keys_fill(apps, None)
    assert list(NameKey.objects.filter(key__startswith=GIVEN_MARK).values_list("person_id", "key", "area_id")) == [
        (person.pk, "0小明", XINMINJIE)]
    assert not NameKey.objects.filter(person=single, key__startswith=GIVEN_MARK).exists()
