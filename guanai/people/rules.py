"""Category rules (RULES.md, Children and Elderly; risk levels from its visit-frequency table).

Pure functions, no database writes. Each rule is one named function taking the person's facts, the
parameters in force for their area, and a date; it returns the reason the person holds the category
on that date, or None. Pass `why=[]` to learn why not (used for a spell's end reason). Reasons are
`guanai.core.messages.Message`s: a Chinese key with parameters, stored with the spell and rendered in
the reader's language.

Thresholds and lists are data: people/parameters.py holds the defaults with their sources, and
RuleParameter rows override them per area (longest code prefix wins) and period
(people.selectors.rule_params_for). The conditions the rules combine are people/conditions.py.

Readings documented here because RULES.md leaves them open:
- Rural = hukou_type rural; when hukou_type is blank, the person's village is a 村民委员会.
- A parent (guardian, carer, supporter, child) counts when the Relationship is open on the date:
  started_on blank or on/before it, ended_on blank or after it. Dead = died_on on/before the date
  (natural death or court declaration of death); missing = a court declaration only. A person whose
  household moved out of the installation's area (moved_out_on) holds no category here from that day.
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

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from guanai.core.messages import Listing, Message, word
from guanai.people.choices import AwayScope, CareNeed, Category, DisabilityType, LivingArrangement
from guanai.people.conditions import CONDITIONS, choice_label, condition_of, lost_on, who, who_is
from guanai.people.facts import PersonFacts, add_months, age_on, is_rural
from guanai.people.parameters import PARAMETERS, RuleParams


def _no(why: list[Message] | None, text: Message) -> None:
    if why is not None:
        why.append(text)
    return None


def _living_age(f: PersonFacts, on: date, why: list[Message] | None) -> int | None:
    if f.died_on and f.died_on <= on:
        return _no(why, Message(gettext_noop("已死亡（%(date)s）"), date=f"{f.died_on:%Y-%m-%d}"))
    if f.moved_out_on and f.moved_out_on <= on:
        return _no(why, Message(gettext_noop("户籍已迁出本地（%(date)s）"), date=f"{f.moved_out_on:%Y-%m-%d}"))
    if f.birth_date is None:
        return _no(why, word(gettext_noop("缺少出生日期")))
    return age_on(f.birth_date, on)


def _under(age: int) -> Message:
    return Message(gettext_noop("未满%(age)s周岁"), age=age)


def _reached(age: int) -> Message:
    return Message(gettext_noop("已满%(age)s周岁"), age=age)


def _because(*parts: Message | Listing) -> Message:
    """Clauses of a reason: 未满18周岁，父亲张三死亡，母亲李梅死亡."""
    return Message("%(clauses)s", clauses=Listing(parts, "，"))


def _child_age_text(f: PersonFacts, age: int, max_age: int, p: RuleParams, why: list[Message] | None
                    ) -> Message | None:
    """未满 max_age 周岁, or the local full-time-school extension past it (graduate study excluded)."""
    if age < max_age:
        return _under(max_age)
    cap = p.school_extension_max_age
    if p.school_extension and f.in_full_time_school and (cap is None or age < cap):
        return Message(gettext_noop("已满%(age)s周岁、仍在全日制学校就读"), age=max_age)
    return _no(why, _reached(max_age))


# ---------------------------------------------------------------------------------------------
# The rules: one function per category.

Rule = Callable[..., Message | None]


def left_behind_child(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """国发〔2016〕13号: rural, under 16, not living normally with the parents: both parents away working,
    or one away and the other without capacity to guard (also when the child lives with that parent)."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if not is_rural(f):
        return _no(why, word(gettext_noop("非农村户籍")))
    if age >= p.left_behind_child_max_age:
        return _no(why, _reached(p.left_behind_child_max_age))
    away, incapable, lost, at_home = [], [], [], []
    for parent in f.parents:
        if gone := lost_on(parent, on):
            lost.append(gone)
        elif _away_for_child(parent, p, on):
            away.append(Message(gettext_noop("%(who)s外出务工"), who=who(parent)))
        elif condition := condition_of(parent, p.incapable_conditions, p, on):
            incapable.append(Message(gettext_noop("%(who)s无监护能力（%(condition)s）"), who=who(parent),
                                     condition=condition))
        else:
            at_home.append(Message(gettext_noop("%(who)s在家（未外出务工）"), who=who(parent)))
    if at_home:
        return _no(why, Message("%(items)s", items=Listing(at_home)))
    # 与父母同住 is normal life with the parents unless the parent at home lacks capacity to guard while
    # the other works away (RULES.md: that child cannot live normally with the parents).
    if f.living_arrangement == LivingArrangement.WITH_PARENTS and not (away and incapable):
        return _no(why, word(gettext_noop("与父母共同生活")))
    if not away:
        return _no(why, word(gettext_noop("父母均未外出务工") if f.parents else gettext_noop("未登记父母")))
    if (lost or len(f.parents) < 2) and not p.left_behind_child_single_parent:
        return _no(why, word(gettext_noop("仅父母一方外出务工、另一方死亡失踪或未登记（本地未纳入）")))
    return _because(Message(gettext_noop("农村户籍、未满%(age)s周岁"), age=p.left_behind_child_max_age),
                    *away, *incapable, *lost)


