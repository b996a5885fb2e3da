"""The first version of the indicators in guanai/reports/catalogue.py (rows already present are kept)."""

from django.db import migrations


def load(apps, schema_editor):
    from guanai.reports.catalogue import catalogue_add

    catalogue_add(apps)


def unload(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(version=1, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
