"""The facility indicators added to guanai/reports/catalogue.py once the facilities app landed (only
codes not yet present are added; rows already there are the truth)."""

from django.db import migrations


def load(apps, schema_editor):
    from guanai.reports.catalogue import catalogue_add

    catalogue_add(apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
