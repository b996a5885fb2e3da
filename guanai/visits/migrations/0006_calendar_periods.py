"""Weekly, monthly and quarterly visits are calendar periods (RULES.md "Visit frequency")."""

import datetime

from django.db import migrations, models

# RULES.md "Visit frequency": the default rows of 0002 become calendar periods (level: period, home period).
PERIODS = {"high": ("iso_week", "calendar_quarter"), "medium": ("calendar_month", "calendar_quarter"),
           "low": ("calendar_quarter", "")}


def to_calendar(apps, schema_editor):
    VisitRule = apps.get_model("visits", "VisitRule")
    for level, (period, home) in PERIODS.items():
        VisitRule.objects.filter(area=None, risk_level=level, effective_from=datetime.date(2022, 10, 1)).update(
            period=period, home_period=home)


def to_days(apps, schema_editor):
    apps.get_model("visits", "VisitRule").objects.update(period="", home_period="")


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0005_visit_rate_covering_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='visitrule',
            name='home_period',
            field=models.CharField(blank=True, choices=[('', '按天数间隔'), ('iso_week', '每自然周'), ('calendar_month', '每自然月'), ('calendar_quarter', '每自然季度')], help_text='选择自然周/月/季度时，每个周期内至少入户一次', max_length=20, verbose_name='入户周期'),
        ),
        migrations.AddField(
            model_name='visitrule',
            name='period',
            field=models.CharField(blank=True, choices=[('', '按天数间隔'), ('iso_week', '每自然周'), ('calendar_month', '每自然月'), ('calendar_quarter', '每自然季度')], help_text='选择自然周/月/季度时，每个周期内至少联系一次（不再按天数计算）', max_length=20, verbose_name='探访周期'),
        ),
        migrations.RunPython(to_calendar, to_days),
    ]
