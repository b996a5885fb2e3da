"""The first version of the indicators in guanai/reports/catalogue.py (rows already present are kept)."""

from django.db import migrations


def load(apps, schema_editor):
    from guanai.reports.catalogue import CATALOGUE

    Indicator = apps.get_model("reports", "Indicator")
    present = set(Indicator.objects.values_list("code", flat=True))
    Indicator.objects.bulk_create([
        Indicator(code=code, version=1, is_current=True, name=name, description=description, measure=measure,
                  filters=filters, denominator_measure=den, denominator_filters=den_filters, unit=unit,
                  section=section, order=order)
        for code, name, description, measure, filters, den, den_filters, unit, section, order in CATALOGUE
        if code not in present])


def unload(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(version=1, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
