"""Version 2 of the child directors' and supervisors' coverage (儿童主任配备率、儿童督导员配备率; issue 14
follow-up): a period's rate divides by the villages (towns) that existed on its day, as the children's
homes' coverage does since reports migration 0009 (areas.models.in_force; the NBS "other units" were
left out already). Version 1 counted every area not ended: 红河州's 2021 directors came to 1,360 of
1,361 villages, 99.9%, because 学苑社区, created in 2022, was one of them. Version 1 is kept, no longer
current; where the store holds figures, the next incremental refresh recounts (catalogue.py)."""

from django.db import migrations

from guanai.reports.catalogue import catalogue_administrative_version, catalogue_administrative_version_undo

DESCRIPTIONS = {
    "child_director_coverage": "期末有在岗儿童主任的村(社区) ÷ 期末已设立的村(社区)数"
                               "(不含林场等“其他单位”；统计期后新设的村(社区)不计)。",
    "child_supervisor_coverage": "期末有在岗儿童督导员的乡镇(街道) ÷ 期末已设立的乡镇(街道)数(不含“其他单位”)。",
}


def forward(apps, schema_editor):
    catalogue_administrative_version(apps, DESCRIPTIONS)


def backward(apps, schema_editor):
    catalogue_administrative_version_undo(apps, DESCRIPTIONS)


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_children_home_coverage_v2"), ("audit", "0003_hash_chain_purpose")]
    operations = [migrations.RunPython(forward, backward)]
