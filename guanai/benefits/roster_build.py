"""Building a monthly roster: the background job behind the roster page and `guanai roster build`.

Streamed: enrollments are read in pages of CHUNK consecutive ids (never all rows in a list), each page's
lookups (last month's amounts, category spells, known stops) are one query each, its lines are
written with bulk_create in the page's own transaction, and progress is saved after each page so the
page's progress bar (htmx polling) moves. Memory stays flat however large the roster.
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
from guanai.benefits.ledger import recoveries_for_stop, roster_lines_clear
from guanai.benefits.models import (
    Adjustment,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStop,
    Frequency,
    Payment,
    PaymentKind,
    ProgrammeCode,
    ReturnOutcome,
    Roster,
    RosterLocked,
    RosterStatus,
    StopStatus,
    Variant,
)
from guanai.benefits.months import add_months
from guanai.benefits.payment_writer import payment_rows_insert
from guanai.benefits.standards import StandardBook, price_month, price_subsidy_fen
from guanai.people.models import CategorySpell
from guanai.people.selectors import RuleParamsCache

log = logging.getLogger(__name__)
CHUNK = 10_000
FIELDS = ("pk", "person_id", "area_id", "variant", "other_benefit_fen", "one_off_fen", "payee_name",
          "bank_account_masked", "starts_on", "person__birth_date", "person__died_on", "person__in_full_time_school")


@dataclass(frozen=True)
class Row:
    pk: int
    person_id: int
    area_id: str
    variant: str
    other_benefit_fen: int
    one_off_fen: int | None
    payee_name: str
    bank_account_masked: str
    starts_on: date
    birth_date: date | None
    died_on: date | None
    in_school: bool


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"  # display text only; amounts stay integer fen


class RosterBuilder:
    def __init__(self, roster: Roster):
        self.roster = roster
        self.month = roster.month
        self.code = roster.programme_id
        self.one_off = roster.programme.frequency == Frequency.ONE_OFF
        self.book = StandardBook(self.code, self.month)
        self.params = RuleParamsCache(self.month)
        self.categories = rules.PROGRAMME_CATEGORIES.get(self.code, ())
        self.price = price_month(roster_month=self.month, area_code=roster.area_id) \
            if self.code == ProgrammeCode.PRICE_SUBSIDY else None
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

    def _closed_categories(self, id_range: tuple[int, int]) -> dict[int, date]:
        """People all of whose spells of the programme's categories have ended: the last end date."""
        if not self.categories:
            return {}
        ends: dict[int, list] = defaultdict(list)
        people = self.enrollments().filter(pk__range=id_range).values("person_id")
        for person_id, ended_on in CategorySpell.objects.filter(
                person_id__in=people, category__in=self.categories).values_list("person_id", "ended_on"):
            ends[person_id].append(ended_on)
        return {pid: max(days) for pid, days in ends.items() if None not in days}

    def rule_stops(self, row: Row, closed_on: date | None) -> list[rules.Stop]:
        found = []
        if row.died_on:
            found.append(rules.stop_for_death(row.died_on))
        if self.categories and row.birth_date:
            params = self.params.for_area(row.area_id)
            max_age = params.de_facto_max_age if self.code == ProgrammeCode.DE_FACTO_ORPHAN_ALLOWANCE \
                else params.orphan_max_age
            if not (params.school_extension and row.in_school):
                found.append(rules.stop_for_age(row.birth_date, max_age))
        if closed_on:
            found.append(rules.stop_for_category_end(closed_on, "/".join(self.categories)))
        return found

    def stopped(self, row: Row, known: dict[str, tuple[date, str]], closed_on: date | None) -> bool:
        """True when a stop applies this month; stops the rules find now are queued for the county.
        A stop the county dismissed is not found again."""
        stop_months = [m for m, status in known.values() if status != StopStatus.DISMISSED]
        for stop in self.rule_stops(row, closed_on):
            if stop.stop_month > self.month or known.get(stop.kind, (None, ""))[1] == StopStatus.DISMISSED:
                continue
            stop_months.append(stop.stop_month)
            if stop.kind not in known:
                self.new_stops.append(EnrollmentStop(
                    enrollment_id=row.pk, area_id=row.area_id, kind=stop.kind, event_on=stop.event_on,
                    stop_month=stop.stop_month, reason=stop.reason, status=StopStatus.PROPOSED))
        return any(m <= self.month for m in stop_months)

    # --- amounts ---------------------------------------------------------------------------

    def amount(self, row: Row) -> tuple[int, str]:
        """(fen, note) for the month; note explains a band."""
        if self.one_off:
            return row.one_off_fen or 0, ""
        if self.code == ProgrammeCode.LONGEVITY_ALLOWANCE:
            if row.birth_date is None:
                return 0, ""
            age = rules.band_age(row.birth_date, self.month)
            return self.book.amount(area_code=row.area_id, variant=Variant.AGE_BAND, age=age) or 0, f"{age}周岁"
        if self.code == ProgrammeCode.PRICE_SUBSIDY:
            return price_subsidy_fen(book=self.book, pm=self.price, area_code=row.area_id, variant=row.variant), ""
        standard = self.book.require(area_code=row.area_id, variant=row.variant)
        if row.other_benefit_fen:
            return rules.top_up(standard, row.other_benefit_fen), f"补差（标准{_yuan(standard)}元）"
        return standard, ""

    def change_reason(self, row: Row, amount: int, previous: int | None, note: str) -> str:
        if previous is None:
            change = "首月发放" if row.starts_on == self.month else "上月未发放，本月恢复"
        elif previous != amount:
            change = f"金额变动：上月{_yuan(previous)}元，本月{_yuan(amount)}元"
        else:
            return ""
        return f"{change}，{note}" if note else change

    def line(self, row: Row, amount: int, previous: int | None, reason: str) -> tuple:
        """A regular line as a tuple in payment_writer.COLUMNS order."""
        return (self.roster.pk, row.pk, row.person_id, row.area_id, row.area_id[:9], self.month, PaymentKind.REGULAR,
                amount, previous, reason, row.payee_name, row.bank_account_masked, None)

    # --- the pages -------------------------------------------------------------------------

    def build_page(self, page: list[Row]) -> int:
        # Pages are keyset ranges of enrollment ids: ranges keep the lookups cheap (an IN list of 5,000
        # ids costs more to build than to run); rows of other programmes in the range are ignored.
        id_range = (page[0].pk, page[-1].pk)
        previous = dict(Payment.objects.filter(enrollment__pk__range=id_range, month=add_months(self.month, -1),
                                               kind=PaymentKind.REGULAR).values_list("enrollment_id", "amount_fen"))
        known: dict[int, dict[str, tuple[date, str]]] = defaultdict(dict)
        for eid, kind, stop_month, status in EnrollmentStop.objects.filter(enrollment__pk__range=id_range).values_list(
                "enrollment_id", "kind", "stop_month", "status"):
            known[eid][kind] = (stop_month, status)
        closed = self._closed_categories(id_range)
        lines = []
        for row in page:
            if self.stopped(row, known.get(row.pk, {}), closed.get(row.person_id)):
                continue
            amount, note = self.amount(row)
            if amount > 0:
                prev = previous.get(row.pk)
                lines.append(self.line(row, amount, prev, self.change_reason(row, amount, prev, note)))
        with transaction.atomic():
            _derived_data_commit()
            payment_rows_insert(lines)
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
                bank_account_masked=e.bank_account_masked)
            adjustment.settled_by = line
            adjustment.save(update_fields=["settled_by", "updated_at"])

    def run(self) -> None:
        total = self.enrollments().count()
        Roster.objects.filter(pk=self.roster.pk).update(status=RosterStatus.BUILDING, progress_total=total,
                                                        progress_done=0, error="")
        for page in self.pages():
            self.build_page(page)
        with transaction.atomic():
            self.extra_lines()


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
    if Payment.objects.filter(roster=roster).exists():
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