def _away_for_child(parent: PersonFacts, p: RuleParams, on: date) -> bool:
    if not parent.is_migrant_worker:
        return False
    if p.child_parent_away_scopes and parent.away_scope not in p.child_parent_away_scopes:
        return False
    months = p.child_parent_min_months_away
    return not months or bool(parent.away_since and add_months(parent.away_since, months) <= on)


def orphan(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """孤儿 (民发〔2019〕62号 and orphan support policy): under 18, both parents dead or declared missing
    by a court, or birth parents who cannot be found."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    age_text = _child_age_text(f, age, p.orphan_max_age, p, why)
    if age_text is None:
        return None
    if f.parents_unknown:
        return _because(age_text, word(gettext_noop("查找不到生父母")))
    if len(f.parents) < 2:
        return _no(why, word(gettext_noop("未登记父母双方")))
    living = [who(parent) for parent in f.parents if not lost_on(parent, on)]
    if living:
        return _no(why, Message(gettext_noop("%(who)s在世（未死亡或经法院宣告失踪）"), who=Listing(living)))
    return _because(age_text, *(lost_on(parent, on) for parent in f.parents))


def de_facto_orphan(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """民发〔2019〕62号, 民发〔2020〕125号: under 18, both parents in set S, or one dead or missing and the
    other in S."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    age_text = _child_age_text(f, age, p.de_facto_max_age, p, why)
    if age_text is None:
        return None
    if f.parents_unknown:
        return _no(why, word(gettext_noop("查找不到生父母（属孤儿）")))
    if len(f.parents) < 2:
        return _no(why, word(gettext_noop("未登记父母双方")))
    parts, in_s = [], 0
    for parent in f.parents:
        if lost := lost_on(parent, on):
            parts.append(lost)
        elif condition := condition_of(parent, p.de_facto_conditions, p, on):
            parts.append(who_is(parent, condition))
            in_s += 1
        else:
            return _no(why, Message(gettext_noop("%(who)s不属于无法履行抚养责任的情形"), who=who(parent)))
    if not in_s:
        return _no(why, word(gettext_noop("父母均已死亡或失踪（属孤儿）")))
    return _because(age_text, *parts)


_POVERTY_LABELS = {"dibao": gettext_noop("低保"), "tekun": gettext_noop("特困")}


def child_in_difficulty(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """国发〔2016〕36号: under 18 with family poverty (dibao/tekun) or own disability; the improper
    guardianship branch needs a finding of harm and is added by hand."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age >= p.child_in_difficulty_max_age:
        return _no(why, _reached(p.child_in_difficulty_max_age))
    reasons = []
    family = [f] + [parent for parent in f.parents if not lost_on(parent, on)]
    poor = [word(_POVERTY_LABELS.get(flag, flag)) for flag in p.child_poverty_flags
            if any(getattr(member, flag) for member in family)]
    if poor:
        reasons.append(Message(gettext_noop("家庭%(kinds)s"), kinds=Listing(poor)))
    grade, kind = f.disability_grade, f.disability_type
    if (kind or grade is not None) and (not p.child_disability_grades or grade in p.child_disability_grades):
        if grade:
            reasons.append(Message(gettext_noop("本人残疾（%(kind)s%(grade)s级）"),
                                   kind=choice_label(DisabilityType, kind),
                                   grade=grade))
        else:
            reasons.append(Message(gettext_noop("本人残疾（%(kind)s）"), kind=choice_label(DisabilityType, kind)))
    if not reasons:
        return _no(why, word(gettext_noop("家庭非低保特困、本人无残疾")))
    return _because(_under(p.child_in_difficulty_max_age), *reasons)


def left_behind_elder(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """民发〔2017〕193号 (wording unconfirmed): rural, 60 or older, all children or other supporters away
    long term (default: out of the county for 6 months or more)."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if not is_rural(f):
        return _no(why, word(gettext_noop("非农村户籍")))
    if age < p.left_behind_elder_min_age:
        return _no(why, _under(p.left_behind_elder_min_age))
    supporters = _supporters(f, on)
    if not supporters:
        return _no(why, word(gettext_noop("无在世的子女或其他赡养人")))
    away = []
    for supporter in supporters:
        if supporter.away_scope not in p.elder_away_scopes:
            return _no(why, Message(gettext_noop("%(who)s未在外地长期居住（已返乡或在本地）"),
                                    who=who(supporter, "supporter")))
        months = p.elder_min_months_away
        if months and not (supporter.away_since and add_months(supporter.away_since, months) <= on):
            return _no(why, Message(gettext_noop("%(who)s外出未满%(months)s个月"), who=who(supporter, "supporter"),
                                    months=months))
        away.append(Message(gettext_noop("%(name)s（%(scope)s）"), name=supporter.name,
                            scope=choice_label(AwayScope, supporter.away_scope)))
    return Message(gettext_noop("农村户籍、%(age)s周岁，子女（赡养人）均长期外出：%(away)s"), age=age,
                   away=Listing(away))


def _supporters(f: PersonFacts, on: date) -> list[PersonFacts]:
    """Living children and other supporters, each once."""
    seen, result = set(), []
    for person in f.children + f.supporters:
        key = person.id if person.id is not None else id(person)
        if key not in seen and not lost_on(person, on):
            seen.add(key)
            result.append(person)
    return result


def empty_nest_elder(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """城市空巢老人 (GLOSSARY; 民政部等 2022 探访关爱意见): urban, 60 or older, not living with children."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if is_rural(f):
        return _no(why, word(gettext_noop("农村户籍")))
    if age < p.elder_min_age:
        return _no(why, _under(p.elder_min_age))
    if f.living_arrangement not in p.empty_nest_arrangements:
        arrangement = (choice_label(LivingArrangement, f.living_arrangement) if f.living_arrangement
                       else word(gettext_noop("未登记")))
        return _no(why, Message(gettext_noop("居住情况为“%(arrangement)s”"), arrangement=arrangement))
    return Message(gettext_noop("城镇、%(age)s周岁，%(arrangement)s"), age=age,
                   arrangement=choice_label(LivingArrangement, f.living_arrangement))


def living_alone(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """独居老人 (民政部等 2022 探访关爱意见): 60 or older, living alone."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, _under(p.elder_min_age))
    if f.living_arrangement != LivingArrangement.ALONE:
        return _no(why, word(gettext_noop("不再独居")))
    return Message(gettext_noop("%(age)s周岁，独居"), age=age)


def oldest_old(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """高龄老人 (GLOSSARY): 80 or older."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.oldest_old_min_age:
        return _no(why, _under(p.oldest_old_min_age))
    return Message(gettext_noop("%(age)s周岁（%(min_age)s周岁以上）"), age=age, min_age=p.oldest_old_min_age)


def disabled_care(f: PersonFacts, p: RuleParams, on: date, *, why: list[Message] | None = None) -> Message | None:
    """失能/半失能老年人 (民政部等 2022 探访关爱意见): 60 or older with care_need partial or full."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, _under(p.elder_min_age))
    if f.care_need not in p.disabled_care_levels:
        return _no(why, word(gettext_noop("生活能自理")))
    return Message(gettext_noop("%(age)s周岁，%(care_need)s"), age=age, care_need=choice_label(CareNeed, f.care_need))


def special_difficulty_elder(f: PersonFacts, p: RuleParams, on: date, *,
                             why: list[Message] | None = None) -> Message | None:
    """民政部等十部门 探访关爱 guidance (Oct 2022): 60 or older and in any category or condition of the
    county's list (default: living alone, empty-nest, left-behind, disabled, severely disabled,
    bereaved one-child family)."""
    age = _living_age(f, on, why)
    if age is None:
        return None
    if age < p.elder_min_age:
        return _no(why, _under(p.elder_min_age))
    found = []
    for name in p.special_difficulty_categories:
        if name in ELDER_RULES and ELDER_RULES[name](f, p, on):
            found.append(choice_label(Category, name))
        elif name in CONDITIONS and (label := CONDITIONS[name](f, p, on)):
            found.append(label)
    if not found:
        return _no(why, word(gettext_noop("不属于本地特殊困难老年人清单中的任何情形")))
    return Message(gettext_noop("%(age)s周岁，属于：%(found)s"), age=age, found=Listing(found))

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

def derive_categories(facts: PersonFacts, params: RuleParams, on: date) -> dict[str, Message]:
    """Every category the rules give the person on the date: {category: reason}."""
    age = facts.age_on(on)
    if age is None or (facts.died_on and facts.died_on <= on) or (facts.moved_out_on and facts.moved_out_on <= on):
        return {}  # every rule needs a living person of known age, registered here
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


def why_not(category: str, facts: PersonFacts, params: RuleParams, on: date) -> Message:
    """The end reason for a spell whose rule no longer holds."""
    why: list[Message] = []
    RULES[category](facts, params, on, why=why)
    return Message(gettext_noop("不再符合：%(why)s"), why=why[0]) if why else word(gettext_noop("不再符合认定条件"))


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

