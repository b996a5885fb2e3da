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
- Exclusivity (RELATIONS, kept as ProgrammeRelation rows): the orphan allowance wins over the de facto
  orphan allowance when a child holds both; tekun excludes both (from the month it is paid: a tekun
  record's first month, or the month after the 特困 flag was set); dibao and disability allowances are
  topped up. The roster build re-checks all of it each month (docs/benefits-rules.md).
- A household's benefit is shared equally among its covered members, rounded down to the fen
  (household_share): the difference paid is never less than the standard minus the child's share.
- A dibao the child receives (own or household flag) with no amount on file holds the line (HELD) rather
  than pay the full rate: the county enters the amount and rebuilds.
- A category ending through an edit of the facts stops payment like the stop form: from the month after
  the end, or from the end's own month when a parent was found alive (dead, declared missing or out of
  contact before, none of these now) (stop_for_category_end / stop_for_parent_found).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from guanai.benefits.models import AssistanceKind, ExclusionKind, ProgrammeCode, RelationEffect, StopKind, Variant
from guanai.benefits.months import month_start, next_month
from guanai.core.money import yuan_text
from guanai.people import conditions
from guanai.people.facts import age_on  # RULES.md Ages: the people app's rule, read here too

P = ProgrammeCode
A = AssistanceKind
# Bumped whenever a rule here changes what a line pays; kept on every line (Payment.rule_version).
RULES_VERSION = "2026.12-2"

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
CHILD_PROGRAMMES = frozenset(PROGRAMME_CATEGORIES) - {P.PRICE_SUBSIDY}

# The exclusivity table (programme A excludes B / B tops up A) and the price subsidy's cover groups are
# data: ProgrammeRelation and PriceCoverGroup rows, seeded with the national defaults by migration
# 0004_relations_and_cover_groups (RULES.md Money) and changed per county by their administrators.


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
    received: frozenset[str] = frozenset()  # outside benefits held on the date (AssistanceKind values)


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


def price_subsidy_eligible(a: Applicant, on: date, *, cover_groups: list[tuple[str, str]]) -> Decision:
    """RULES.md price_subsidy: covered groups are rows (PriceCoverGroup: categories and outside benefits,
    发改价格〔2021〕1553号 and the 2022-23 extension); who is paid with dibao/tekun is the exclusivity table's."""
    if refused := _alive(a, on):
        return refused
    received = [Received(kind, kind, None, "") for kind in a.received]
    verdict = cover_verdict(cover_groups, frozenset(a.open_categories), received)
    if not verdict.paid:
        return _no(verdict.reason)
    group = COVER_LABELS.get(verdict.reason, verdict.reason)
    return Decision(True, f"价格临时补贴保障对象（{group}）", verdict.variant)


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


def stop_for_spell_end(ended_on: date, label: str, *, parent_found: bool) -> Stop:
    """RULES.md Money: a category ended through the facts stops payment as the stop form would: from
    the current month when a parent was found alive, else from the month after the end."""
    return stop_for_parent_found(ended_on) if parent_found else stop_for_category_end(ended_on, label)


# RULES.md Money: how each programme's monthly amount is found. The longevity allowance by the age band
# reached in the month; the price subsidy from the month's price index and the dibao standard; every
# other programme from the standard of the line's variant (散居/集中 …), less any 补差.
AMOUNT_BY_AGE_BAND, AMOUNT_BY_PRICE_INDEX, AMOUNT_BY_STANDARD = "age_band", "price_index", "standard"
AMOUNT_BASES: dict[str, str] = {P.LONGEVITY_ALLOWANCE: AMOUNT_BY_AGE_BAND, P.PRICE_SUBSIDY: AMOUNT_BY_PRICE_INDEX}


def amount_basis(code: str) -> str:
    """AMOUNT_BY_AGE_BAND, AMOUNT_BY_PRICE_INDEX or AMOUNT_BY_STANDARD for a programme."""
    return AMOUNT_BASES.get(code, AMOUNT_BY_STANDARD)


def child_age_limit(code: str, params, *, in_school: bool) -> int | None:
    """RULES.md Children/Money: the age a child programme stops at (18: orphan_max_age, de facto
    orphans de_facto_max_age); the local full-time-school extension lifts it to its cap (None: no cap).
    None for programmes that are not for children."""
    if code not in CHILD_PROGRAMMES:
        return None
    if params.school_extension and in_school:
        return params.school_extension_max_age
    return params.de_facto_max_age if code == P.DE_FACTO_ORPHAN_ALLOWANCE else params.orphan_max_age


# ---------------------------------------------------------------------------------------------
# Each month: what the person receives, the exclusivity table, the 补差 and the cover groups


