"""RULES.md Money: a de facto orphan on a disability allowance gets only the difference (补差). The
national table named the allowance only as an outside benefit (Assistance kind "disability"); where the
county pays 残疾人两项补贴 itself (programme disability_subsidies) the same row is needed, or both were
paid in full."""

import datetime

from django.db import migrations
from django.utils import timezone

SOURCE = "民发〔2019〕62号：已领取残疾人两项补贴的，补差发放（本系统发放的残疾人两项补贴）"


def seed(apps, schema_editor):
    Relation = apps.get_model("benefits", "ProgrammeRelation")
    History = apps.get_model("benefits", "HistoricalProgrammeRelation")
    row, created = Relation.objects.get_or_create(
        programme_id="de_facto_orphan_allowance", other="disability_subsidies", area=None,
        defaults={"effect": "top_up", "effective_from": datetime.date(2021, 1, 1), "source": SOURCE})
    if created:
        History.objects.create(id=row.id, programme_id=row.programme_id, other=row.other, effect=row.effect,
                               area_id=None, effective_from=row.effective_from, effective_to=None, source=SOURCE,
                               updated_at=row.updated_at, history_date=timezone.now(), history_type="+",
                               history_change_reason="初始版本")


def unseed(apps, schema_editor):
    apps.get_model("benefits", "ProgrammeRelation").objects.filter(
        programme_id="de_facto_orphan_allowance", other="disability_subsidies", area=None).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0007_assistance_history_and_recheck")]
    operations = [migrations.RunPython(seed, unseed)]
