"""The default vacancy rule: a post empty for more than 30 days is on the county's list (issue 13)."""

import datetime

from django.db import migrations


def add_rule(apps, schema_editor):
    apps.get_model("workforce", "VacancyRule").objects.create(
        area=None, max_vacant_days=30, effective_from=datetime.date(2019, 1, 1),
        source="默认值：岗位空缺超过30天列入县级督办清单（各县可另设）")


def remove_rule(apps, schema_editor):
    apps.get_model("workforce", "VacancyRule").objects.filter(area=None, max_vacant_days=30).delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]
    operations = [migrations.RunPython(add_rule, remove_rule)]