@dataclass(frozen=True)
class Received:
    """A benefit the person receives in the month: an outside benefit (AssistanceKind) or a programme
    paid here (ProgrammeCode), with the person's monthly share when known and how it reaches them."""

    source: str
    label: str
    share_fen: int | None
    via: str


@dataclass(frozen=True)
class RelationRow:
    other: str
    effect: str
    source: str


@dataclass(frozen=True)
class Verdict:
    """The month's answer for one enrollment: paid (with the top-ups to subtract) or left out, and why."""

    paid: bool
    kind: str = ""  # ExclusionKind when left out
    reason: str = ""
    top_ups: tuple[Received, ...] = ()
    variant: str = ""


def household_share(monthly_fen: int, members: int) -> int:
    """A household benefit per covered member, rounded down to the fen (see module notes)."""
    return monthly_fen // max(1, members)


def relations_verdict(relations: list[RelationRow], received: list[Received]) -> Verdict:
    """RULES.md Money, no double payment: an excluding benefit the person receives leaves the line out
    (named); benefits of the same kind are topped up (补差), never added; a top-up with no amount on
    file holds the line."""
    by_source = {r.source: r for r in received}
    top_ups = []
    for relation in relations:
        got = by_source.get(relation.other)
        if got is None:
            continue
        if relation.effect == RelationEffect.EXCLUDED:
            return Verdict(False, ExclusionKind.EXCLUDED, f"已享受{got.label}（{got.via}）：{relation.source}")
        if got.share_fen is None:
            return Verdict(False, ExclusionKind.HELD,
                           f"享受{got.label}（{got.via}）但未登记每月金额，无法计算差额，暂停发放")
        top_ups.append(got)
    return Verdict(True, top_ups=tuple(top_ups))


# What a benefit declared on the application (Enrollment.other_benefit) stands for among the benefits
# read each month: a record of any of these, with an amount, replaces the declaration (never both).
DECLARED_SOURCES: dict[str, tuple[str, ...]] = {
    "dibao": (A.DIBAO,),
    "disability": (A.DISABILITY, P.DISABILITY_SUBSIDIES),
}


def declared_benefit(other: str, other_fen: int, label: str, received: list[Received]) -> list[Received]:
    """The benefit declared on the application, used only when no record read this month gives it an
    amount (a record on file always wins, so a benefit is never subtracted twice)."""
    stands_for = DECLARED_SOURCES.get(other, (other,))
    if not other or any(r.source in stands_for and r.share_fen is not None for r in received):
        return []
    return [Received(other, label, other_fen, "申请时申报")]


def top_up_arithmetic(standard_fen: int, top_ups: tuple[Received, ...]) -> tuple[int, str]:
    """RULES.md Money: the 补差 of a month and its arithmetic, in whole fen, for the line."""
    amount = standard_fen - sum(r.share_fen or 0 for r in top_ups)
    amount = max(0, amount)
    terms = [f"标准{yuan_text(standard_fen)}元"] + [f"{r.label}{yuan_text(r.share_fen)}元（{r.via}）" for r in top_ups]
    return amount, f"补差：{' − '.join(terms)} = {yuan_text(amount)}元"


def category_verdict(code: str, held: frozenset[str]) -> Verdict:
    """A child programme is paid only in a month its category is held (re-read each month)."""
    needed = PROGRAMME_CATEGORIES.get(code, ())
    if code == P.PRICE_SUBSIDY or not needed or held & set(needed):
        return Verdict(True)
    return Verdict(False, ExclusionKind.NOT_ELIGIBLE, f"当月不属于{'/'.join(CATEGORY_LABELS[c] for c in needed)}")


CATEGORY_LABELS = {"orphan": "孤儿", "de_facto_orphan": "事实无人抚养儿童"}
COVER_LABELS = {**CATEGORY_LABELS, **{k: str(v) for k, v in AssistanceKind.choices}}


def cover_verdict(groups: list[tuple[str, str]], held: frozenset[str], received: list[Received]) -> Verdict:
    """RULES.md price_subsidy: covered when the person holds any cover group of the index month
    (categories or outside benefits); the group's dibao standard (urban/rural) is used, urban first."""
    sources = held | {r.source for r in received}
    fits = [(group, variant) for group, variant in groups if group in sources]
    if not fits:
        return Verdict(False, ExclusionKind.NOT_ELIGIBLE, "当月不属于价格临时补贴保障对象")
    group, variant = min(fits, key=lambda gv: gv[1] != Variant.URBAN)
    return Verdict(True, variant=variant, reason=group)


