"""The workforce indicators added to guanai/reports/catalogue.py once the workforce app landed (儿童主任、
儿童督导员 and their coverage; only codes not yet present are added, as in 0003)."""

from django.db import migrations


def load(apps, schema_editor):
    from guanai.reports.catalogue import catalogue_add

    catalogue_add(apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_facility_indicators"), ("workforce", "0002_default_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
