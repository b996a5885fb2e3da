"""Corrections are adjustments in a later month: a late-reported death, a manual correction, a reissue."""

import datetime

import pytest

from guanai.accounts.scoping import scope_for
from guanai.benefits import services
from guanai.benefits.bank_returns import ReturnRow
from guanai.benefits.models import Adjustment, Payment, PaymentKind
from guanai.benefits.roster_build import roster_build
from guanai.benefits.selectors import failed_payment_list, payment_totals
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def locked_month(month, county):
    roster = roster_build(roster_id=RosterFactory(month=month).pk)
    return services.roster_lock(actor=county, scope=scope_for(county), roster=roster)


def test_a_death_reported_late_is_recovered_in_the_next_roster(standards, county):
    e = EnrollmentFactory()
    for m in (3, 4, 5):
        locked_month(D(2022, m, 1), county)
    # The death on 10 March is only recorded in June: April and May were paid too much.
    e.person.died_on = D(2022, 3, 10)
    e.person.save()
    june = roster_build(roster_id=RosterFactory(month=D(2022, 6, 1)).pk)
    lines = list(Payment.objects.filter(roster=june).order_by("amount_fen"))
    assert [(p.kind, p.amount_fen) for p in lines] == [(PaymentKind.ADJUSTMENT, -70_000)] * 2
    assert {a.month for a in Adjustment.objects.filter(enrollment=e)} == {D(2022, 4, 1), D(2022, 5, 1)}
    assert all("追回" in p.change_reason for p in lines)
    assert june.total_fen == -140_000
    # the locked months are untouched; the year's total nets to the months really owed (March only)
    services.roster_lock(actor=county, scope=scope_for(county), roster=june)
    totals = {t.programme: t.total_fen for t in payment_totals(scope=scope_for(county), year=2022)}
    assert totals["orphan_allowance"] == 70_000


def test_a_manual_adjustment_is_settled_once(standards, county):
    e = EnrollmentFactory()
    locked_month(D(2022, 3, 1), county)
    services.adjustment_create(actor=county, scope=scope_for(county), enrollment=e, month=D(2022, 3, 1),
                               amount_fen=5_000, reason="3月少发50元")
    april = roster_build(roster_id=RosterFactory(month=D(2022, 4, 1)).pk)
    assert sorted(Payment.objects.filter(roster=april).values_list("amount_fen", flat=True)) == [5_000, 70_000]
    services.roster_lock(actor=county, scope=scope_for(county), roster=april)
    may = roster_build(roster_id=RosterFactory(month=D(2022, 5, 1)).pk)
    assert list(Payment.objects.filter(roster=may).values_list("amount_fen", flat=True)) == [70_000]


def test_a_failed_bank_line_is_reissued_next_month_and_listed(standards, county):
    EnrollmentFactory()
    march = locked_month(D(2022, 3, 1), county)
    line = Payment.objects.get(roster=march)
    result = services.bank_return_import(actor=county, scope=scope_for(county), roster=march, rows=[
        ReturnRow(row_number=2, payment_id=line.pk, amount_fen=70_000, ok=False, failure_reason="账户已销户")])
    assert (result.paid, result.failed) == (0, 1)
    assert list(failed_payment_list(scope=scope_for(county))) == [line]
    april = roster_build(roster_id=RosterFactory(month=D(2022, 4, 1)).pk)
    kinds = sorted(Payment.objects.filter(roster=april).values_list("kind", "amount_fen"))
    assert kinds == [(PaymentKind.REGULAR, 70_000), (PaymentKind.REISSUE, 70_000)]
    services.roster_lock(actor=county, scope=scope_for(county), roster=april)
    totals = {t.programme: t.total_fen for t in payment_totals(scope=scope_for(county), year=2022)}
    assert totals["orphan_allowance"] == 140_000  # March (reissued in April) + April
    assert "账户已销户" in failed_payment_list(scope=scope_for(county))[0].reissues.get().change_reason


def test_a_return_row_that_does_not_match_is_reported(standards, county):
    EnrollmentFactory()
    march = locked_month(D(2022, 3, 1), county)
    line = Payment.objects.get(roster=march)
    result = services.bank_return_import(actor=county, scope=scope_for(county), roster=march, rows=[
        ReturnRow(row_number=2, payment_id=line.pk, amount_fen=1, ok=True)])
    assert result.unmatched and "第2行" in result.unmatched[0]
