"""The care institutions by kind (城市公办, 敬老院, 社会力量兴办, 居家养老服务中心(站)), as the 红河州 2021
reply counts its 582 institutions: the catalogue's codes not yet present are added; rows already
there are the truth."""

from django.db import migrations

CODES = ("urban_public_care_homes", "care_homes", "private_care_homes", "home_care_stations")


def load(apps, schema_editor):
    from guanai.reports.catalogue import catalogue_add

    catalogue_add(apps, CODES)


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_refresh_indexes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
