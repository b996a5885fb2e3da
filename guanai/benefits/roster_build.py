"""Building a monthly roster: the background job behind the roster page and `guanai roster build`.

Streamed: enrollments are read in pages of CHUNK consecutive ids (never all rows in a list), each page's
lookups (last month's amounts, known stops, the month's facts: month_facts.py) are one query each, its
lines are written in the page's own transaction, and progress is saved after each page so the page's
progress bar (htmx polling) moves. Memory stays flat however large the roster.

Each line is re-evaluated from that month's facts (RULES.md Money), never trusted from the approval:
stops (death, age, category ended, parent found), the category held that month, the exclusivity table
and the 补差. Every enrollment left out gets a RosterExclusion with its reason (the stop list the county
sees); every line keeps its basis (rule version, facts read, standard used, arithmetic).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from guanai.benefits import events, rules
from guanai.benefits.late_facts import late_corrections
from guanai.benefits.ledger import (
    late_adjustments_clear,
    late_adjustments_write,
    recoveries_for_stop,
    roster_lines_clear,
)
from guanai.benefits.models import (
    Adjustment,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStop,
    ExclusionKind,
    Frequency,
    OtherBenefit,
    Payment,
    PaymentKind,
    ReturnOutcome,
    Roster,
    RosterExclusion,
    RosterLocked,
    RosterStatus,
    StopKind,
    StopStatus,
    Variant,
)
from guanai.benefits.month_facts import CoverBook, PageFacts, RelationBook, held_in, page_facts
from guanai.benefits.months import add_months
from guanai.benefits.payment_writer import payment_rows_insert
from guanai.benefits.standards import StandardBook, price_month, price_subsidy_fen
from guanai.people.selectors import RuleParamsCache

log = logging.getLogger(__name__)
CHUNK = 10_000
FIELDS = ("pk", "person_id", "area_id", "variant", "other_benefit", "other_benefit_fen", "one_off_fen", "payee_name",
          "bank_account_masked", "starts_on", "person__birth_date", "person__died_on", "person__in_full_time_school",
          "person__tekun", "person__dibao", "person__household_id", "person__parents_unknown")


@dataclass(frozen=True)
class Row:
    pk: int
    person_id: int
    area_id: str
    variant: str
    other_benefit: str
    other_benefit_fen: int
    one_off_fen: int | None
    payee_name: str
    bank_account_masked: str
    starts_on: date
    birth_date: date | None
    died_on: date | None
    in_school: bool
    tekun: bool
    dibao: bool
    household_id: int | None
    parents_unknown: bool


@dataclass
class Outcome:
    """One enrollment's month: a line (amount, note, basis) or an exclusion (kind, reason, basis)."""

    amount: int = 0
    note: str = ""
    kind: str = ""
    reason: str = ""
    basis: dict | None = None


_yuan = rules.yuan_text  # display text only; amounts stay integer fen


