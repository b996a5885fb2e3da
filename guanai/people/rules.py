"""Category rules (RULES.md, Children and Elderly; risk levels from its visit-frequency table).

Pure functions, no database writes. Each rule is one named function taking the person's facts, the
parameters in force for their area, and a date; it returns the Chinese reason the person holds the
category on that date, or None. Pass `why=[]` to learn why not (used for a spell's end reason).

Thresholds and lists are data: PARAMETERS below holds the defaults with their sources, and
RuleParameter rows override them per area (longest code prefix wins) and period (rule_params_for).

Readings documented here because RULES.md leaves them open:
- Rural = hukou_type rural; when hukou_type is blank, the person's village is a 村民委员会.
- A parent (guardian, carer, supporter, child) counts when the Relationship is open on the date:
  started_on blank or on/before it, ended_on blank or after it. Dead = died_on on/before the date
  (natural death or court declaration of death); missing = a court declaration only.
- "Both parents" needs both recorded: with one parent on file, orphan and de_facto_orphan do not
  hold (unless parents_unknown), and left_behind_child only under the single-parent local setting.
- An unknown away_since does not meet a minimum time away; an unknown custody term does not meet
  the de facto orphan's 6-month term (the judgment with its term is the evidence).
- A person born on 29 February reaches a new age on 1 March in common years.
- child_in_difficulty's third branch (improper guardianship *leading to* harm) needs a finding of
  harm, which facts cannot show: it is a manual category. care_flags() lists the Minor Protection
  Law checks for pages, and a child with a safety flag is high risk.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation

from guanai.people.facts import PersonFacts, add_months, age_on, is_rural
from guanai.people.models import (
    AwayScope,
    CareNeed,
    Category,
    CustodyType,
    DisabilityType,
    LivingArrangement,
    RuleParameter,
    Sex,
)

# ---------------------------------------------------------------------------------------------
# Parameters: one table of defaults with their sources; RuleParameter rows override them.


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


def parameter_validate(key: str, value: Any) -> None:
    """Raise ValidationError when a RuleParameter row's key or value does not fit PARAMETERS."""
    if key not in PARAMETERS:
        raise ValidationError({"key": f"未知的规则参数“{key}” / unknown rule parameter {key!r}"})
    default = PARAMETERS[key].default
    expected = (int, type(None)) if default is None else type(default)
    if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
        raise ValidationError({"value": f"参数“{key}”的取值类型应与默认值 {default!r} 相同 / "
                                        f"value of {key} must have the type of {default!r}"})
    known = _known_members().get(key)
    unknown = [item for item in value if item not in known] if known is not None else []
    if unknown:
        raise ValidationError({"value": f"参数“{key}”含未知项 {unknown}，可选：{sorted(known)} / "
                                        f"unknown items {unknown} in {key}"})


def _known_members() -> dict[str, set]:
    """Allowed items of the list parameters that name conditions, categories or flags."""
    categories = set(RULES)
    return {
        "incapable_conditions": set(CONDITIONS), "de_facto_conditions": set(CONDITIONS),
        "special_difficulty_categories": set(ELDER_RULES) | set(CONDITIONS),
        "high_risk_elder_categories": categories, "medium_risk_categories": categories,
        "unsafe_child_flags": set(CARE_FLAG_LABELS), "child_poverty_flags": set(_POVERTY_LABELS),
        "child_parent_away_scopes": set(AwayScope.values), "elder_away_scopes": set(AwayScope.values),
        "empty_nest_arrangements": set(LivingArrangement.values), "disabled_care_levels": {"partial", "full"},
        "severe_disability_mental_types": set(DisabilityType.values),
    }


