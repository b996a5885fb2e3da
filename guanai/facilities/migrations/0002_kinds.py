"""The facility kinds of issue 13 / GLOSSARY.md "Facilities", as rows a county can extend in the admin."""

from django.db import migrations

# code, name, group, coverage level, rated, counted as a care institution (保障型养老服务机构), order
KINDS = [
    ("happiness_home", "农村幸福院", "elderly", "", True, False, 10),
    ("day_care_centre", "日间照料中心", "elderly", "", False, False, 20),
    ("elder_canteen", "老年食堂", "elderly", "", False, False, 30),
    ("urban_public_care_home", "城市公办养老机构", "elderly", "", False, True, 40),
    ("care_home", "敬老院(特困供养服务机构)", "elderly", "", False, True, 50),
    ("private_care_home", "社会力量兴办养老机构", "elderly", "", False, True, 60),
    ("home_care_station", "居家养老服务中心(站)", "elderly", "", False, True, 70),
    ("elder_activity_room", "老年活动室", "elderly", "", False, False, 80),
    ("comprehensive_care_centre", "综合养老服务中心", "elderly", "", False, False, 90),
    ("disabled_care_centre", "失能照护服务中心", "elderly", "", False, False, 100),
    ("children_home", "儿童之家", "children", "village", False, False, 110),
    ("minor_protection_station", "未成年人保护工作站", "children", "township", False, False, 120),
    ("minor_protection_centre", "未成年人保护中心", "children", "county", False, False, 130),
]


def add_kinds(apps, schema_editor):
    FacilityKind = apps.get_model("facilities", "FacilityKind")
    for code, name, group, level, rated, care, order in KINDS:
        FacilityKind.objects.update_or_create(code=code, defaults={
            "name": name, "group": group, "coverage_level": level, "rated": rated, "care_institution": care,
            "order": order})


def remove_kinds(apps, schema_editor):
    apps.get_model("facilities", "FacilityKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("facilities", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, remove_kinds)]
