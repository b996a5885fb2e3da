"""The workforce indicators added to guanai/reports/catalogue.py once the workforce app landed (儿童主任、
儿童督导员 and their coverage; only codes not yet present are added, as in 0003)."""

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


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_facility_indicators"), ("workforce", "0002_default_rule")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
