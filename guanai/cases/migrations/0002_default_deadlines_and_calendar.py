"""Seed the editable tables: the issue's default deadlines, and the official working-day calendar for
2025-2027 from the `holidays` package (days off on weekdays, weekend make-up workdays, 调休). 2025
and 2026 follow the State Council General Office's notices; 2027 is the package's estimate until the
notice comes out (an administrator corrects it in December)."""

from django.db import migrations

DEADLINES = [
    ("first_contact", 24, "hours", "village", "issue 6: first contact within 24 hours of the report"),
    ("assessment", 5, "working_days", "township", "issue 6: assessment within 5 working days of the report"),
    ("plan", 10, "working_days", "township", "issue 6: plan within 10 working days of the report"),
    ("review", 20, "working_days", "township", "local default: a review every 20 working days while the plan runs"),
]
YEARS = (2025, 2026, 2027)


def seed(apps, schema_editor):
    from guanai.cases.workdays import official_calendar

    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    WorkdayAdjustment = apps.get_model("cases", "WorkdayAdjustment")
    for step, amount, unit, owner_level, source in DEADLINES:
        DeadlineRule.objects.get_or_create(step=step, defaults={"amount": amount, "unit": unit,
                                                                "owner_level": owner_level, "source": source})
    have = set(WorkdayAdjustment.objects.values_list("day", flat=True))
    WorkdayAdjustment.objects.bulk_create([
        WorkdayAdjustment(day=day, kind=kind, name=name, source=source)
        for day, kind, name, source in official_calendar(YEARS) if day not in have])


def unseed(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.all().delete()
    apps.get_model("cases", "WorkdayAdjustment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
