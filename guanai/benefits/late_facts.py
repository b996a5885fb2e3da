"""Facts recorded late for months already locked: the corrections the next roster build makes.

RULES.md Money (no double payment): neither the orphan nor the de facto orphan allowance is paid on
top of tekun, and a de facto orphan on dibao gets only the difference (补差). Both hold in every month
the tekun or dibao is received, so a status recorded late takes effect from its own first month
(Assistance.first_month), not from the month it was typed in. When that month is already locked, the
locked roster is never edited (models.RosterLocked): the next build of the programme writes an
adjustment (a recovery 追回, or the difference paid 补发) for each locked month the record changes,
with the arithmetic, settled as a line of that roster and listed on the payments audit.

Which months are looked at: a status row (Assistance) written or changed after a locked month's
roster was built, whose first month is not after that month (a status ended earlier changes the same
way). Only the exclusivity table and the 补差 are re-read for those months, with the standard the locked
line used; stops keep their own recoveries (ledger.recoveries_for_stop), so months from a stop on are
left to them. A status with no amount on file cannot give a difference: nothing is done until the
amount is entered (the next build then does it). Corrections not yet settled in a locked roster are
derived data, made again by each build (idempotent: what was already paid or corrected for the month
is subtracted first).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from guanai.benefits import rules
from guanai.benefits.models import (
    Adjustment,
    Assistance,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStop,
    ExclusionKind,
    OtherBenefit,
    Payment,
    PaymentKind,
    ProgrammeRelation,
    Roster,
    RosterExclusion,
    RosterStatus,
    StopStatus,
)
from guanai.benefits.month_facts import RelationBook, Subject, page_facts
from guanai.benefits.standards import StandardBook
from guanai.people.models import Person

# Exclusions the exclusivity table made: a late fact can turn them into a payment.
RECHECKED_EXCLUSIONS = (ExclusionKind.EXCLUDED, ExclusionKind.HELD)


@dataclass(frozen=True)
class Correction:
    enrollment_id: int
    area_id: str
    month: date
    amount_fen: int  # positive: the difference paid (补发); negative: recovered (追回)
    reason: str
    basis: dict


@dataclass(frozen=True)
class Locked:
    """What a locked month holds for one enrollment: its paid line, or the exclusion it left."""

    paid_fen: int
    basis: dict


def _locked_months(code: str, area_code: str, month: date) -> dict[date, object]:
    """Months before `month` with a locked roster of the programme over the area, and when each was built."""
    built: dict[date, object] = {}
    locked = Roster.objects.filter(programme_id=code, status=RosterStatus.LOCKED, month__lt=month)
    for m, area, at in locked.values_list("month", "area_id", "built_at"):
        if at is not None and (area.startswith(area_code) or area_code.startswith(area)):
            built[m] = max(built.get(m, at), at)
    return built


def _candidates(area_code: str, built: dict[date, object]) -> dict[int, set[date]]:
    """Person id -> locked months a status row written after that month's build may change."""
    if not built:
        return {}
    rows = Assistance.objects.filter(updated_at__gt=min(built.values()), area__pk__startswith=area_code).values_list(
        "person_id", "household_id", "first_month", "updated_at")
    by_person: dict[int, set[date]] = defaultdict(set)
    by_household: dict[int, set[date]] = defaultdict(set)
    for pid, hid, first, changed in rows:
        months = {m for m, at in built.items() if first <= m and changed > at}
        if months:
            (by_person[pid] if pid else by_household[hid]).update(months)
    for pid, hid in Person.objects.filter(household_id__in=list(by_household)).values_list("pk", "household_id"):
        by_person[pid].update(by_household[hid])
    return by_person


def _locked(enrollment_ids: list[int], months: set[date]) -> dict[tuple[int, date], Locked]:
    found: dict[tuple[int, date], Locked] = {}
    for eid, m, amount, basis in Payment.objects.filter(
            enrollment_id__in=enrollment_ids, month__in=months, kind=PaymentKind.REGULAR,
            roster__status=RosterStatus.LOCKED).values_list("enrollment_id", "month", "amount_fen", "basis"):
        found[(eid, m)] = Locked(amount, basis)
    for eid, m, basis in RosterExclusion.objects.filter(
            enrollment_id__in=enrollment_ids, month__in=months, kind__in=RECHECKED_EXCLUSIONS,
            roster__status=RosterStatus.LOCKED).values_list("enrollment_id", "month", "basis"):
        found.setdefault((eid, m), Locked(0, basis))
    return found


def _corrected(enrollment_ids: list[int], months: set[date]) -> dict[tuple[int, date], int]:
    """What adjustments already added to or took from each month (every cause: a county's own
    correction of the month counts too, so nothing is recovered twice)."""
    return {(eid, m): total for eid, m, total in Adjustment.objects.filter(
        enrollment_id__in=enrollment_ids, month__in=months).values("enrollment_id", "month").annotate(
        total=Sum("amount_fen")).values_list("enrollment_id", "month", "total")}


