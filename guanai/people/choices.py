"""The registry's choice lists, below the models: the rules (facts, conditions, category rules) read
them without importing the models, so that RuleParameter.clean can call the rules (no import circle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class HukouType(models.TextChoices):
    RURAL = "rural", _("农业(农村)户口")
    URBAN = "urban", _("非农业(城镇)户口")


class LivingArrangement(models.TextChoices):
    ALONE = "alone", _("独居")
    WITH_SPOUSE = "with_spouse", _("仅与配偶同住")
    # 空巢 as clerks write it: without the children, alone or with the spouse only (GLOSSARY empty_nest);
    # the rules treat it as empty-nest and not as living alone, which needs ALONE.
    WITHOUT_CHILDREN = "without_children", _("空巢(不与子女同住)")
    WITH_CHILDREN = "with_children", _("与子女同住")
    WITH_PARENTS = "with_parents", _("与父母同住")
    WITH_GRANDPARENTS = "with_grandparents", _("与祖父母/外祖父母同住")
    WITH_RELATIVES = "with_relatives", _("与其他亲属同住")
    WITH_OTHERS = "with_others", _("与他人同住")
    INSTITUTION = "institution", _("机构集中供养/寄养")


class AwayScope(models.TextChoices):
    IN_COUNTY = "in_county", _("县内")
    OUT_OF_COUNTY = "out_of_county", _("县外省内")
    OUT_OF_PROVINCE = "out_of_province", _("省外")


class DisabilityType(models.TextChoices):
    VISUAL = "visual", _("视力")
    HEARING = "hearing", _("听力")
    SPEECH = "speech", _("言语")
    PHYSICAL = "physical", _("肢体")
    INTELLECTUAL = "intellectual", _("智力")
    MENTAL = "mental", _("精神")
    MULTIPLE = "multiple", _("多重")


class CareNeed(models.TextChoices):
    NONE = "", _("能自理")
    PARTIAL = "partial", _("半失能")
    FULL = "full", _("失能")


class CustodyType(models.TextChoices):
    IMPRISONED = "imprisoned", _("服刑在押")
    DETAINED = "detained", _("羁押/拘留")
    DRUG_REHAB = "drug_rehab", _("强制隔离戒毒")
    OTHER_RESTRICTION = "other_restriction", _("其他限制人身自由措施")


class RelationshipKind(models.TextChoices):
    PARENT = "parent", _("父母")
    GUARDIAN = "guardian", _("监护人")
    ENTRUSTED_CARER = "entrusted_carer", _("委托照护人")
    SUPPORTER = "supporter", _("赡养人/扶养人")


class Category(models.TextChoices):
    LEFT_BEHIND_CHILD = "left_behind_child", _("农村留守儿童")
    ORPHAN = "orphan", _("孤儿")
    DE_FACTO_ORPHAN = "de_facto_orphan", _("事实无人抚养儿童")
    CHILD_IN_DIFFICULTY = "child_in_difficulty", _("困境儿童")
    LEFT_BEHIND_ELDER = "left_behind_elder", _("农村留守老年人")
    EMPTY_NEST_ELDER = "empty_nest_elder", _("城市空巢老人")
    LIVING_ALONE = "living_alone", _("独居老人")
    OLDEST_OLD = "oldest_old", _("高龄老人")
    DISABLED_CARE = "disabled_care", _("失能/半失能老人")
    SPECIAL_DIFFICULTY_ELDER = "special_difficulty_elder", _("特殊困难老年人")


class SpellSource(models.TextChoices):
    RULE = "rule", _("按规则认定")
    MANUAL = "manual", _("人工认定")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已同意")
    REFUSED = "refused", _("已拒绝")


# The choice fields of a person, by field name: the export writes their labels, the import's bureau
# words (models.ChoiceWord) map words to their values.
PERSON_CHOICES: dict[str, type[models.TextChoices]] = {
    "sex": Sex, "hukou_type": HukouType, "living_arrangement": LivingArrangement, "away_scope": AwayScope,
    "disability_type": DisabilityType, "care_need": CareNeed, "custody_type": CustodyType}

# What a bureau word may hint at (ChoiceWord.hint): a category, or 留守 without saying whose.
CATEGORY_HINTS: dict[str, str] = {"left_behind": "留守(老人或儿童)", **{c.value: str(c.label) for c in (
    Category.LEFT_BEHIND_CHILD, Category.LEFT_BEHIND_ELDER, Category.EMPTY_NEST_ELDER, Category.LIVING_ALONE)}}
