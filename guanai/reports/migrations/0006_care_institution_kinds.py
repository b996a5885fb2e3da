"""The care institutions by kind (城市公办, 敬老院, 社会力量兴办, 居家养老服务中心(站)), as the 红河州 2021
reply counts its 582 institutions: the catalogue's codes not yet present are added; rows already
there are the truth."""

from django.db import migrations

CODES = ("urban_public_care_homes", "care_homes", "private_care_homes", "home_care_stations")


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
    dependencies = [("reports", "0005_refresh_indexes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
