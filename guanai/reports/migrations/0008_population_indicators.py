"""The resident population indicators (常住人口, 常住60周岁及以上人口 and the aging share), counted from
the population figures a bureau enters (ResidentPopulation): the catalogue's codes not yet present are
added; rows already there are the truth."""

from django.db import migrations

CODES = ("resident_population", "resident_aged_60_plus", "resident_aging_share")


def load(apps, schema_editor):
    from guanai.reports.catalogue import CATALOGUE

    Indicator = apps.get_model("reports", "Indicator")
    present = set(Indicator.objects.values_list("code", flat=True))
    Indicator.objects.bulk_create([
        Indicator(code=code, version=1, is_current=True, name=name, description=description, measure=measure,
                  filters=filters, denominator_measure=den, denominator_filters=den_filters, unit=unit,
                  section=section, order=order)
        for code, name, description, measure, filters, den, den_filters, unit, section, order in CATALOGUE
        if code in CODES and code not in present])


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_resident_population")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
