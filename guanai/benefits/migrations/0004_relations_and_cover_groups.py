"""The national exclusivity table and price-subsidy cover groups (RULES.md Money), as rows counties edit."""

import datetime

from django.db import migrations

D = datetime.date
# The exclusivity table (RULES.md Money, "No double payment"): in a month the person receives `other`,
# `programme` is not paid (excluded) or pays the difference (top_up). (programme, other, effect, source)
RELATIONS: tuple = (
    ("de_facto_orphan_allowance", "orphan_allowance", "excluded",
     "RULES.md：孤儿基本生活费与事实无人抚养儿童生活补贴不同时发放（孤儿优先）"),
    ("orphan_allowance", "tekun", "excluded", "RULES.md：已纳入特困供养的，不再发放孤儿基本生活费"),
    ("de_facto_orphan_allowance", "tekun", "excluded",
     "民发〔2019〕62号（本系统读法）：已纳入特困供养的，不再发放事实无人抚养儿童生活补贴"),
    ("de_facto_orphan_allowance", "dibao", "top_up", "民发〔2019〕62号：已领取低保金的，补差发放"),
    ("de_facto_orphan_allowance", "disability", "top_up",
     "民发〔2019〕62号：已领取残疾人两项补贴的，补差发放"),
    ("price_subsidy", "dibao", "excluded", "发改价格〔2021〕1553号：低保对象随低保金发放，不重复发放"),
    ("price_subsidy", "tekun", "excluded", "发改价格〔2021〕1553号：特困人员随供养金发放，不重复发放"),
)

# The price-subsidy cover groups (RULES.md price_subsidy, 发改价格〔2021〕1553号 and the 2022-23 temporary
# extension): (group, dibao standard, first index month, last index month or None, source).
COVER_GROUPS: tuple = (
    ("orphan", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：孤儿"),
    ("de_facto_orphan", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：事实无人抚养儿童"),
    ("dibao", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：城乡低保对象（随低保金发放）"),
    ("tekun", "rural", D(2021, 1, 1), None, "发改价格〔2021〕1553号：特困人员（随供养金发放）"),
    ("youfu", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：领取国家定期抚恤补助的优抚对象"),
    ("unemployment_insurance", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：领取失业保险金人员"),
    ("hiv_child", "urban", D(2021, 1, 1), None, "发改价格〔2021〕1553号：感染艾滋病病毒儿童"),
    ("unemployment_assistance", "urban", D(2022, 8, 1), D(2023, 2, 1),
     "2022-23年阶段性措施：领取失业补助金人员（2022年8月至2023年2月的指数）"),
    ("dibao_edge", "rural", D(2022, 8, 1), D(2023, 2, 1),
     "2022-23年阶段性措施：低保边缘人口（2022年8月至2023年2月的指数）"),
)


def seed(apps, schema_editor):
    Relation = apps.get_model("benefits", "ProgrammeRelation")
    CoverGroup = apps.get_model("benefits", "PriceCoverGroup")
    for programme, other, effect, source in RELATIONS:
        Relation.objects.get_or_create(programme_id=programme, other=other, area=None, defaults={
            "effect": effect, "effective_from": D(2021, 1, 1), "source": source})
    for group, variant, start, end, source in COVER_GROUPS:
        CoverGroup.objects.get_or_create(group=group, area=None, effective_from=start, defaults={
            "variant": variant, "effective_to": end, "source": source})


def unseed(apps, schema_editor):
    apps.get_model("benefits", "ProgrammeRelation").objects.filter(area=None).delete()
    apps.get_model("benefits", "PriceCoverGroup").objects.filter(area=None).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0003_exclusivity_and_line_basis")]
    operations = [migrations.RunPython(seed, unseed)]
