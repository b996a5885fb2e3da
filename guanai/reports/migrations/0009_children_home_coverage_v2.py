"""Version 2 of the children's homes' coverage of towns and villages (issue 14): the rate divides by the
villages (towns) that existed on the period's day, not by every area of the edition loaded, and counts
administrative units only, as 儿童主任配备率 does (areas.selectors.in_force_q, administrative_units).

Version 1 divided 红河州's 1,360 homes of 2021 by 1,363 areas: the 2023 division edition's 1,361
village and residents' committees (one, 学苑社区, created in 2022) and its 2 farm living areas, 99.8%
where the 2021 reply says 100%; 凤县's 12 homes by 72 areas (its 2 虚拟生活区 counted), 16.7% where
its 70 villages and communities give 17.1%. Version 1 is kept, no longer current, as editing an
indicator keeps it (services.indicator_version_create); where the store holds figures (a full refresh
has run), an `indicator_versioned` event per indicator, chained like any audit row, makes the next
incremental refresh recount its values over everything the store holds (a new installation has
nothing to recount and gets no event). An indicator already past version 1 (edited by a bureau) is
left as the bureau made it."""

from django.db import migrations

from guanai.reports.catalogue import catalogue_administrative_version, catalogue_administrative_version_undo

DESCRIPTIONS = {
    "children_home_town_coverage": "期末有运营中儿童之家的乡镇(街道) ÷ 期末已设立的乡镇(街道)数(不含林场、农场等“其他单位”)。",
    "children_home_village_coverage": "期末有运营中儿童之家的村(社区) ÷ 期末已设立的村(社区)数"
                                      "(不含农场生活区、虚拟生活区等“其他单位”；统计期后新设的村(社区)不计)。",
}


def forward(apps, schema_editor):
    catalogue_administrative_version(apps, DESCRIPTIONS)


def backward(apps, schema_editor):
    catalogue_administrative_version_undo(apps, DESCRIPTIONS)


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_population_indicators"), ("audit", "0003_hash_chain_purpose"),
                    ("areas", "0002_area_started_on")]
    operations = [migrations.RunPython(forward, backward)]