class RuleParamsCache:
    """Parameters for one date: RuleParameter rows are read once, and the result is kept per set of
    matching area prefixes, so a recompute asks the database once however many people it covers."""

    def __init__(self, on: date):
        self.on = on
        self._rows: list[tuple[str, str, Any]] | None = None
        self._cache: dict[tuple[str, ...], RuleParams] = {}
        self._by_area: dict[str, RuleParams] = {}

    def rows(self) -> list[tuple[str, str, Any]]:
        """(key, area prefix or "", value) in force on the date, oldest effective_from first."""
        if self._rows is None:
            in_force = RuleParameter.objects.filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=self.on), effective_from__lte=self.on)
            self._rows = [(key, area or "", value) for key, area, value in
                          in_force.order_by("effective_from", "id").values_list("key", "area_id", "value")]
        return self._rows

    def for_area(self, area_code: str) -> RuleParams:
        params = self._by_area.get(area_code)
        if params is None:
            params = self._by_area[area_code] = self._for_area(area_code)
        return params

    def _for_area(self, area_code: str) -> RuleParams:
        prefixes = tuple(sorted({area for _, area, _ in self.rows() if area_code.startswith(area)}))
        if prefixes not in self._cache:
            chosen: dict[str, tuple[int, Any]] = {}
            for key, area, value in self.rows():  # a longer prefix wins; among equals, the newest row
                if area in prefixes and key in PARAMETERS and len(area) >= chosen.get(key, (-1, None))[0]:
                    chosen[key] = (len(area), value)
            self._cache[prefixes] = default_params(**{key: value for key, (_, value) in chosen.items()})
        return self._cache[prefixes]

    def values_of(self, key: str) -> set[Any]:
        """Every value a key takes on the date anywhere (for the daily job's birthday windows)."""
        return {PARAMETERS[key].default} | {value for k, _, value in self.rows() if k == key}


def rule_params_for(area_code: str, on: date) -> RuleParams:
    return RuleParamsCache(on).for_area(area_code)


# ---------------------------------------------------------------------------------------------
# Conditions of a relative (or the person): each returns a Chinese label when it holds.


@functools.cache
def _label(choices, value: str) -> str:
    """A choice's Chinese label: reasons are stored in Chinese whatever the caller's language."""
    if value not in choices.values:
        return value
    with translation.override("zh-hans"):
        return str(choices(value).label)


def who(person: PersonFacts, role: str = "parent") -> str:
    if role == "parent":
        role_label = {Sex.MALE: "父亲", Sex.FEMALE: "母亲"}.get(person.sex, "父/母")
    else:
        role_label = {"supporter": "赡养人", "carer": "照护人"}.get(role, "")
    return f"{role_label}{person.name}"


def lost_on(person: PersonFacts, on: date) -> str | None:
    """Dead (death or court declaration of death) or declared missing by a court, on the date."""
    if person.died_on and person.died_on <= on:
        return "死亡"
    if person.declared_missing_on and person.declared_missing_on <= on:
        return "经法院宣告失踪"
    return None


