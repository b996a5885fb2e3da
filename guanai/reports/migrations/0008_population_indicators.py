"""The resident population indicators (常住人口, 常住60周岁及以上人口 and the aging share), counted from
the population figures a bureau enters (ResidentPopulation): the catalogue's codes not yet present are
added; rows already there are the truth."""

from django.db import migrations

CODES = ("resident_population", "resident_aged_60_plus", "resident_aging_share")


def load(apps, schema_editor):
    from guanai.reports.catalogue import catalogue_add

    catalogue_add(apps, CODES)


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_resident_population")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
