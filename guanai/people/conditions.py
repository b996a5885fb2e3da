"""Conditions of a relative (or the person): each returns a Chinese label when it holds (RULES.md).

A condition is one named function of (facts, parameters, date); CONDITIONS names them for the
parameters that list conditions (incapable_conditions, de_facto_conditions, ...).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

from django.utils import translation

from guanai.people.choices import CareNeed, CustodyType, DisabilityType, Sex
from guanai.people.facts import PersonFacts, add_months
from guanai.people.parameters import RuleParams


@functools.cache
def choice_label(choices, value: str) -> str:
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
        return f"重度残疾（{choice_label(DisabilityType, f.disability_type)}{grade}级）"
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
    return choice_label(CustodyType, f.custody_type) if _custody_in_force(f, on) else None


def cond_custody(f: PersonFacts, p: RuleParams, on: date) -> str | None:
    """民发〔2019〕62号: the term of the sentence or measure is >= 6 months, not the time served."""
    if _custody_in_force(f, on) and (f.custody_term_months or 0) >= p.custody_min_months:
        return f"{choice_label(CustodyType, f.custody_type)}（期限{f.custody_term_months}个月）"
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

