"""Migration 0010's rewrite, run against the current models: a given name's key in pinyin becomes its
characters; the pinyin keys of the whole name stay as they were."""

import importlib

from django.apps import apps

from guanai.people.models import NameKey
from guanai.people.tests.factories import XINMINJIE, PersonFactory

migration = importlib.import_module("guanai.people.migrations.0010_given_name_keys_in_characters")


def test_given_names_keys_are_rewritten_in_characters(db, monkeypatch):
    monkeypatch.setattr(migration, "BATCH", 1)  # a batch of people at a time
    person, single, other = PersonFactory(name="张小明"), PersonFactory(name="王"), PersonFactory(name="欧阳娜娜")
    NameKey.objects.filter(person=person, key="0小明").update(key="0xiaoming")  # as written before
    NameKey.objects.filter(person=other, key="0娜娜").update(key="0nana")
    pinyin = set(NameKey.objects.exclude(key__startswith="0").values_list("person_id", "key"))
    migration.given_name_keys_rewrite(apps, None)
    assert sorted(NameKey.objects.filter(key__startswith="0").values_list("person_id", "key", "area_id")) == [
        (person.pk, "0小明", XINMINJIE), (other.pk, "0娜娜", other.area_id)]
    assert set(NameKey.objects.exclude(key__startswith="0").values_list("person_id", "key")) == pinyin
    assert not NameKey.objects.filter(person=single, key__startswith="0").exists()
