# Issue 16 (search among 1,000,000 people): a given name's key holds its characters (0小明), not its
# pinyin (0xiaoming), and every key compares code point by code point (search.starts_with). The
# indexes are dropped while the keys are rewritten (one per person) and built again after.

import guanai.core.collation
from django.db import migrations, models

BATCH = 5_000


def given_name_keys_rewrite(apps, schema_editor):
    """Every person's given-name key again, as services.person_write_name_keys writes it now: the old
    keys deleted in one statement, the new ones written a batch of people at a time."""
    from guanai.people.pinyin import GIVEN_MARK, name_keys

    Person, NameKey = apps.get_model("people", "Person"), apps.get_model("people", "NameKey")
    NameKey.objects.filter(key__startswith=GIVEN_MARK).delete()
    last = 0
    while batch := list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name", "area_id")[:BATCH]):
        last = batch[-1][0]
        NameKey.objects.bulk_create([NameKey(person_id=pk, area_id=area_id, key=key) for pk, name, area_id in batch
                                     for key in name_keys(name) if key.startswith(GIVEN_MARK)], batch_size=1_000)


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0002_area_started_on'),
        ('people', '0009_person_name_area'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='namekey',
            name='namekey_area_key',
        ),
        migrations.RemoveIndex(
            model_name='namekey',
            name='namekey_key_area_person',
        ),
        migrations.RunPython(given_name_keys_rewrite, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='namekey',
            index=models.Index(guanai.core.collation.CodePointOrder('key'), models.F('area'), models.F('person'), name='namekey_key_area_person'),
        ),
        migrations.AddIndex(
            model_name='namekey',
            index=models.Index(models.F('area'), guanai.core.collation.CodePointOrder('key'), name='namekey_area_key'),
        ),
    ]