def evidence_missing(category: str, child, parents: list, evidence: dict[int, dict[str, str]], params,
                     on: date) -> list[str]:
    """RULES.md Children: a paying category is approved only on its evidence: a death certificate or
    court declaration for a dead or missing parent, the police certificate for birth parents not
    found, and for a de facto orphan each parent's condition its own (judgment with its term, police
    receipt for 失联, disability certificate). Returns the documents missing, named."""
    missing = []
    own = evidence.get(child.id, {})
    if child.parents_unknown:
        return [] if own.get("parents_unknown_evidence") else ["公安机关出具的查找不到生父母证明"]
    if not parents:
        return ["未登记父母，无法核验证明材料"]
    for parent in parents:
        papers, name = evidence.get(parent.id, {}), conditions.who(parent)
        if conditions.lost_on(parent, on):
            if not papers.get("death_evidence"):
                missing.append(f"{name}的死亡证明或法院宣告书")
        elif category == "de_facto_orphan":
            missing += _condition_papers(parent, name, papers, params, on)
    return missing


def _condition_papers(parent, name: str, papers: dict[str, str], params, on: date) -> list[str]:
    if conditions.cond_custody(parent, params, on):
        has_term = papers.get("custody_evidence") and parent.custody_term_months
        return [] if has_term else [f"{name}的判决书/决定书（含刑期）"]
    if conditions.cond_out_of_contact(parent, params, on):
        return [] if papers.get("police_receipt_no") else [f"{name}失联的公安机关报案回执"]
    if conditions.cond_severe_disability(parent, params, on):
        return [] if papers.get("disability_certificate_no") else [f"{name}的残疾人证"]
    return []


# ---------------------------------------------------------------------------------------------
# Why this line: the amount again from the basis kept on it, and the answer in words


def late_fact_text(month: str, why: str, settled: int, target: int, difference: int) -> str:
    """A correction of a locked month from a fact recorded late (late_facts.py), in words: why, what the
    month got, what was due, and the difference recovered (追回) or paid (补发)."""
    action = "补发" if difference > 0 else "追回"
    tail = f"；{month}已发{yuan_text(settled)}元，应发{yuan_text(target)}元，{action}{yuan_text(abs(difference))}元"
    return f"补录事实后复核：{why}{tail}" if why else f"补录事实后复核{tail}"


def recheck_amount(recheck: dict) -> int:
    """The difference a re-check basis gives: the month's due amount (the standard less the top-ups
    read now, or 0 when excluded) less what the month already got."""
    target = max(0, recheck["standard_fen"] - sum(share for _, share, _ in recheck.get("top_ups", []))) \
        if "standard_fen" in recheck else recheck["target_fen"]
    return target - recheck["paid_fen"] - recheck["corrected_fen"]


def line_amount(basis: dict) -> int | None:
    """The amount a line's basis gives, by the same rules (None: a basis that names no standard).
    A locked month recomputed from its lines' bases gives the amounts paid."""
    if "recheck" in basis:
        return recheck_amount(basis["recheck"])
    if "one_off_fen" in basis:
        return basis["one_off_fen"]
    if "standard_fen" not in basis:
        return None
    if "rise" in basis:
        return price_subsidy_amount(dibao_standard_fen=basis["standard_fen"], rise_percent=Decimal(basis["rise"]),
                                    minimum_fen=basis.get("minimum_fen", 0))
    return max(0, basis["standard_fen"] - sum(share for _, share, _ in basis.get("top_ups", [])))


def line_why(basis: dict, rule_version: str) -> str:
    """"Why was this paid": the rule version, the facts read and the standard used, in Chinese."""
    if not basis:
        return ""
    parts = [f"规则版本{rule_version}"]
    if basis.get("categories"):
        parts.append("当月类别：" + "、".join(CATEGORY_LABELS.get(c, c) for c in basis["categories"]))
    if "age" in basis:
        parts.append(f"当月{basis['age']}周岁")
    if basis.get("cover_group"):
        parts.append(f"保障对象：{COVER_LABELS.get(basis['cover_group'], basis['cover_group'])}")
    if "rise" in basis:
        parts.append(f"{basis.get('index', '')}；低保标准{yuan_text(basis['standard_fen'])}元×{basis['rise']}%")
    elif "standard_fen" in basis:
        parts.append(f"标准{yuan_text(basis['standard_fen'])}元/月（{Variant(basis.get('variant', '')).label}）")
    if basis.get("arithmetic"):
        parts.append(basis["arithmetic"])
    if "reissue_of" in basis:
        parts.append(f"银行退回重发（原明细{basis['reissue_of']}）")
    if "adjustment" in basis:
        parts.append(f"{basis.get('month', '')}的调整")
    if recheck := basis.get("recheck"):
        settled = recheck["paid_fen"] + recheck["corrected_fen"]
        parts.append(late_fact_text(recheck["month"], recheck["why"], settled, recheck["target_fen"],
                                    recheck["difference_fen"]))
    return "；".join(parts)
