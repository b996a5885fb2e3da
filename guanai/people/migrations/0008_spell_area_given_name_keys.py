# Issue 16 (search among 1,000,000 people): a spell carries its person's area, and every name its
# given name's search key.

import django.db.models.deletion
from django.db import migrations, models

BATCH = 5_000


def spell_areas_fill(apps, schema_editor):
    """Existing spells take their person's area (one statement; nothing to do on a new database)."""
    spell, person = apps.get_model("people", "CategorySpell")._meta, apps.get_model("people", "Person")._meta
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(spell.db_table)} SET {quote('area_id')} = (SELECT p.{quote('area_id')} "  # noqa: S608
            f"FROM {quote(person.db_table)} p WHERE p.{quote('id')} = {quote(spell.db_table)}.{quote('person_id')})")


def given_name_keys_fill(apps, schema_editor):
    """Existing people get their given name's key (pinyin.GIVEN_MARK), as the services write it now
    (services.person_write_name_keys): only the keys they lack, a batch of people at a time."""
    from guanai.people.pinyin import GIVEN_MARK, name_keys

    Person, NameKey = apps.get_model("people", "Person"), apps.get_model("people", "NameKey")
    last = 0
    while batch := list(Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name", "area_id")[:BATCH]):
        last = batch[-1][0]
        have = set(NameKey.objects.filter(person_id__gte=batch[0][0], person_id__lte=last, key__lt="1")
                   .values_list("person_id", "key"))
        rows = [NameKey(person_id=pk, area_id=area_id, key=key) for pk, name, area_id in batch
                for key in name_keys(name) if key.startswith(GIVEN_MARK) and (pk, key) not in have]
        NameKey.objects.bulk_create(rows, batch_size=1_000)


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0001_initial'),
        ('people', '0007_spell_reason_messages'),
    ]

    operations = [
        migrations.AddField(
            model_name='categoryspell',
            name='area',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name='+', to='areas.area'),
        ),
        migrations.RunPython(spell_areas_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='categoryspell',
            name='area',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='areas.area'),
        ),
        migrations.AddIndex(
            model_name='categoryspell',
            index=models.Index(condition=models.Q(('ended_on__isnull', True)), fields=['category', 'area', 'person'],
                               name='spell_open_cat_area'),
        ),
        migrations.RunPython(given_name_keys_fill, migrations.RunPython.noop),
    ]