class RosterBuilder:
    def __init__(self, roster: Roster):
        self.roster = roster
        self.month = roster.month
        self.code = roster.programme_id
        self.one_off = roster.programme.frequency == Frequency.ONE_OFF
        self.book = StandardBook(self.code, self.month)
        self.params = RuleParamsCache(self.month)
        self.categories = rules.PROGRAMME_CATEGORIES.get(self.code, ())
        self.amount_by = rules.amount_basis(self.code)
        self.price = price_month(roster_month=self.month, area_code=roster.area_id) \
            if self.amount_by == rules.AMOUNT_BY_PRICE_INDEX else None
        self.relations = RelationBook(self.code, self.month)
        self.covers = CoverBook(self.price.index_month) if self.price else None
        self.new_stops: list[EnrollmentStop] = []
        self.done = 0

    def enrollments(self):
        qs = Enrollment.objects.filter(
            programme_id=self.code, status__in=[EnrollmentStatus.APPROVED, EnrollmentStatus.ENDED],
            area__pk__startswith=self.roster.area_id, starts_on__lte=self.month)
        if self.one_off:
            return qs.filter(starts_on=self.month)
        return qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.month))

    def pages(self):
        """Windows of CHUNK consecutive ids: each page is an index range scan on the primary key, so
        the cost per page does not grow with the roster (a LIMIT after a filter re-sorts every page)."""
        base = self.enrollments()
        bounds = base.aggregate(lo=Min("pk"), hi=Max("pk"))
        lo, hi = bounds["lo"], bounds["hi"]
        while lo is not None and lo <= hi:
            page = [Row(*values) for values in
                    base.filter(pk__range=(lo, lo + CHUNK - 1)).order_by("pk").values_list(*FIELDS)]
            if page:
                yield page
            lo += CHUNK

    # --- stops -----------------------------------------------------------------------------

    def rule_stops(self, row: Row, facts: PageFacts) -> list[rules.Stop]:
        found = []
        if row.died_on:
            found.append(rules.stop_for_death(row.died_on))
        limit = rules.child_age_limit(self.code, self.params.for_area(row.area_id), in_school=row.in_school)
        if limit is not None and row.birth_date:
            found.append(rules.stop_for_age(row.birth_date, limit))
        spells = [s for s in facts.spells.get(row.person_id, []) if s[0] in self.categories]
        if spells and all(ended is not None for _, _, ended in spells):
            ended_on = max(ended for _, _, ended in spells)
            found.append(rules.stop_for_spell_end(ended_on, "/".join(self.categories),
                                                  parent_found=row.person_id in facts.parent_found))
        return found

    def stopped(self, row: Row, known: dict[str, tuple[date, str, str]], facts: PageFacts) -> str:
        """The reason of the stop that applies this month ("" when none); stops the rules find now are
        queued for the county. A stop the county dismissed is not found again. A category that ended
        and a parent found are one event, so the earlier of their stop months applies whichever page
        (the stop form or an edit of the facts) recorded it."""
        applying = [(m, reason) for m, status, reason in known.values() if status != StopStatus.DISMISSED]
        for stop in self.rule_stops(row, facts):
            if known.get(stop.kind, (None, ""))[1] == StopStatus.DISMISSED:
                continue
            if stop.kind == StopKind.CATEGORY_CLOSED and known.get(StopKind.PARENT_FOUND, (None, ""))[1] \
                    == StopStatus.DISMISSED:
                continue
            if stop.stop_month > self.month:
                continue
            applying.append((stop.stop_month, stop.reason))
            if stop.kind not in known:
                known[stop.kind] = (stop.stop_month, StopStatus.PROPOSED, stop.reason)
                self.new_stops.append(EnrollmentStop(
                    enrollment_id=row.pk, area_id=row.area_id, kind=stop.kind, event_on=stop.event_on,
                    stop_month=stop.stop_month, reason=stop.reason, status=StopStatus.PROPOSED))
        due = sorted((m, reason) for m, reason in applying if m <= self.month)
        return f"{due[0][0]:%Y-%m}起停发：{due[0][1]}" if due else ""

    def evaluate(self, row: Row, known: dict[str, tuple[date, str, str]], facts: PageFacts) -> Outcome:
        """RULES.md Money, re-read each month: stops, the category held, cover, exclusivity, 补差."""
        held = held_in(facts.spells.get(row.person_id, []), self.month)
        received = facts.received.get(row.person_id, [])
        basis: dict = {"rules": rules.RULES_VERSION, "month": f"{self.month:%Y-%m}"}
        if held:
            basis["categories"] = sorted(held)
        if received:
            basis["received"] = [[r.source, r.share_fen, r.via] for r in received]
        if reason := self.stopped(row, known, facts):
            return Outcome(kind=ExclusionKind.STOPPED, reason=reason, basis=basis)
        overridden = known.get(StopKind.CATEGORY_CLOSED, (None, ""))[1] == StopStatus.DISMISSED
        verdict = rules.category_verdict(self.code, held)
        if not verdict.paid and not overridden:
            return Outcome(kind=verdict.kind, reason=verdict.reason, basis=basis)
        variant = row.variant
        if self.covers is not None:
            cover = rules.cover_verdict(self.covers.for_area(row.area_id), held, received)
            if not cover.paid:
                return Outcome(kind=cover.kind, reason=cover.reason, basis=basis)
            variant, basis["cover_group"] = cover.variant, cover.reason
        received = received + self.declared(row, received)
        verdict = rules.relations_verdict(self.relations.for_area(row.area_id), received)
        if not verdict.paid:
            return Outcome(kind=verdict.kind, reason=verdict.reason, basis=basis)
        amount, note = self.amount(row, variant, verdict.top_ups, basis)
        return Outcome(amount=amount, note=note, basis=basis)

    @staticmethod
    def declared(row: Row, received: list[rules.Received]) -> list[rules.Received]:
        """The other benefit declared on the application (rules.declared_benefit)."""
        label = str(OtherBenefit(row.other_benefit).label) if row.other_benefit else ""
        return rules.declared_benefit(row.other_benefit, row.other_benefit_fen, label, received)

    # --- amounts ---------------------------------------------------------------------------

    def amount(self, row: Row, variant: str, top_ups: tuple[rules.Received, ...], basis: dict) -> tuple[int, str]:
        """(fen, note) for the month; the standard and the arithmetic are written into the basis."""
        if self.one_off:
            basis["one_off_fen"] = row.one_off_fen or 0
            return row.one_off_fen or 0, ""
        if self.amount_by == rules.AMOUNT_BY_AGE_BAND:
            if row.birth_date is None:
                return 0, ""
            age = rules.band_age(row.birth_date, self.month)
            standard = self.book.amount(area_code=row.area_id, variant=Variant.AGE_BAND, age=age) or 0
            basis.update(age=age, standard_fen=standard, variant=Variant.AGE_BAND)
            return standard, f"{age}周岁"
        if self.amount_by == rules.AMOUNT_BY_PRICE_INDEX:
            amount = price_subsidy_fen(book=self.book, pm=self.price, area_code=row.area_id, variant=variant)
            if self.price.rise is not None:
                basis.update(standard_fen=self.book.require(area_code=row.area_id, variant=variant), variant=variant,
                             rise=str(self.price.rise), index=self.price.explanation,
                             minimum_fen=self.book.amount(area_code=row.area_id, variant=Variant.MINIMUM) or 0)
            return amount, ""
        standard = self.book.require(area_code=row.area_id, variant=variant)
        basis.update(standard_fen=standard, variant=variant)
        if top_ups:
            amount, arithmetic = rules.top_up_arithmetic(standard, top_ups)
            basis.update(top_ups=[[r.label, r.share_fen, r.via] for r in top_ups], arithmetic=arithmetic)
            return amount, arithmetic
        return standard, ""

    def change_reason(self, row: Row, amount: int, previous: int | None, note: str, *, always: bool = False) -> str:
        """What changed since last month, with the note; a 补差's arithmetic is shown every month."""
        if previous is None:
            change = "首月发放" if row.starts_on == self.month else "上月未发放，本月恢复"
        elif previous != amount:
            change = f"金额变动：上月{_yuan(previous)}元，本月{_yuan(amount)}元"
        else:
            return note if always else ""
        return f"{change}，{note}" if note else change

    def line(self, row: Row, amount: int, previous: int | None, reason: str, basis: dict) -> tuple:
        """A regular line as a tuple in payment_writer.COLUMNS order."""
        return (self.roster.pk, row.pk, row.person_id, row.area_id, row.area_id[:9], self.month, PaymentKind.REGULAR,
                amount, previous, reason[:200], row.payee_name, row.bank_account_masked, None, rules.RULES_VERSION,
                basis)

    def exclusion(self, row: Row, outcome: Outcome) -> RosterExclusion:
        return RosterExclusion(roster_id=self.roster.pk, enrollment_id=row.pk, person_id=row.person_id,
                               area_id=row.area_id, month=self.month, kind=outcome.kind, reason=outcome.reason[:300],
                               rule_version=rules.RULES_VERSION, basis=outcome.basis or {})

    # --- the pages -------------------------------------------------------------------------

    def build_page(self, page: list[Row]) -> int:
        # Pages are keyset ranges of enrollment ids: ranges keep the lookups cheap (an IN list of 5,000
        # ids costs more to build than to run); rows of other programmes in the range are ignored.
        id_range = (page[0].pk, page[-1].pk)
        previous = dict(Payment.objects.filter(enrollment__pk__range=id_range, month=add_months(self.month, -1),
                                               kind=PaymentKind.REGULAR).values_list("enrollment_id", "amount_fen"))
        known: dict[int, dict[str, tuple[date, str, str]]] = defaultdict(dict)
        for eid, kind, stop_month, status, reason in EnrollmentStop.objects.filter(
                enrollment__pk__range=id_range).values_list("enrollment_id", "kind", "stop_month", "status", "reason"):
            known[eid][kind] = (stop_month, status, reason)
        facts = page_facts(page, self.month, relations=self.relations,
                           needs_spells=bool(self.categories) or self.covers is not None
                           or bool(self.relations.other_programmes))
        lines, left_out = [], []
        for row in page:
            outcome = self.evaluate(row, known[row.pk], facts)
            if outcome.kind:
                left_out.append(self.exclusion(row, outcome))
            elif outcome.amount > 0:
                prev = previous.get(row.pk)
                lines.append(self.line(row, outcome.amount, prev,
                                       self.change_reason(row, outcome.amount, prev, outcome.note,
                                                          always="top_ups" in outcome.basis), outcome.basis))
        with transaction.atomic():
            _derived_data_commit()
            payment_rows_insert(lines)
            RosterExclusion.objects.bulk_create(left_out, batch_size=500)
            self.flush_stops()
            self.done += len(page)
            Roster.objects.filter(pk=self.roster.pk).update(progress_done=self.done)
        return len(lines)

    def flush_stops(self) -> None:
        if not self.new_stops:
            return
        EnrollmentStop.objects.bulk_create(self.new_stops, ignore_conflicts=True)
        for stop in EnrollmentStop.objects.filter(
                enrollment_id__in=[s.enrollment_id for s in self.new_stops], stop_month__lt=self.month,
                status=StopStatus.PROPOSED, reported_by__isnull=True, adjustments__isnull=True):
            recoveries_for_stop(stop=stop)
        self.new_stops = []

    def extra_lines(self) -> None:
        """Reissues of lines the bank returned, and adjustments waiting to be settled."""
        failed = Payment.objects.filter(
            roster__programme_id=self.code, roster__area_id=self.roster.area_id, month__lt=self.month,
            bank_return__outcome=ReturnOutcome.FAILED, reissues__isnull=True).select_related("bank_return")
        reissues = [Payment(roster_id=self.roster.pk, enrollment_id=p.enrollment_id, person_id=p.person_id,
                            area_id=p.area_id, township_code=p.township_code, month=self.month,
                            kind=PaymentKind.REISSUE, amount_fen=p.amount_fen, payee_name=p.payee_name,
                            bank_account_masked=p.bank_account_masked, reissue_of_id=p.pk,
                            rule_version=p.rule_version, basis={**p.basis, "reissue_of": p.pk},
                            change_reason=f"{p.month:%Y-%m}银行退回（{p.bank_return.failure_reason}），重发")
                    for p in failed]
        Payment.objects.bulk_create(reissues)
        waiting = Adjustment.objects.filter(enrollment__programme_id=self.code, settled_by__isnull=True,
                                            area__pk__startswith=self.roster.area_id).select_related("enrollment")
        for adjustment in waiting:
            e = adjustment.enrollment
            line = Payment.objects.create(
                roster_id=self.roster.pk, enrollment_id=e.pk, person_id=e.person_id, area_id=e.area_id,
                township_code=e.area_id[:9], month=self.month, kind=PaymentKind.ADJUSTMENT,
                amount_fen=adjustment.amount_fen, change_reason=adjustment.reason, payee_name=e.payee_name,
                bank_account_masked=e.bank_account_masked, rule_version=rules.RULES_VERSION,
                basis={"adjustment": adjustment.pk, "month": f"{adjustment.month:%Y-%m}",
                       **({"recheck": adjustment.basis} if adjustment.basis else {})})
            adjustment.settled_by = line
            adjustment.save(update_fields=["settled_by", "updated_at"])

    def run(self) -> None:
        total = self.enrollments().count()
        Roster.objects.filter(pk=self.roster.pk).update(status=RosterStatus.BUILDING, progress_total=total,
                                                        progress_done=0, error="")
        for page in self.pages():
            self.build_page(page)
        with transaction.atomic():
            self.late_facts()
            self.extra_lines()

    def late_facts(self) -> None:
        """Locked months a status recorded late makes wrong are corrected here, by adjustment lines
        (late_facts.py); the previous build's unsettled corrections are made again, not added to."""
        late_adjustments_clear(code=self.code, area_code=self.roster.area_id)
        if not self.one_off:
            late_adjustments_write(corrections=late_corrections(code=self.code, area_code=self.roster.area_id,
                                                                month=self.month))


