"""The RULES.md defaults as rows, so an administrator sees and edits them in the admin (rules.py holds
the same values as the fallback when no row is in force)."""

import datetime
from decimal import Decimal

from django.db import migrations

START = datetime.date(2022, 10, 1)  # the ten-department visit-and-care guidance, October 2022

# Copied from rules.DEFAULT_FREQUENCIES / DEFAULT_THRESHOLDS as they stood (a migration must not change
# when the code does): (risk level, interval days, home interval days, event hours, source).
FREQUENCIES = [
    ("high", 7, 91, 24, "内蒙古2022：高风险每周探访，重大事件后24小时内探访；季度入户为本系统默认（RULES.md）"),
    ("medium", 30, 91, None, "内蒙古2022、青海：至少每月探访；季度入户为本系统默认（RULES.md）"),
    ("low", 91, None, None, "内蒙古2022：其余对象每季度探访（RULES.md）"),
]
# (signal, threshold, window hours, SLA hours, source)
THRESHOLDS = [
    ("sos", None, None, 1, "本系统默认：一键呼叫1小时内电话或上门响应"),
    ("fall", None, None, 1, "本系统默认：跌倒报警1小时内响应"),
    ("water_usage", Decimal("0.010"), 12, 24, "本系统默认（issue 5）：12小时用水量低于0.01立方米，24小时内响应"),
    ("door_not_opened", Decimal("24"), None, 24, "本系统默认：门24小时以上未开启，24小时内响应"),
]


def add_defaults(apps, schema_editor):
    VisitRule = apps.get_model("visits", "VisitRule")
    AlertRule = apps.get_model("visits", "AlertRule")
    for level, interval, home, hours, source in FREQUENCIES:
        VisitRule.objects.create(area=None, risk_level=level, interval_days=interval, home_interval_days=home,
                                 event_due_hours=hours, effective_from=START, source=source)
    for signal, threshold, window, sla, source in THRESHOLDS:
        AlertRule.objects.create(area=None, signal=signal, threshold=threshold, window_hours=window,
                                 sla_hours=sla, effective_from=START, source=source)


def remove_defaults(apps, schema_editor):
    apps.get_model("visits", "VisitRule").objects.filter(area=None, effective_from=START).delete()
    apps.get_model("visits", "AlertRule").objects.filter(area=None, effective_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
