"""Invariants of the monthly rosters over many generated populations (hypothesis).

Each example is a small county of children with random facts: orphan and de facto orphan categories
that start and end, enrollments in one or both allowances, tekun from some month, a household dibao
with or without its amount, deaths and 18th birthdays. Four months are built for both programmes
(in a random order) and the first two locked; then:
- in no month is anyone paid by two mutually exclusive programmes;
- no line for anyone not eligible that month, and a line for everyone who is (an independent oracle);
- each roster's total equals the sum of its lines;
- rebuilding an unlocked month gives the same lines and the same stop list;
- a locked month never changes, whatever changes in the facts afterwards.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.benefits.models import Assistance, Payment, PaymentKind, Roster, RosterExclusion, RosterLocked
from guanai.benefits.months import add_months, next_month
from guanai.benefits.roster_build import roster_build
from guanai.benefits.rules import birthday
from guanai.benefits.services import roster_lock
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, programme
from guanai.people.models import CategorySpell, Household, Person

D = datetime.date
MONTHS = [D(2022, m, 1) for m in range(1, 5)]
CODES = ("orphan_allowance", "de_facto_orphan_allowance")
STANDARD_FEN = 70_000  # both allowances until June 2022 (conftest.standards)
pytestmark = pytest.mark.django_db

months_2022 = st.sampled_from([D(2021, 12, 1), *MONTHS])
days = st.integers(min_value=1, max_value=28)


@dataclass(frozen=True)
class Child:
    birth: D
    orphan: tuple[D, D | None] | None
    de_facto: tuple[D, D | None] | None
    enrolled: tuple[bool, bool]
    tekun_from: D | None
    dibao: int | None  # household dibao: None none, 0 flag without amount, else monthly fen (2 members)
    died_on: D | None


def spell():
    return st.one_of(st.none(), st.tuples(months_2022, st.one_of(st.none(), st.builds(
        lambda m, d: m.replace(day=d), months_2022, days))).filter(lambda s: s[1] is None or s[1] >= s[0]))


children = st.builds(
    Child,
    birth=st.builds(lambda y, m, d: D(y, m, d), st.integers(2003, 2012), st.integers(1, 12), days),
    orphan=spell(), de_facto=spell(),
    enrolled=st.tuples(st.booleans(), st.booleans()),
    tekun_from=st.one_of(st.none(), st.sampled_from(MONTHS)),
    dibao=st.one_of(st.none(), st.just(0), st.integers(1, 200_000)),
    died_on=st.one_of(st.none(), st.builds(lambda m, d: m.replace(day=d), st.sampled_from(MONTHS), days)),
)


def held(span: tuple[D, D | None] | None, month: D) -> bool:
    if span is None:
        return False
    start, end = span
    return start <= add_months(month, 1) - datetime.timedelta(days=1) and (end is None or end >= month)


def category_ok(span, month: D) -> bool:
    """Held that month and not stopped: an ended spell stops from the month after its end."""
    return held(span, month) and not (span[1] is not None and next_month(span[1]) <= month)


def alive_and_young(c: Child, month: D) -> bool:
    if c.died_on and next_month(c.died_on) <= month:
        return False
    return next_month(birthday(c.birth, 18)) > month


def oracle(c: Child, code: str, month: D) -> int | None:
    """The amount an independent reading of RULES.md pays (None: not paid)."""
    orphan_paid = c.enrolled[0] and alive_and_young(c, month) and category_ok(c.orphan, month) and not (
        c.tekun_from and c.tekun_from <= month)
    if code == "orphan_allowance":
        return STANDARD_FEN if orphan_paid else None
    if not (c.enrolled[1] and alive_and_young(c, month) and category_ok(c.de_facto, month)):
        return None
    if (c.tekun_from and c.tekun_from <= month) or orphan_paid or c.dibao == 0:
        return None
    amount = STANDARD_FEN - (c.dibao // 2 if c.dibao else 0)
    return amount if amount > 0 else None


def population_write(kids: list[Child]) -> dict[int, Child]:
    people = {}
    for c in kids:
        home = Household.objects.create(area_id="610330100001")
        person = PersonFactory(birth_date=c.birth, died_on=c.died_on, household=home)
        for category, span in (("orphan", c.orphan), ("de_facto_orphan", c.de_facto)):
            if span:
                CategorySpell.objects.create(person=person, category=category, started_on=span[0], ended_on=span[1],
                                             reason="生成")
        for code, wanted in zip(CODES, c.enrolled, strict=True):
            if wanted:
                EnrollmentFactory(person=person, programme=programme(code), category=False)
        if c.tekun_from:
            Assistance.objects.create(kind="tekun", person=person, area_id=person.area_id, first_month=c.tekun_from)
        if c.dibao == 0:
            PersonFactory(household=home, dibao=True)
        elif c.dibao:
            Assistance.objects.create(kind="dibao", household=home, area_id=home.area_id, monthly_fen=c.dibao,
                                      members=2, first_month=D(2021, 1, 1))
        people[person.pk] = c
    return people


def lines_of(roster: Roster) -> list[tuple]:
    return sorted(Payment.objects.filter(roster=roster).values_list(
        "enrollment_id", "kind", "amount_fen", "change_reason", "rule_version", "basis"), key=repr)


def stop_list_of(roster: Roster) -> list[tuple]:
    return sorted(RosterExclusion.objects.filter(roster=roster).values_list("enrollment_id", "kind", "reason"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(kids=st.lists(children, min_size=1, max_size=6), order=st.permutations(CODES))
def test_roster_invariants(standards, county, kids, order):
    from guanai.accounts.scoping import scope_for

    with transaction.atomic():
        people = population_write(kids)
        rosters = {}
        for month in MONTHS:
            for code in order:
                rosters[code, month] = roster_build(
                    roster_id=RosterFactory(programme=programme(code), month=month).pk)
        for month in MONTHS[:2]:
            for code in CODES:
                rosters[code, month] = roster_lock(actor=county, scope=scope_for(county), roster=rosters[code, month])

        regular = Payment.objects.filter(kind=PaymentKind.REGULAR)
        for month in MONTHS:
            paid_by = {}
            for pid, code in regular.filter(month=month).values_list("person_id", "roster__programme_id"):
                assert pid not in paid_by, f"{month}: paid by {paid_by.get(pid)} and {code}"
                paid_by[pid] = code
            for code in CODES:
                got = dict(regular.filter(month=month, roster__programme_id=code).values_list(
                    "person_id", "amount_fen"))
                expected = {pid: amount for pid, c in people.items() if (amount := oracle(c, code, month)) is not None}
                assert got == expected, (code, month)
        for roster in rosters.values():
            roster.refresh_from_db()
            lines = Payment.objects.filter(roster=roster)
            assert roster.total_fen == sum(lines.values_list("amount_fen", flat=True))
            assert roster.line_count == lines.count()

        before = {key: (lines_of(r), stop_list_of(r)) for key, r in rosters.items()}
        for month in MONTHS[2:]:
            for code in CODES:
                roster_build(roster_id=rosters[code, month].pk)
                assert (lines_of(rosters[code, month]), stop_list_of(rosters[code, month])) == before[code, month]

        Person.objects.filter(pk__in=list(people)).update(died_on=D(2022, 1, 2))  # facts change after the lock
        for month in MONTHS[:2]:
            for code in CODES:
                with pytest.raises(RosterLocked):
                    roster_build(roster_id=rosters[code, month].pk)
                assert (lines_of(rosters[code, month]), stop_list_of(rosters[code, month])) == before[code, month]
        transaction.set_rollback(True)
