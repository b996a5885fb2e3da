"""Invariant of the corrections for facts recorded late (late_facts.py), over generated populations
(hypothesis, the generators of test_roster_invariants): two months are built and locked knowing none
of the children's tekun and household dibao; those are then recorded, with their real first months;
after the next month's build, every locked month's line plus its corrections equals what an independent
reading of RULES.md pays with the facts known now, and the locked rosters are unchanged."""

import dataclasses
import datetime

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.accounts.scoping import scope_for
from guanai.benefits.models import Adjustment, Assistance, Enrollment, Payment, PaymentKind, Roster
from guanai.benefits.roster_build import roster_build
from guanai.benefits.services import roster_lock
from guanai.benefits.tests.factories import RosterFactory, programme
from guanai.benefits.tests.services.test_roster_invariants import CODES, MONTHS, children, oracle, population_write
from guanai.people.models import Person

D = datetime.date
LOCKED, NEXT = MONTHS[:2], MONTHS[2]
pytestmark = pytest.mark.django_db
# A dibao flag without an amount is not dated, so it is never applied backwards: left out here.
late_children = children.filter(lambda c: c.dibao != 0)


def totals(rosters: list[Roster]) -> list[tuple]:
    return [(r.pk, r.status, r.line_count, r.total_fen, sorted(Payment.objects.filter(roster=r).values_list(
        "pk", "amount_fen"))) for r in Roster.objects.filter(pk__in=[r.pk for r in rosters]).order_by("pk")]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(kids=st.lists(late_children, min_size=1, max_size=5), order=st.permutations(CODES))
def test_locked_months_are_corrected_to_what_the_facts_now_say(standards, county, kids, order):
    with transaction.atomic():
        unknown = [dataclasses.replace(c, tekun_from=None, dibao=None) for c in kids]
        people = population_write(unknown)
        locked = []
        for month in LOCKED:
            for code in order:
                roster = roster_build(roster_id=RosterFactory(programme=programme(code), month=month).pk)
                locked.append(roster_lock(actor=county, scope=scope_for(county), roster=roster))
        before = totals(locked)
        for pid, c in zip(people, kids, strict=True):  # recorded late, effective from their own months
            person = Person.objects.get(pk=pid)
            if c.tekun_from:
                Assistance.objects.create(kind="tekun", person=person, area_id=person.area_id,
                                          first_month=c.tekun_from)
            if c.dibao:
                Assistance.objects.create(kind="dibao", household_id=person.household_id, area_id=person.area_id,
                                          monthly_fen=c.dibao, members=2, first_month=D(2021, 1, 1))
        for code in order:
            roster_build(roster_id=RosterFactory(programme=programme(code), month=NEXT).pk)

        truth = dict(zip(people, kids, strict=True))
        for e in Enrollment.objects.filter(person_id__in=list(people)):
            for month in LOCKED:
                paid = Payment.objects.filter(enrollment=e, month=month, kind=PaymentKind.REGULAR).aggregate(
                    s=Sum("amount_fen"))["s"] or 0
                corrected = Adjustment.objects.filter(enrollment=e, month=month).aggregate(
                    s=Sum("amount_fen"))["s"] or 0
                assert paid + corrected == (oracle(truth[e.person_id], e.programme_id, month) or 0), (
                    e.programme_id, month, paid, corrected)
        assert not Adjustment.objects.filter(settled_by__isnull=True).exists()  # all settled in NEXT
        assert totals(locked) == before
        transaction.set_rollback(True)
