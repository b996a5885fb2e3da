"""Conditions of a relative (or the person): each returns a label when it holds (RULES.md).

Labels are `guanai.core.messages.Message`s (a Chinese key and parameters), stored with the spell they
explain and rendered in the reader's language.

A condition is one named function of (facts, parameters, date); CONDITIONS names them for the
parameters that list conditions (incapable_conditions, de_facto_conditions, ...).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

from django.utils import translation
from django.utils.translation import gettext_noop

from guanai.core.messages import Message, word
from guanai.people.choices import CareNeed, CustodyType, DisabilityType, Sex
from guanai.people.facts import PersonFacts, add_months
from guanai.people.parameters import RuleParams


@functools.cache
def choice_label(choices, value: str) -> Message:
    """A choice's label as a word: its key is the Chinese label (the msgid), so it renders in the
    reader's language; a value outside the choices stays as it is."""
    if value not in choices.values:
        return Message("%(value)s", value=value or "")
    with translation.override("zh-hans"):
        return word(str(choices(value).label))


_PARENT_KEYS = {Sex.MALE: gettext_noop("父亲%(name)s"), Sex.FEMALE: gettext_noop("母亲%(name)s")}
_ROLE_KEYS = {"supporter": gettext_noop("赡养人%(name)s"), "carer": gettext_noop("照护人%(name)s")}


def who(person: PersonFacts, role: str = "parent") -> Message:
    """父亲张三, 赡养人李四: the relative's role and name."""
    if role == "parent":
        return Message(_PARENT_KEYS.get(person.sex, gettext_noop("父/母%(name)s")), name=person.name)
    return Message(_ROLE_KEYS.get(role, "%(name)s"), name=person.name)


def lost_on(person: PersonFacts, on: date, role: str = "parent") -> Message | None:
    """Dead (death or court declaration of death) or declared missing by a court, on the date:
    父亲张三死亡 / 父亲张三经法院宣告失踪."""
    if person.died_on and person.died_on <= on:
        return Message(gettext_noop("%(who)s死亡"), who=who(person, role))
    if person.declared_missing_on and person.declared_missing_on <= on:
        return Message(gettext_noop("%(who)s经法院宣告失踪"), who=who(person, role))
    return None


def who_is(person: PersonFacts, state: Message, role: str = "parent") -> Message:
    """父亲张三重病（…）: a relative and a condition that holds of them."""
    return Message(gettext_noop("%(who)s%(state)s"), who=who(person, role), state=state)


def cond_severe_disability(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    grade = f.disability_grade
    if grade is None:
        return None
    if grade in p.severe_disability_grades or (
            f.disability_type in p.severe_disability_mental_types and grade in p.severe_disability_mental_grades):
        return Message(gettext_noop("重度残疾（%(kind)s%(grade)s级）"),
                       kind=choice_label(DisabilityType, f.disability_type),
                       grade=grade)
    return None


def cond_severe_illness(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    illness = f.severe_illness.strip()
    if illness and (not p.severe_illnesses or any(name in illness for name in p.severe_illnesses)):
        return Message(gettext_noop("重病（%(illness)s）"), illness=illness)
    return None


def _custody_in_force(f: PersonFacts, on: date) -> bool:
    if not f.custody_type or (f.custody_since and f.custody_since > on):
        return False
    return not (f.custody_since and f.custody_term_months and add_months(f.custody_since, f.custody_term_months) <= on)


def cond_in_custody(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    """In custody on the date, whatever the term (lacks capacity to guard)."""
    return choice_label(CustodyType, f.custody_type) if _custody_in_force(f, on) else None


def cond_custody(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    """民发〔2019〕62号: the term of the sentence or measure is >= 6 months, not the time served."""
    if _custody_in_force(f, on) and (f.custody_term_months or 0) >= p.custody_min_months:
        return Message(gettext_noop("%(custody)s（期限%(months)s个月）"),
                       custody=choice_label(CustodyType, f.custody_type),
                       months=f.custody_term_months)
    return None


def cond_out_of_contact(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    """民发〔2019〕62号: out of contact >= 6 months, counted from the police's acceptance of the report."""
    since = f.out_of_contact_since
    if since and add_months(since, p.out_of_contact_min_months) <= on:
        return Message(gettext_noop("失联（%(since)s公安机关受理报案）"), since=f"{since:%Y-%m-%d}")
    return None


def cond_guardianship_revoked(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    revoked = f.guardianship_revoked_on and f.guardianship_revoked_on <= on
    return word(gettext_noop("被撤销监护资格")) if revoked else None


def cond_deported(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    return word(gettext_noop("被遣送（驱逐）出境")) if f.deported_on and f.deported_on <= on else None


def cond_care_need_full(f: PersonFacts, p: RuleParams, on: date) -> Message | None:
    return word(gettext_noop("失能")) if f.care_need == CareNeed.FULL else None


def _flag(attribute: str, text: str) -> Callable[[PersonFacts, RuleParams, date], Message | None]:
    return lambda f, p, on: word(text) if getattr(f, attribute) else None


CONDITIONS: dict[str, Callable[[PersonFacts, RuleParams, date], Message | None]] = {
    "severe_disability": cond_severe_disability,
    "severe_illness": cond_severe_illness,
    "in_custody": cond_in_custody,
    "custody": cond_custody,
    "out_of_contact": cond_out_of_contact,
    "guardianship_revoked": cond_guardianship_revoked,
    "deported": cond_deported,
    "care_need_full": cond_care_need_full,
    "bereaved_one_child_family": _flag("bereaved_one_child_family", gettext_noop("计划生育特殊家庭")),
    "dibao": _flag("dibao", gettext_noop("低保")),
    "tekun": _flag("tekun", gettext_noop("特困")),
}


def condition_of(f: PersonFacts, names, p: RuleParams, on: date) -> Message | None:
    for name in names:
        label = CONDITIONS[name](f, p, on)
        if label:
            return label
    return None