def _stopped_from(enrollment_ids: list[int]) -> dict[int, date]:
    """The earliest stop month of each enrollment (stops recover their own months)."""
    first: dict[int, date] = {}
    for eid, m in EnrollmentStop.objects.filter(enrollment_id__in=enrollment_ids).exclude(
            status=StopStatus.DISMISSED).values_list("enrollment_id", "stop_month"):
        first[eid] = min(first.get(eid, m), m)
    return first


def _subjects(person_ids: list[int]) -> dict[int, Subject]:
    return {row[0]: Subject(*row) for row in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "household_id", "tekun", "dibao", "parents_unknown", "area_id", "birth_date", "died_on",
        "in_full_time_school")}


def _declared(enrollment: dict, received: list[rules.Received]) -> list[rules.Received]:
    """The other benefit declared on the application, as the build reads it (roster_build.declared)."""
    other = enrollment["other_benefit"]
    label = str(OtherBenefit(other).label) if other else ""
    return rules.declared_benefit(other, enrollment["other_benefit_fen"], label, received)


class LateFacts:
    """The corrections for one roster build (programme, area, month)."""

    def __init__(self, code: str, area_code: str, month: date):
        self.code, self.area_code, self.month = code, area_code, month
        self.amount_by = rules.amount_basis(code)

    def corrections(self) -> list[Correction]:
        if not ProgrammeRelation.objects.filter(programme_id=self.code).exists():
            return []  # no exclusivity row for the programme: a status cannot change what it pays
        candidates = _candidates(self.area_code, _locked_months(self.code, self.area_code, self.month))
        if not candidates:
            return []
        enrollments = list(Enrollment.objects.filter(
            programme_id=self.code, person_id__in=list(candidates), area__pk__startswith=self.area_code,
            status__in=[EnrollmentStatus.APPROVED, EnrollmentStatus.ENDED]).values(
            "pk", "person_id", "area_id", "variant", "other_benefit", "other_benefit_fen", "starts_on"))
        ids = [e["pk"] for e in enrollments]
        months = set().union(*candidates.values())
        locked, corrected, stopped = _locked(ids, months), _corrected(ids, months), _stopped_from(ids)
        subjects = _subjects([e["person_id"] for e in enrollments])
        by_month: dict[date, list[dict]] = defaultdict(list)
        for e in enrollments:
            for m in candidates[e["person_id"]]:
                if (e["pk"], m) in locked and m < stopped.get(e["pk"], date.max):
                    by_month[m].append(e)
        found = []
        for m in sorted(by_month):
            relations = RelationBook(self.code, m)
            facts = page_facts([subjects[e["person_id"]] for e in by_month[m]], m, relations=relations,
                               needs_spells=bool(relations.other_programmes))
            for e in by_month[m]:
                received = facts.received.get(e["person_id"], [])
                correction = self.correction(e, m, locked[(e["pk"], m)], corrected.get((e["pk"], m), 0),
                                             rules.relations_verdict(relations.for_area(e["area_id"]),
                                                                     received + _declared(e, received)))
                if correction is not None:
                    found.append(correction)
        return found

    def correction(self, e: dict, m: date, locked: Locked, corrected: int, verdict: rules.Verdict
                   ) -> Correction | None:
        """The month again with the facts known now; None when it stands or cannot be computed."""
        if verdict.kind == ExclusionKind.HELD:
            return None  # an amount is missing: no difference can be computed yet
        basis: dict = {"month": f"{m:%Y-%m}", "paid_fen": locked.paid_fen, "corrected_fen": corrected}
        if not verdict.paid:
            target, why = 0, verdict.reason
        elif self.amount_by == rules.AMOUNT_BY_STANDARD:
            standard = locked.basis.get("standard_fen") or StandardBook(self.code, m).require(
                area_code=e["area_id"], variant=e["variant"])
            target, why = rules.top_up_arithmetic(standard, verdict.top_ups)
            basis.update(standard_fen=standard, top_ups=[[r.label, r.share_fen, r.via] for r in verdict.top_ups])
        elif locked.paid_fen:
            target, why = locked.paid_fen, ""  # an age-band or price-index line no longer excluded stands
        else:
            return None
        difference = target - locked.paid_fen - corrected
        if difference == 0:
            return None
        text = rules.late_fact_text(f"{m:%Y-%m}", why, locked.paid_fen + corrected, target, difference)
        # The reason column holds 200 characters: the arithmetic's tail is kept whole, the why shortened.
        reason = text if len(text) <= 200 else text[:100] + "…" + text[-99:]
        return Correction(e["pk"], e["area_id"], m, difference, reason,
                          {**basis, "target_fen": target, "difference_fen": difference, "why": why})


def late_corrections(*, code: str, area_code: str, month: date) -> list[Correction]:
    """The corrections the build of (programme, area, month) settles for locked months (see module)."""
    return LateFacts(code, area_code, month).corrections()