def _derived_data_commit() -> None:
    """A page's lines are derived data until the county locks the roster: on PostgreSQL the page's
    commit need not wait for the disk (a crash loses at most the last pages of a roster that is then
    not BUILT and is built again). Locking, like every other write, commits synchronously."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def roster_build(*, roster_id: int, actor=None) -> Roster:
    """Build (or rebuild) an unlocked roster's lines. Failures are recorded on the roster and re-raised."""
    roster = Roster.objects.select_related("programme").get(pk=roster_id)
    if roster.status == RosterStatus.LOCKED:
        raise RosterLocked(roster.pk)
    if Payment.objects.filter(roster=roster).exists() or RosterExclusion.objects.filter(roster=roster).exists():
        roster_lines_clear(roster=roster)
    try:
        RosterBuilder(roster).run()
    except Exception as exc:  # recorded for the page, then re-raised: the job fails loudly
        Roster.objects.filter(pk=roster_id).update(status=RosterStatus.FAILED, error=str(exc)[:2000])
        log.exception("roster %s failed", roster_id)
        raise
    with transaction.atomic():
        roster = Roster.objects.select_for_update().get(pk=roster_id)
        totals = Payment.objects.filter(roster=roster).aggregate(n=Count("pk"), fen=Sum("amount_fen"))
        roster.line_count, roster.total_fen = totals["n"], totals["fen"] or 0
        roster.status, roster.built_at = RosterStatus.BUILT, timezone.now()
        roster.progress_done = roster.progress_total
        roster.save()
        events.roster_event(actor=actor or roster.requested_by, roster=roster, verb="roster_built")
    return roster


def rosters_interrupted(*, reason: str) -> int:
    """Rosters a killed process left building (core/jobs.py): the pages it committed are removed, so
    the roster holds no lines until it is built again, and it shows as failed with the reason. The
    stop proposals it found stay: they are facts about the people, and a rebuild finds them again."""
    stale = list(Roster.objects.filter(status=RosterStatus.BUILDING))
    for roster in stale:
        with transaction.atomic():
            roster_lines_clear(roster=roster)
            Roster.objects.filter(pk=roster.pk).update(status=RosterStatus.FAILED, error=reason, progress_done=0)
    return len(stale)