def cond_severe_disability(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    grade = f.disability_grade
    if grade is None:
        return None
    if grade in p.severe_disability_grades or (
            f.disability_type in p.severe_disability_mental_types and grade in p.severe_disability_mental_grades):
        return f"重度残疾（{_label(DisabilityType, f.disability_type)}{grade}级）"
    return None


def cond_severe_illness(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    illness = f.severe_illness.strip()
    if illness and (not p.severe_illnesses or any(name in illness for name in p.severe_illnesses)):
        return f"重病（{illness}）"
    return None


def _custody_in_force(f: PersonFacts, on: date) -> bool:
    if not f.custody_type or (f.custody_since and f.custody_since > on):
        return False
    return not (f.custody_since and f.custody_term_months and add_months(f.custody_since, f.custody_term_months) <= on)


def cond_in_custody(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    """In custody on the date, whatever the term (lacks capacity to guard)."""
    return _label(CustodyType, f.custody_type) if _custody_in_force(f, on) else None


def cond_custody(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    """民发〔2019〕62号: the term of the sentence or measure is >= 6 months, not the time served."""
    if _custody_in_force(f, on) and (f.custody_term_months or 0) >= p.custody_min_months:
        return f"{_label(CustodyType, f.custody_type)}（期限{f.custody_term_months}个月）"
    return None


def cond_out_of_contact(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    """民发〔2019〕62号: out of contact >= 6 months, counted from the police's acceptance of the report."""
    since = f.out_of_contact_since
    if since and add_months(since, p.out_of_contact_min_months) <= on:
        return f"失联（{since:%Y-%m-%d}公安机关受理报案）"
    return None


def cond_guardianship_revoked(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    return "被撤销监护资格" if f.guardianship_revoked_on and f.guardianship_revoked_on <= on else None


def cond_deported(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    return "被遣送（驱逐）出境" if f.deported_on and f.deported_on <= on else None


def cond_care_need_full(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    return "失能" if f.care_need == CareNeed.FULL else None


def _flag(attribute: str, text: str) -> Callable[[PersonFacts, RuleParams, date], str | None]:
    return lambda f, p, on: text if getattr(f, attribute) else None


CONDITIONS: dict[str, Callable[[PersonFacts, RuleParams, date], str | None]] = {
    "severe_disability": cond_severe_disability,
    "severe_illness": cond_severe_illness,
    "in_custody": cond_in_custody,
    "custody": cond_custody,
    "out_of_contact": cond_out_of_contact,
    "guardianship_revoked": cond_guardianship_revoked,
    "deported": cond_deported,
    "care_need_full": cond_care_need_full,
    "bereaved_one_child_family": _flag("bereaved_one_child_family", "计划生育特殊家庭"),
    "dibao": _flag("dibao", "低保"),
    "tekun": _flag("tekun", "特困"),
}


def condition_of(f: PersonFacts, names, p: RuleParams, on: date) -> str | None:
    for name in names:
        label = CONDITIONS[name](f, p, on)
        if label:
            return label
    return None


def _no(why: list[str] | None, text: str) -> None:
    if why is not None:
        why.append(text)
    return None


def _living_age(f: PersonFacts, on: date, why: list[str] | None) -> int | None:
    if f.died_on and f.died_on <= on:
        return _no(why, f"已死亡（{f.died_on:%Y-%m-%d}）")
    if f.birth_date is None:
        return _no(why, "缺少出生日期")
    return age_on(f.birth_date, on)


def _child_age_text(f: PersonFacts, age: int, max_age: int, p: RuleParams, why: list[str] | None) -> str | None:
    """未满 max_age 周岁, or the local full-time-school extension past it (graduate study excluded)."""
    if age < max_age:
        return f"未满{max_age}周岁"
    cap = p.school_extension_max_age
    if p.school_extension and f.in_full_time_school and (cap is None or age < cap):
        return f"已满{max_age}周岁、仍在全日制学校就读"
    return _no(why, f"已满{max_age}周岁")


# ---------------------------------------------------------------------------------------------
# The rules: one function per category.

Rule = Callable[..., str | None]


def left_behind_child(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """国发〔2016〕13号: rural, under 16, not living with the parents, both parents away working, or one
    away and the other without capacity to guard."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if not is_rural(f):
        return _no(why, "非农村户籍")
    if age >= p.left_behind_child_max_age:
        return _no(why, f"已满{p.left_behind_child_max_age}周岁")
    if f.living_arrangement == LivingArrangement.WITH_PARENTS:
        return _no(why, "与父母共同生活")
    away, incapable, lost, at_home = [], [], [], []
    for parent in f.parents:
        if gone := lost_on(parent, on):
            lost.append(f"{who(parent)}{gone}")
        elif _away_for_child(parent, p, on):
            away.append(f"{who(parent)}外出务工")
        elif condition := condition_of(parent, p.incapable_conditions, p, on):
            incapable.append(f"{who(parent)}无监护能力（{condition}）")
        else:
            at_home.append(f"{who(parent)}在家（未外出务工）")
    if at_home:
        return _no(why, "、".join(at_home))
    if not away:
        return _no(why, "父母均未外出务工" if f.parents else "未登记父母")
    if (lost or len(f.parents) < 2) and not p.left_behind_child_single_parent:
        return _no(why, "仅父母一方外出务工、另一方死亡失踪或未登记（本地未纳入）")
    return f"农村户籍、未满{p.left_behind_child_max_age}周岁，" + "，".join(away + incapable + lost)


def _away_for_child(parent: PersonFacts, p: RuleParams, on: date) -> bool:
    if not parent.is_migrant_worker:
        return False
    if p.child_parent_away_scopes and parent.away_scope not in p.child_parent_away_scopes:
        return False
    months = p.child_parent_min_months_away
    return not months or bool(parent.away_since and add_months(parent.away_since, months) <= on)


def orphan(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """孤儿 (民发〔2019〕62号 and orphan support policy): under 18, both parents dead or declared missing
    by a court, or birth parents who cannot be found."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    age_text = _child_age_text(f, age, p.orphan_max_age, p, why)
    if age_text is None:
        return None
    if f.parents_unknown:
        return f"{age_text}，查找不到生父母"
    if len(f.parents) < 2:
        return _no(why, "未登记父母双方")
    living = [who(parent) for parent in f.parents if not lost_on(parent, on)]
    if living:
        return _no(why, "、".join(living) + "在世（未死亡或经法院宣告失踪）")
    return f"{age_text}，" + "，".join(f"{who(parent)}{lost_on(parent, on)}" for parent in f.parents)


def de_facto_orphan(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """民发〔2019〕62号, 民发〔2020〕125号: under 18, both parents in set S, or one dead or missing and the
    other in S."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    age_text = _child_age_text(f, age, p.de_facto_max_age, p, why)
    if age_text is None:
        return None
    if f.parents_unknown:
        return _no(why, "查找不到生父母（属孤儿）")
    if len(f.parents) < 2:
        return _no(why, "未登记父母双方")
    parts, in_s = [], 0
    for parent in f.parents:
        if lost := lost_on(parent, on):
            parts.append(f"{who(parent)}{lost}")
        elif condition := condition_of(parent, p.de_facto_conditions, p, on):
            parts.append(f"{who(parent)}{condition}")
            in_s += 1
        else:
            return _no(why, f"{who(parent)}不属于无法履行抚养责任的情形")
    if not in_s:
        return _no(why, "父母均已死亡或失踪（属孤儿）")
    return f"{age_text}，" + "，".join(parts)


_POVERTY_LABELS = {"dibao": "低保", "tekun": "特困"}


def child_in_difficulty(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """国发〔2016〕36号: under 18 with family poverty (dibao/tekun) or own disability; the improper
    guardianship branch needs a finding of harm and is added by hand."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age >= p.child_in_difficulty_max_age:
        return _no(why, f"已满{p.child_in_difficulty_max_age}周岁")
    reasons = []
    family = [f] + [parent for parent in f.parents if not lost_on(parent, on)]
    poor = [_POVERTY_LABELS.get(flag, flag) for flag in p.child_poverty_flags
            if any(getattr(member, flag) for member in family)]
    if poor:
        reasons.append("家庭" + "、".join(poor))
    grade, kind = f.disability_grade, f.disability_type
    if (kind or grade is not None) and (not p.child_disability_grades or grade in p.child_disability_grades):
        reasons.append(f"本人残疾（{_label(DisabilityType, kind)}{f'{grade}级' if grade else ''}）")
    if not reasons:
        return _no(why, "家庭非低保特困、本人无残疾")
    return f"未满{p.child_in_difficulty_max_age}周岁，" + "，".join(reasons)


def left_behind_elder(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """民发〔2017〕193号 (wording unconfirmed): rural, 60 or older, all children or other supporters away
    long term (default: out of the county for 6 months or more)."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if not is_rural(f):
        return _no(why, "非农村户籍")
    if age < p.left_behind_elder_min_age:
        return _no(why, f"未满{p.left_behind_elder_min_age}周岁")
    supporters = _supporters(f, on)
    if not supporters:
        return _no(why, "无在世的子女或其他赡养人")
    away = []
    for supporter in supporters:
        if supporter.away_scope not in p.elder_away_scopes:
            return _no(why, f"{who(supporter, 'supporter')}未在外地长期居住（已返乡或在本地）")
        months = p.elder_min_months_away
        if months and not (supporter.away_since and add_months(supporter.away_since, months) <= on):
            return _no(why, f"{who(supporter, 'supporter')}外出未满{months}个月")
        away.append(f"{supporter.name}（{_label(AwayScope, supporter.away_scope)}）")
    return f"农村户籍、{age}周岁，子女（赡养人）均长期外出：" + "、".join(away)


def _supporters(f: PersonFacts, on: date) -> list[PersonFacts]:
    """Living children and other supporters, each once."""
    seen, result = set(), []
    for person in f.children + f.supporters:
        key = person.id if person.id is not None else id(person)
        if key not in seen and not lost_on(person, on):
            seen.add(key)
            result.append(person)
    return result


def empty_nest_elder(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """城市空巢老人 (GLOSSARY; 民政部等 2022 探访关爱意见): urban, 60 or older, not living with children."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if is_rural(f):
        return _no(why, "农村户籍")
    if age < p.elder_min_age:
        return _no(why, f"未满{p.elder_min_age}周岁")
    if f.living_arrangement not in p.empty_nest_arrangements:
        return _no(why, f"居住情况为“{_label(LivingArrangement, f.living_arrangement) or '未登记'}”")
    return f"城镇、{age}周岁，{_label(LivingArrangement, f.living_arrangement)}"


def living_alone(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """独居老人 (民政部等 2022 探访关爱意见): 60 or older, living alone."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, f"未满{p.elder_min_age}周岁")
    if f.living_arrangement != LivingArrangement.ALONE:
        return _no(why, "不再独居")
    return f"{age}周岁，独居"


def oldest_old(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """高龄老人 (GLOSSARY): 80 or older."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.oldest_old_min_age:
        return _no(why, f"未满{p.oldest_old_min_age}周岁")
    return f"{age}周岁（{p.oldest_old_min_age}周岁以上）"


def disabled_care(f: PersonFacts, p: RuleParams, on: date, *, why: list[str] | None = None) -> str | None:
    """失能/半失能老年人 (民政部等 2022 探访关爱意见): 60 or older with care_need partial or full."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, f"未满{p.elder_min_age}周岁")
    if f.care_need not in p.disabled_care_levels:
        return _no(why, "生活能自理")
    return f"{age}周岁，{_label(CareNeed, f.care_need)}"


def special_difficulty_elder(f: PersonFacts, p: RuleParams, on: date, *,
                             why: list[str] | None = None) -> str | None:
    """民政部等十部门 探访关爱 guidance (Oct 2022): 60 or older and in any category or condition of the
    county's list (default: living alone, empty-nest, left-behind, disabled, severely disabled,
    bereaved one-child family)."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, f"未满{p.elder_min_age}周岁")
    found = []
    for name in p.special_difficulty_categories:
        if name in ELDER_RULES and ELDER_RULES[name](f, p, on):
            found.append(_label(Category, name))
        elif name in CONDITIONS and (label := CONDITIONS[name](f, p, on)):
            found.append(label)
    if not found:
        return _no(why, "不属于本地特殊困难老年人清单中的任何情形")
    return f"{age}周岁，属于：" + "、".join(found)

ELDER_RULES: dict[str, Rule] = {
    Category.LEFT_BEHIND_ELDER.value: left_behind_elder,
    Category.EMPTY_NEST_ELDER.value: empty_nest_elder,
    Category.LIVING_ALONE.value: living_alone,
    Category.OLDEST_OLD.value: oldest_old,
    Category.DISABLED_CARE.value: disabled_care,
}
# Category -> rule, in the order they are derived (special_difficulty_elder reads the elder rules).
CHILD_RULES: dict[str, Rule] = {
    Category.LEFT_BEHIND_CHILD.value: left_behind_child,
    Category.ORPHAN.value: orphan,
    Category.DE_FACTO_ORPHAN.value: de_facto_orphan,
    Category.CHILD_IN_DIFFICULTY.value: child_in_difficulty,
}
RULES: dict[str, Rule] = {
    **CHILD_RULES,
    **ELDER_RULES,
    Category.SPECIAL_DIFFICULTY_ELDER.value: special_difficulty_elder,
}
_ALL_ITEMS = list(RULES.items())
_CHILD_ITEMS = [(category, rule) for category, rule in _ALL_ITEMS if category in CHILD_RULES]
_ELDER_ITEMS = [(category, rule) for category, rule in _ALL_ITEMS if category not in CHILD_RULES]


# Minor Protection Law (2020, amended 2024) Art. 21-23: checks on a left-behind child's care.
CARE_FLAG_LABELS = {
    "no_carer": "无委托照护人或独自生活（第22条）",
    "excluded_carer": "委托照护人不宜担任或无照护能力（第22条）",
    "no_written_notice": "父母未书面告知学校和村(居)委会（第23条）",
    "no_weekly_contact": "父母未做到每周联系（第23条）",
}


def care_flags(f: PersonFacts, p: RuleParams, on: date) -> list[str]:
    """未成年人保护法 第21-23条: the flags (keys of CARE_FLAG_LABELS) a left-behind child's care raises."""
    if left_behind_child(f, p, on) is None:
        return []
    carers = [c for c in f.guardians + f.entrusted_carers if not lost_on(c, on) and not c.is_migrant_worker]
    flags = []
    # Living with grandparents or other relatives is care in fact, even with no carer on file.
    if f.living_arrangement == LivingArrangement.ALONE or (not carers and not f.living_arrangement):
        flags.append("no_carer")
    if any(c.carer_excluded_reason or (c.age_on(on) or 0) < p.child_max_age
           or condition_of(c, p.incapable_conditions, p, on) for c in carers):
        flags.append("excluded_carer")
    if not f.written_notice_given:
        flags.append("no_written_notice")
    if not f.weekly_contact:
        flags.append("no_weekly_contact")
    return flags

def derive_categories(facts: PersonFacts, params: RuleParams, on: date) -> dict[str, str]:
    """Every category the rules give the person on the date: {category: Chinese reason}."""
    age = facts.age_on(on)
    if age is None or (facts.died_on and facts.died_on <= on):
        return {}  # every rule needs a living person of known age
    derived = {}
    for category, rule in _rules_for_age(age, params):
        reason = rule(facts, params, on)
        if reason:
            derived[category] = reason
    return derived


def _rules_for_age(age: int, p: RuleParams) -> list[tuple[str, Rule]]:
    """Skip the rules an age rules out (a speed-up only: each rule checks its own age bound)."""
    child_ceiling = max(p.left_behind_child_max_age, p.orphan_max_age, p.de_facto_max_age,
                        p.child_in_difficulty_max_age)
    if p.school_extension:
        child_ceiling = max(child_ceiling, p.school_extension_max_age or 200)
    elder_floor = min(p.left_behind_elder_min_age, p.elder_min_age, p.oldest_old_min_age)
    if age < child_ceiling:
        return _ALL_ITEMS if age >= elder_floor else _CHILD_ITEMS
    return _ELDER_ITEMS if age >= elder_floor else []


def why_not(category: str, facts: PersonFacts, params: RuleParams, on: date) -> str:
    """The Chinese end reason for a spell whose rule no longer holds."""
    why: list[str] = []
    RULES[category](facts, params, on, why=why)
    return f"不再符合：{why[0]}" if why else "不再符合认定条件"


def derive_risk_level(facts: PersonFacts, categories: set[str], params: RuleParams, on: date) -> str:
    """RULES.md visit-frequency table: high / medium / low; "" for someone who holds no category."""
    if not categories:
        return ""
    age = facts.age_on(on)
    if age is not None and age >= params.high_risk_min_age and categories & set(params.high_risk_elder_categories):
        return "high"
    illness = facts.severe_illness.strip()
    if params.severe_illness_is_high_risk and illness and (
            not params.life_threatening_illnesses or any(n in illness for n in params.life_threatening_illnesses)):
        return "high"
    if age is not None and age < params.child_max_age and set(care_flags(facts, params, on)) & set(
            params.unsafe_child_flags):
        return "high"
    if categories & set(params.medium_risk_categories):
        return "medium"
    return "low"

