"""Money rules (RULES.md, Money): one named function per rule, each with its source in one line.

Pure functions, no database access. Amounts are integer fen; index rises are Decimals (never float).
Standards, index tables and trigger thresholds are data (Standard, PriceIndex, PriceTrigger rows);
the defaults below apply only when no PriceTrigger row covers an index month.

Readings documented here because RULES.md leaves them open:
- A longevity age band is read on the first day of the roster month, so a new band (80, 100) is paid
  from the month after the birthday (from the birthday month itself when it falls on the 1st).
- "Paid from the month after approval": the first paid month is the month after the approval date.
- The price subsidy of roster month M uses the index of month M-1 (published in M, paid within 20
  working days), PRICE_INDEX_LAG_MONTHS.
- A person on dibao or tekun receives the price subsidy with those payments, so it is not paid again
  here (发改价格〔2021〕1553号: one person in several covered groups is paid once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from guanai.benefits.models import ProgrammeCode, StopKind, Variant
from guanai.benefits.months import month_start, next_month

P = ProgrammeCode

# Defaults when no PriceTrigger row covers the month (RULES.md, price_subsidy).
DEFAULT_CPI_THRESHOLD = Decimal("3.5")  # 发改价格〔2021〕1553号: CPI 同比涨幅达到 3.5%
DEFAULT_FOOD_CPI_THRESHOLD = Decimal("6.0")  # 发改价格〔2021〕1553号: 食品价格同比涨幅达到 6%
PRICE_INDEX_LAG_MONTHS = 1  # RULES.md: paid within 20 working days of the index's publication

# Categories (people.Category values) a programme needs open on the application date.
PROGRAMME_CATEGORIES: dict[str, tuple[str, ...]] = {
    P.ORPHAN_ALLOWANCE: ("orphan",),
    P.DE_FACTO_ORPHAN_ALLOWANCE: ("de_facto_orphan",),
    P.GUARDIAN_CARE_SUBSIDY: ("orphan",),
    P.PRICE_SUBSIDY: ("orphan", "de_facto_orphan"),
}
# Programmes whose payment ends at the child age limit (RULES.md: age 18, the month after the birthday).
CHILD_PROGRAMMES = frozenset(PROGRAMME_CATEGORIES)


@dataclass(frozen=True)
class Applicant:
    """The facts an eligibility rule reads (from Person and its open CategorySpells)."""

    age: int | None
    died_on: date | None
    open_categories: frozenset[str]
    living_in_institution: bool
    dibao: bool
    tekun: bool
    disability_grade: int | None
    disability_type: str


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reason: str  # Chinese: why (or why not)
    variant: str = ""


def _no(reason: str) -> Decision:
    return Decision(False, reason)


def _alive(a: Applicant, on: date) -> Decision | None:
    if a.died_on and a.died_on <= on:
        return _no(f"已于{a.died_on}死亡")
    return None


def longevity_allowance_eligible(a: Applicant, on: date, *, min_age: int) -> Decision:
    """RULES.md Money, longevity_allowance: monthly by age band, from 80 (红河州 2020: 80-99, 100+)."""
    if refused := _alive(a, on):
        return refused
    if a.age is None or a.age < min_age:
        return _no(f"未满{min_age}周岁")
    return Decision(True, f"年满{min_age}周岁（{a.age}周岁）", Variant.AGE_BAND)


def orphan_allowance_eligible(a: Applicant, on: date) -> Decision:
    """RULES.md Money, orphan_allowance: 散居 or 集中 standard; not paid on top of tekun."""
    if refused := _alive(a, on):
        return refused
    if "orphan" not in a.open_categories:
        return _no("未认定为孤儿")
    if a.tekun:
        return _no("已纳入特困供养，孤儿基本生活费不重复发放")
    variant = Variant.INSTITUTIONAL if a.living_in_institution else Variant.SCATTERED
    return Decision(True, f"孤儿（{Variant(variant).label}）", variant)


def de_facto_orphan_allowance_eligible(a: Applicant, on: date) -> Decision:
    """RULES.md Money: de facto orphans usually at the 散居 rate; on dibao/disability allowance the 补差."""
    if refused := _alive(a, on):
        return refused
    if "de_facto_orphan" not in a.open_categories:
        return _no("未认定为事实无人抚养儿童")
    variant = Variant.INSTITUTIONAL if a.living_in_institution else Variant.SCATTERED
    top_up = "，领取低保/残疾人补贴的按差额发放" if a.dibao or a.disability_grade else ""
    return Decision(True, f"事实无人抚养儿童（{Variant(variant).label}）{top_up}", variant)


def guardian_care_subsidy_eligible(a: Applicant, on: date) -> Decision:
    """GLOSSARY.md Money, guardian_care_subsidy: paid to the carer of a 散居 orphan."""
    if refused := _alive(a, on):
        return refused
    if "orphan" not in a.open_categories:
        return _no("未认定为孤儿")
    if a.living_in_institution:
        return _no("集中供养孤儿没有监护人劳务补助")
    return Decision(True, "散居孤儿的监护人劳务补助")


def price_subsidy_eligible(a: Applicant, on: date) -> Decision:
    """RULES.md Money, price_subsidy: orphans and de facto orphans are covered (发改价格〔2021〕1553号)."""
    if refused := _alive(a, on):
        return refused
    covered = a.open_categories & {"orphan", "de_facto_orphan"}
    if not covered:
        return _no("不属于本系统发放价格临时补贴的对象（孤儿、事实无人抚养儿童）")
    if a.dibao or a.tekun:
        return _no("已随低保/特困发放价格临时补贴，不重复发放")
    return Decision(True, "孤儿/事实无人抚养儿童，按城市低保标准计算", Variant.URBAN)


def temporary_assistance_eligible(a: Applicant, on: date) -> Decision:
    """GLOSSARY.md Money, temporary_assistance: one-off; the amount is set on the application."""
    if refused := _alive(a, on):
        return refused
    return Decision(True, "临时救助（一次性）")


def disability_subsidies_eligible(a: Applicant, on: date, *, severe_grades: tuple[int, ...]) -> Decision:
    """国发〔2015〕52号: 生活补贴 for disabled people on dibao/tekun; 护理补贴 for severe disability (1-2 级)."""
    if refused := _alive(a, on):
        return refused
    if a.disability_grade is None:
        return _no("未登记残疾人证等级")
    if a.disability_grade in severe_grades:
        return Decision(True, f"重度残疾（{a.disability_grade}级），护理补贴", Variant.CARE)
    if a.dibao or a.tekun:
        return Decision(True, f"低保/特困家庭残疾人（{a.disability_grade}级），生活补贴", Variant.LIVING)
    return _no("非重度残疾且不在低保/特困家庭")


# ---------------------------------------------------------------------------------------------
# Amounts


def first_paid_month(approved_on: date) -> date:
    """RULES.md Money: paid from the month after approval."""
    return next_month(approved_on)


def top_up(standard_fen: int, other_benefit_fen: int) -> int:
    """RULES.md Money: a de facto orphan on dibao or a disability allowance gets only the difference (补差)."""
    return max(0, standard_fen - other_benefit_fen)


def price_trigger_rise(cpi: Decimal, food_cpi: Decimal, *, cpi_threshold: Decimal,
                       food_cpi_threshold: Decimal) -> Decimal | None:
    """RULES.md price_subsidy: either index at or over its threshold triggers; the larger rise is used."""
    fired = [rise for rise, threshold in ((cpi, cpi_threshold), (food_cpi, food_cpi_threshold)) if rise >= threshold]
    return max(fired) if fired else None


def price_subsidy_amount(*, dibao_standard_fen: int, rise_percent: Decimal, minimum_fen: int) -> int:
    """RULES.md price_subsidy: round(monthly dibao standard x the index's rise) to whole yuan, at least the
    local minimum."""
    yuan = (Decimal(dibao_standard_fen) * rise_percent / Decimal(10_000)).quantize(Decimal(1), ROUND_HALF_UP)
    return max(int(yuan) * 100, minimum_fen)


def age_on(birth_date: date, on: date) -> int:
    """RULES.md Ages: full years (周岁); 29 February birthdays turn on 1 March in common years."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def band_age(birth_date: date, month: date) -> int:
    """The age a longevity band is read at: on the first day of the roster month (see module notes)."""
    return age_on(birth_date, month_start(month))


# ---------------------------------------------------------------------------------------------
# Stops: (kind, event date, first unpaid month)


@dataclass(frozen=True)
class Stop:
    kind: str
    event_on: date
    stop_month: date
    reason: str


def birthday(birth_date: date, years: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth_date.year + years, 3, 1)


def stop_for_age(birth_date: date, max_age: int) -> Stop:
    """RULES.md Money: at 18 payment stops from the month after the birthday."""
    day = birthday(birth_date, max_age)
    return Stop(StopKind.AGE_LIMIT, day, next_month(day), f"{day}年满{max_age}周岁")


def stop_for_death(died_on: date) -> Stop:
    """RULES.md Money: stops from the month after the condition ends (death)."""
    return Stop(StopKind.DEATH, died_on, next_month(died_on), f"{died_on}死亡")


def stop_for_category_end(ended_on: date, label: str) -> Stop:
    """RULES.md Money: stops from the month after the condition ends (the category closed)."""
    return Stop(StopKind.CATEGORY_CLOSED, ended_on, next_month(ended_on), f"{ended_on}{label}类别终止")


def stop_for_parent_found(found_on: date) -> Stop:
    """RULES.md Money: where a parent is found alive, payment stops from the current month."""
    return Stop(StopKind.PARENT_FOUND, found_on, month_start(found_on), f"{found_on}查找到父母")


def stop_month_for(kind: str, event_on: date) -> date:
    """The first unpaid month for a stop of `kind` reported on `event_on`."""
    return month_start(event_on) if kind == StopKind.PARENT_FOUND else next_month(event_on)
