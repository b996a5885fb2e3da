"""RULES.md Money: a de facto orphan who also receives the disability allowance paid here gets only the
difference, with the arithmetic (before: both were paid in full, the table named only the outside one)."""

import datetime

import pytest

from guanai.benefits import rules
from guanai.benefits.models import ExclusionKind, Payment, RosterExclusion, Standard, Variant
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, PersonFactory, RosterFactory, StandardFactory, programme

D = datetime.date
pytestmark = pytest.mark.django_db
AUGUST = D(2022, 8, 1)


@pytest.fixture
def child(standards):
    StandardFactory(programme=programme("disability_subsidies"), variant=Variant.CARE, amount_fen=10_000)
    child = PersonFactory(disability_grade=1)
    EnrollmentFactory(person=child, programme=programme("de_facto_orphan_allowance"))
    EnrollmentFactory(person=child, programme=programme("disability_subsidies"), variant=Variant.CARE)
    return child


def test_the_de_facto_allowance_is_the_difference_over_the_disability_allowance_paid_here(child):
    roster = roster_build(roster_id=RosterFactory(programme=programme("de_facto_orphan_allowance"), month=AUGUST).pk)
    line = Payment.objects.get(roster=roster)
    assert line.amount_fen == 75_000 - 10_000
    assert "标准750.00元 − 残疾人两项补贴100.00元（本月同时享受） = 650.00元" in line.change_reason
    assert rules.line_amount(line.basis) == line.amount_fen


def test_without_a_standard_for_the_allowance_the_line_is_held_not_paid_in_full(child):
    Standard.objects.filter(programme_id="disability_subsidies").delete()
    roster = roster_build(roster_id=RosterFactory(programme=programme("de_facto_orphan_allowance"), month=AUGUST).pk)
    assert not Payment.objects.filter(roster=roster).exists()
    assert RosterExclusion.objects.get(roster=roster).kind == ExclusionKind.HELD


def test_a_disability_allowance_declared_on_the_application_is_not_subtracted_twice(child):
    """The application declared the disability allowance (the form asks for it); the allowance paid
    here is the record of the same benefit, so only it is subtracted."""
    child.enrollments.filter(programme_id="de_facto_orphan_allowance").update(other_benefit="disability",
                                                                              other_benefit_fen=10_000)
    roster = roster_build(roster_id=RosterFactory(programme=programme("de_facto_orphan_allowance"), month=AUGUST).pk)
    assert Payment.objects.get(roster=roster).amount_fen == 65_000
