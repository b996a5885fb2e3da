"""The seven programmes of GLOSSARY.md (Money) and the national price-linkage thresholds (RULES.md)."""

import datetime
from decimal import Decimal

from django.db import migrations

PROGRAMMES = [
    ("longevity_allowance", "高龄津贴", "monthly", "按年龄段按月发放（红河州2020：80-99周岁每月不低于50元，100周岁以上不低于300元）"),
    ("orphan_allowance", "孤儿基本生活费", "monthly", "按当地散居/集中供养孤儿标准按月发放；不与特困供养叠加"),
    ("de_facto_orphan_allowance", "事实无人抚养儿童生活补贴", "monthly", "民发〔2019〕62号：参照当地散居孤儿标准；领取低保或残疾人补贴的补差"),
    ("guardian_care_subsidy", "监护人劳务补助", "monthly", "发给散居孤儿的监护人"),
    ("price_subsidy", "价格临时补贴", "monthly", "发改价格〔2021〕1553号：CPI同比≥3.5%或食品CPI同比≥6%时按月启动"),
    ("temporary_assistance", "临时救助", "one_off", "一次性救助"),
    ("disability_subsidies", "残疾人两项补贴", "monthly", "国发〔2015〕52号：困难残疾人生活补贴和重度残疾人护理补贴"),
]


def seed(apps, schema_editor):
    Programme = apps.get_model("benefits", "Programme")
    PriceTrigger = apps.get_model("benefits", "PriceTrigger")
    for code, name, frequency, source in PROGRAMMES:
        Programme.objects.update_or_create(code=code, defaults={"name": name, "frequency": frequency, "source": source})
    PriceTrigger.objects.get_or_create(
        area=None, effective_from=datetime.date(2021, 1, 1), defaults={
            "cpi_threshold": Decimal("3.5"), "food_cpi_threshold": Decimal("6.0"),
            "source": "发改价格〔2021〕1553号：CPI同比涨幅达到3.5%或食品价格同比涨幅达到6%"})
    PriceTrigger.objects.get_or_create(
        area=None, effective_from=datetime.date(2022, 8, 1), defaults={
            "effective_to": datetime.date(2023, 2, 1), "cpi_threshold": Decimal("3.0"),
            "food_cpi_threshold": Decimal("6.0"),
            "source": "2022-23年阶段性措施：2022年8月至2023年2月的指数，CPI启动条件降为3%（2022年9月至2023年3月发放）"})


def unseed(apps, schema_editor):
    apps.get_model("benefits", "PriceTrigger").objects.filter(area=None).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
