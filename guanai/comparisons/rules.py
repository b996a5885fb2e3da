"""Which matches matter and what each proposes (RULES.md; one named function per source). A rule sees
the department's row facts and the matched person's current facts, and returns (kind, proposal) pairs.
Nothing here writes: consequences run when a clerk accepts (services.flag_decide)."""

import datetime
from collections.abc import Callable

from guanai.benefits.models import StopKind
from guanai.benefits.rules import stop_month_for
from guanai.comparisons.models import FlagKind, Source
from guanai.core.money import yuan_text

Proposal = tuple[str, str]


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def death_rule(facts: dict, person: dict) -> list[Proposal]:
    """RULES.md Money: allowances stop from the month after the death (stop_month_for); categories end."""
    died_on = _date(facts.get("died_on"))
    if died_on is None or person["died_on"] is not None:
        return []
    stop = stop_month_for(StopKind.DEATH, died_on)
    return [(FlagKind.DIED, f"登记死亡日期{died_on}，各对象类别终止，补贴自{stop:%Y年%m月}起停发 / "
                            f"record death on {died_on}; categories end; payments stop from {stop:%Y-%m}")]


def move_rule(facts: dict, person: dict) -> list[Proposal]:
    """Moved out of the county: transfer (payments here stop, the person goes to the destination or is
    marked moved out and reported up for it, the follow-up moves or ends). Moved back into it while registered as a
    migrant worker: the parent is home, so the children's left-behind status ends (国发〔2016〕13号)."""
    to_code = str(facts.get("to_code") or "")
    county = person["area_id"][:6]
    if to_code and not to_code.startswith(county):
        place = facts.get("to_place") or to_code
        return [(FlagKind.MOVED_OUT, f"户籍迁出至{place}：办理转出，本县补贴停发，对象类别终止、探访随之转出或结束，"
                                     f"经上级转给迁入地 / moved out to {to_code}: transfer, payments here stop, "
                                     "categories end, the follow-up moves or ends, the move goes to the destination")]
    if to_code.startswith(county) and person["is_migrant_worker"]:
        return [(FlagKind.PARENT_BACK, "外出人员已返乡：取消外出务工登记，子女留守儿童身份随之终止 / back home: "
                                       "migrant work ends, the children's left-behind status ends")]
    return []


def tekun_rule(facts: dict, person: dict) -> list[Proposal]:
    """RULES.md Money: neither orphan allowance is paid on top of tekun support."""
    if person["tekun"]:
        return []
    return [(FlagKind.TEKUN_STARTED, "登记为特困供养；孤儿基本生活费/事实无人抚养儿童生活补贴停发（不重复享受） / "
                                     "tekun: orphan allowances stop (no double benefit)")]


def dibao_rule(facts: dict, person: dict) -> list[Proposal]:
    """RULES.md Money: a de facto orphan on dibao gets only the difference (补差), so the amount matters."""
    proposals = []
    if not person["dibao"]:
        proposals.append((FlagKind.DIBAO_STARTED, "登记为低保对象 / record dibao"))
    amount = facts.get("amount")
    topped = person.get("topped_up")
    if amount is not None and topped is not None and topped != amount:
        proposals.append((FlagKind.DIBAO_AMOUNT, f"低保月金额{yuan_text(amount, grouping=False)}元（登记为"
                                                 f"{yuan_text(topped, grouping=False)}元）：重新计算补差 / "
                                                 "recompute the top-up"))
    return proposals


def disability_rule(facts: dict, person: dict) -> list[Proposal]:
    grade, kind = facts.get("grade"), facts.get("disability_type") or ""
    if grade is None or (grade == person["disability_grade"] and (not kind or kind == person["disability_type"])):
        return []
    return [(FlagKind.DISABILITY_CHANGED, f"残疾等级改为{grade}级，类别认定随之重算 / disability grade {grade}: "
                                          "categories recomputed")]


# The school year begins in September (the national school calendar, 教育部校历): a child missing from
# the list is flagged once per school year.
SCHOOL_YEAR_FIRST_MONTH = 9


def school_year_of(on: datetime.date) -> int:
    """The calendar year the school year holding `on` began in."""
    return on.year if on.month >= SCHOOL_YEAR_FIRST_MONTH else on.year - 1


def school_rule(facts: dict, person: dict) -> list[Proposal]:
    """A school's list says who is enrolled; who is missing from it is found by the run itself."""
    return []


RULES: dict[str, Callable[[dict, dict], list[Proposal]]] = {
    Source.DEATHS: death_rule, Source.MOVES: move_rule, Source.TEKUN: tekun_rule, Source.DIBAO: dibao_rule,
    Source.DISABILITY: disability_rule, Source.SCHOOL: school_rule,
}
NO_ENROLMENT_PROPOSAL = "学龄儿童未见在校记录：安排一次探访核实就学情况 / school-age child not enrolled: a visit"
