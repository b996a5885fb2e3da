"""Rule parameters (RULES.md): one table of defaults with their sources, and RuleParams, the values in
force for one area on one date. RuleParameter rows override the defaults per area and period; they are
read by people.selectors.rule_params_for / RuleParamsCache and checked by rules.parameter_validate.

Pure data, below the models and the rules: conditions and category rules read RuleParams.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Parameter:
    default: Any
    source: str


_CHILD_S = ("severe_disability", "severe_illness", "custody", "out_of_contact", "guardianship_revoked", "deported")
PARAMETERS: dict[str, Parameter] = {
    "left_behind_child_max_age": Parameter(16, "国发〔2016〕13号：不满十六周岁"),
    "child_parent_min_months_away": Parameter(0, "国发〔2016〕13号未规定外出时长，由地方设定"),
    "child_parent_away_scopes": Parameter([], "国发〔2016〕13号未限定外出范围；空表示任何范围"),
    "left_behind_child_single_parent": Parameter(
        False, "国发〔2016〕13号未涉及一方死亡、离异另一方外出的情形，由地方设定"),
    "incapable_conditions": Parameter(
        ["severe_disability", "severe_illness", "in_custody", "out_of_contact", "care_need_full"],
        "国发〔2016〕13号：另一方无监护能力（重病、重残等），开放清单"),
    "orphan_max_age": Parameter(18, "民发〔2019〕62号及孤儿保障政策：未满18周岁"),
    "de_facto_max_age": Parameter(18, "民发〔2019〕62号：未满18周岁"),
    "de_facto_conditions": Parameter(list(_CHILD_S), "民发〔2019〕62号；民发〔2020〕125号增加撤销监护资格、遣送出境"),
    "custody_min_months": Parameter(6, "民发〔2019〕62号：服刑、强制隔离戒毒等期限6个月以上（按刑期或措施期限）"),
    "out_of_contact_min_months": Parameter(6, "民发〔2019〕62号：失联6个月以上，自公安机关受理报案之日起算"),
    "severe_disability_grades": Parameter([1, 2], "民发〔2019〕62号：重度残疾为一、二级残疾"),
    "severe_disability_mental_grades": Parameter([3, 4], "民发〔2019〕62号：或三、四级精神、智力残疾"),
    "severe_disability_mental_types": Parameter(["mental", "intellectual"], "民发〔2019〕62号：精神、智力残疾"),
    "severe_illnesses": Parameter([], "民发〔2019〕62号：重病由地方确定病种；空表示登记了重病即可"),
    "school_extension": Parameter(False, "部分省份：年满18周岁仍在全日制学校就读的继续保障（不含研究生）"),
    "school_extension_max_age": Parameter(None, "同上，地方可设年龄上限（不含）；空表示不设"),
    "child_in_difficulty_max_age": Parameter(18, "国发〔2016〕36号：儿童指未满18周岁"),
    "child_poverty_flags": Parameter(["dibao", "tekun"], "国发〔2016〕36号：家庭贫困，地方以低保、特困认定"),
    "child_disability_grades": Parameter([], "国发〔2016〕36号：自身残疾；空表示任何等级"),
    "left_behind_elder_min_age": Parameter(60, "民发〔2017〕193号（措辞待确认）：60周岁以上"),
    "elder_away_scopes": Parameter(["out_of_county", "out_of_province"], "民发〔2017〕193号（待确认）：离开本县"),
    "elder_min_months_away": Parameter(6, "民发〔2017〕193号（待确认）：外出半年以上"),
    "elder_min_age": Parameter(60, "老年人权益保障法第2条：60周岁以上"),
    "empty_nest_arrangements": Parameter(["alone", "with_spouse"], "城市空巢老人：不与子女同住（独居或仅与配偶同住）"),
    "oldest_old_min_age": Parameter(80, "高龄老人：80周岁以上"),
    "disabled_care_levels": Parameter(["partial", "full"], "失能、半失能老年人"),
    "special_difficulty_categories": Parameter(
        ["living_alone", "empty_nest_elder", "left_behind_elder", "disabled_care", "severe_disability",
         "bereaved_one_child_family"], "民政部等十部门探访关爱指导意见（2022年10月）：“等”由各县确定"),
    "high_risk_min_age": Parameter(80, "内蒙古2022：80周岁以上独居、空巢、留守老年人为高风险"),
    "high_risk_elder_categories": Parameter(["living_alone", "empty_nest_elder", "left_behind_elder"], "内蒙古2022"),
    "severe_illness_is_high_risk": Parameter(True, "内蒙古2022：患危及生命疾病者为高风险；默认登记重病即视为此类"),
    "life_threatening_illnesses": Parameter([], "同上；非空时仅这些病种（名称包含）为高风险"),
    "unsafe_child_flags": Parameter(["no_carer", "excluded_carer"], "本系统默认：儿童安全受威胁为高风险"),
    "child_max_age": Parameter(18, "未成年人保护法第2条：未满18周岁"),
    "school_min_age": Parameter(6, "义务教育法第11条：年满六周岁的儿童入学接受义务教育（数据比对：学龄儿童）"),
    "school_max_age": Parameter(16, "义务教育法第2条：九年义务教育，默认至不满16周岁（不含）"),
    "medium_risk_categories": Parameter(
        ["special_difficulty_elder", "left_behind_child", "orphan", "de_facto_orphan", "child_in_difficulty"],
        "RULES.md 探访频次表：中风险每月探访"),
}

# RuleParams: one attribute per PARAMETERS key; lists are held as tuples so a RuleParams is immutable.
RuleParams = dataclasses.make_dataclass(
    "RuleParams", [(key, Any, field(default=None)) for key in PARAMETERS], frozen=True, slots=True)
RuleParams.__doc__ = "The rule parameters in force for one area on one date (see PARAMETERS)."


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def default_params(**overrides: Any) -> RuleParams:
    """The RULES.md defaults, with keyword overrides (for tests and one-off calls)."""
    values = {key: _frozen(p.default) for key, p in PARAMETERS.items()}
    values.update({key: _frozen(value) for key, value in overrides.items()})
    return RuleParams(**values)

