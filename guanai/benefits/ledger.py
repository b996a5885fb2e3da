"""Writes to the payment ledger that both the services and the roster builder make: recovering months
paid past a stop, the corrections of locked months from facts recorded late (late_facts.py), and
clearing an unlocked roster's lines before a rebuild.

Kept below services.py and roster_build.py so that neither imports the other (services queues the
build job, the build job runs roster_build): no import circle. Callers hold the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from guanai.benefits.models import (
    Adjustment,
    AdjustmentCause,
    EnrollmentStop,
    Payment,
    PaymentKind,
    PaymentReturn,
    ReturnOutcome,
    Roster,
    RosterExclusion,
    RosterLocked,
    RosterStatus,
)


def recoveries_for_stop(*, stop: EnrollmentStop, actor=None) -> list[Adjustment]:
    """Months already paid in locked rosters from the stop month on (a death reported late) become
    recoveries (negative adjustments) settled in the next roster. Payments the bank returned are skipped."""
    paid = (Payment.objects.filter(enrollment_id=stop.enrollment_id, month__gte=stop.stop_month,
                                   kind__in=[PaymentKind.REGULAR, PaymentKind.REISSUE],
                                   roster__status=RosterStatus.LOCKED, recovery__isnull=True)
            .exclude(bank_return__outcome=ReturnOutcome.FAILED).order_by("month"))
    made = []
    for payment in paid:
        adjustment = Adjustment(
            enrollment_id=stop.enrollment_id, area_id=stop.area_id, month=payment.month, stop=stop,
            cause=AdjustmentCause.STOP,
            amount_fen=-payment.amount_fen, recovers=payment, created_by=actor,
            reason=f"{stop.reason}，追回{payment.month:%Y-%m}多发")
        adjustment.full_clean()
        adjustment.save()
        made.append(adjustment)
    return made


def late_adjustments_clear(*, code: str, area_code: str) -> None:
    """The re-check's adjustments for a programme and area that no roster has settled yet are derived
    data: removed before each build makes them again (settled ones stay, as paid)."""
    Adjustment.objects.filter(cause=AdjustmentCause.RECHECK, settled_by__isnull=True, enrollment__programme_id=code,
                              area__pk__startswith=area_code).delete()


def late_adjustments_write(*, corrections: Iterable) -> list[Adjustment]:
    """The re-check's corrections (late_facts.Correction) as adjustments waiting for the roster."""
    return Adjustment.objects.bulk_create([
        Adjustment(enrollment_id=c.enrollment_id, area_id=c.area_id, month=c.month, amount_fen=c.amount_fen,
                   reason=c.reason[:200], cause=AdjustmentCause.RECHECK, basis=c.basis) for c in corrections])


def roster_lines_clear(*, roster: Roster) -> None:
    """Remove the lines of an unlocked roster before a rebuild (its adjustments wait for the next build)."""
    if roster.status == RosterStatus.LOCKED:
        raise RosterLocked(roster.pk)
    Adjustment.objects.filter(settled_by__roster=roster).update(settled_by=None)
    RosterExclusion.objects.filter(roster=roster).delete()
    lines = Payment.objects.filter(roster=roster)
    if PaymentReturn.objects.filter(payment__roster=roster).exists() or Adjustment.objects.filter(
            recovers__roster=roster).exists() or Payment.objects.filter(reissue_of__roster=roster).exists():
        lines.delete()  # referenced lines: let the ORM refuse (PROTECT) rather than orphan them
        return
    # Unreferenced lines of an unlocked roster: one DELETE, without loading 200,000 rows to collect them.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Payment._meta.db_table)} "  # noqa: S608
                       "WHERE roster_id = %s", [roster.pk])
