"""Every read of benefits, already scoped: each takes the caller's Scope and goes through scoped().

Enrollments, stops, payments and returns carry the person's village; rosters carry the area they
were built for (a county or township), so a village user sees its own payment lines but not the
county's roster as a whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Scope, scoped
from guanai.areas.models import Area
from guanai.areas.precedence import in_force, set_in_or_above
from guanai.benefits import rules
from guanai.benefits.models import (
    Adjustment,
    Assistance,
    Enrollment,
    EnrollmentStop,
    Payment,
    PaymentKind,
    Programme,
    ProgrammeCode,
    ReturnOutcome,
    Roster,
    RosterExclusion,
    RosterStatus,
    Standard,
    StopStatus,
)
from guanai.core.money import yuan_text
from guanai.people.models import Person
from guanai.people.selectors import TimelineItem


class NotFound(Http404):
    pass


def _day_start(day: date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def assistance_list(*, scope: Scope, kind: str | None = None, person: Person | None = None,
                    current_on: date | None = None) -> QuerySet[Assistance]:
    """Statuses held outside the programmes paid here (低保, 特困 ...), of people in the scope; `person`:
    the person's own and their household's; `current_on`: only those covering that month."""
    qs = scoped(Assistance.objects.all(), scope=scope).select_related("person", "household__head", "area")
    if kind:
        qs = qs.filter(kind=kind)
    if person is not None:
        qs = qs.filter(Q(person=person) | Q(household_id=person.household_id, household__isnull=False))
    if current_on is not None:
        qs = qs.filter(Q(last_month__isnull=True) | Q(last_month__gte=current_on), first_month__lte=current_on)
    return qs.order_by("-first_month", "-pk")


def assistance_get(*, scope: Scope, pk: int) -> Assistance:
    try:
        return scoped(Assistance.objects.select_related("person", "household"), scope=scope).get(pk=pk)
    except Assistance.DoesNotExist:
        raise NotFound("没有这条记录 / not found") from None


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.filter(active=True).order_by("code")


def standard_list(*, scope: Scope, on: date | None = None) -> QuerySet[Standard]:
    """Standards of the user's area and of the areas above it (they apply inside it)."""
    qs = Standard.objects.select_related("programme", "area").order_by("programme_id", "variant", "min_age",
                                                                "-effective_from")
    if on:
        qs = qs.filter(in_force(on))
    return qs if scope.is_everything else qs.filter(set_in_or_above(scope.prefix))


def enrollment_list(*, scope: Scope, programme: str | None = None, status: str | None = None,
                    person: Person | None = None) -> QuerySet[Enrollment]:
    qs = scoped(Enrollment.objects.all(), scope=scope).select_related("person", "programme", "area")
    if programme:
        qs = qs.filter(programme_id=programme)
    if status:
        qs = qs.filter(status=status)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("-applied_at", "-pk")


def enrollment_get(*, scope: Scope, pk: int) -> Enrollment:
    try:
        return scoped(Enrollment.objects.select_related(
            "person", "programme", "area", "applied_by", "reviewed_by", "approved_by", "rejected_by"),
            scope=scope).get(pk=pk)
    except Enrollment.DoesNotExist:
        raise NotFound("没有这条记录 / not found") from None


def stop_list(*, scope: Scope, status: str | None = StopStatus.PROPOSED) -> QuerySet[EnrollmentStop]:
    qs = scoped(EnrollmentStop.objects.all(), scope=scope).select_related(
        "enrollment__person", "enrollment__programme", "area")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("stop_month", "pk")


def stop_get(*, scope: Scope, pk: int) -> EnrollmentStop:
    try:
        return scoped(EnrollmentStop.objects.select_related("enrollment"), scope=scope).get(pk=pk)
    except EnrollmentStop.DoesNotExist:
        raise NotFound("没有这条记录 / not found") from None


def roster_list(*, scope: Scope, programme: str | None = None) -> QuerySet[Roster]:
    qs = scoped(Roster.objects.all(), scope=scope).select_related("programme", "area", "locked_by")
    if programme:
        qs = qs.filter(programme_id=programme)
    return qs.order_by("-month", "programme_id", "area_id")


def roster_get(*, scope: Scope, pk: int) -> Roster:
    try:
        return scoped(Roster.objects.select_related("programme", "area", "locked_by"), scope=scope).get(pk=pk)
    except Roster.DoesNotExist:
        raise NotFound("没有这份花名册 / no such roster") from None


def roster_payments(*, scope: Scope, roster: Roster) -> QuerySet[Payment]:
    return scoped(Payment.objects.filter(roster=roster), scope=scope).select_related(
        "person", "area", "bank_return").order_by("township_code", "area_id", "pk")


@dataclass(frozen=True)
class TownshipTotal:
    code: str
    name: str
    lines: int
    total_fen: int


def roster_township_totals(*, scope: Scope, roster: Roster) -> list[TownshipTotal]:
    rows = (roster_payments(scope=scope, roster=roster).order_by().values("township_code")
            .annotate(lines=Count("pk"), total=Sum("amount_fen")).order_by("township_code"))
    rows = list(rows)
    names = dict(Area.objects.filter(code__in=[r["township_code"] for r in rows]).values_list("code", "name"))
    return [TownshipTotal(r["township_code"], names.get(r["township_code"], r["township_code"]), r["lines"],
                          r["total"] or 0) for r in rows]


def failed_payment_list(*, scope: Scope) -> QuerySet[Payment]:
    """Lines the bank returned, with the line that reissued each (if any)."""
    return (scoped(Payment.objects.filter(bank_return__outcome=ReturnOutcome.FAILED), scope=scope)
            .select_related("person", "roster__programme", "bank_return").prefetch_related("reissues")
            .order_by("-month", "pk"))


def adjustment_list(*, scope: Scope, settled: bool | None = None) -> QuerySet[Adjustment]:
    qs = scoped(Adjustment.objects.all(), scope=scope).select_related("enrollment__person", "enrollment__programme")
    if settled is not None:
        qs = qs.filter(settled_by__isnull=not settled)
    return qs.order_by("-created_at")


def paid_payments(*, scope: Scope) -> QuerySet[Payment]:
    """Lines of locked rosters that the bank did not return (the money actually paid)."""
    return scoped(Payment.objects.filter(roster__status=RosterStatus.LOCKED), scope=scope).exclude(
        bank_return__outcome=ReturnOutcome.FAILED)


@dataclass(frozen=True)
class ProgrammeTotal:
    programme: str
    name: str
    people: int
    lines: int
    total_fen: int


def payment_totals(*, scope: Scope, year: int, area_code: str | None = None) -> list[ProgrammeTotal]:
    """Money paid per programme in a calendar year (by roster month), inside `area_code` if given."""
    qs = paid_payments(scope=scope).filter(month__year=year)
    if area_code:
        qs = qs.filter(area__pk__startswith=area_code)
    rows = (qs.values("roster__programme_id").annotate(people=Count("person_id", distinct=True), lines=Count("pk"),
                                                       total=Sum("amount_fen")).order_by("roster__programme_id"))
    names = dict(ProgrammeCode.choices)
    return [ProgrammeTotal(r["roster__programme_id"], str(names.get(r["roster__programme_id"], "")),
                           r["people"], r["lines"], r["total"] or 0) for r in rows]


def person_payments(*, scope: Scope, person: Person) -> QuerySet[Payment]:
    return scoped(Payment.objects.filter(person=person), scope=scope).select_related(
        "roster__programme", "bank_return").order_by("-month", "-pk")


def _payment_detail(payment: Payment) -> str:
    """Why this line: the change, then the rule version, facts read and standard used (rules.line_why)."""
    why = rules.line_why(payment.basis, payment.rule_version)
    return "；".join(part for part in (payment.change_reason, why) if part)


def benefit_timeline_items(scope: Scope, person: Person) -> Iterable[TimelineItem]:
    """The person page's timeline: enrollment steps and payment lines (two queries)."""
    items = []
    for e in enrollment_list(scope=scope, person=person):
        name = e.programme.get_code_display()
        items.append(TimelineItem(at=e.applied_at, kind="enrollment",
                                  title=_("申请%(programme)s") % {"programme": name}, detail=e.eligibility))
        if e.approved_at:
            items.append(TimelineItem(at=e.approved_at, kind="enrollment",
                                      title=_("%(programme)s审批通过") % {"programme": name},
                                      detail=_("%(month)s起发") % {"month": f"{e.starts_on:%Y-%m}"}))
        if e.rejected_at:
            items.append(TimelineItem(at=e.rejected_at, kind="enrollment",
                                      title=_("%(programme)s未通过") % {"programme": name}, detail=e.rejection_reason))
        if e.ends_on and e.status == "ended":
            items.append(TimelineItem(at=e.updated_at, kind="enrollment",
                                      title=_("%(programme)s停发") % {"programme": name},
                                      detail=_("%(month)s末次发放：%(reason)s") % {"month": f"{e.ends_on:%Y-%m}",
                                                                                 "reason": e.end_reason}))
    for p in person_payments(scope=scope, person=person)[:120]:
        kind = "" if p.kind == PaymentKind.REGULAR else f"（{p.get_kind_display()}）"
        items.append(TimelineItem(at=_day_start(p.month), kind="payment",
                                  title=_("%(programme)s%(kind)s %(amount)s元") % {
                                      "programme": p.roster.programme.get_code_display(), "kind": kind,
                                      "amount": yuan_text(p.amount_fen)},
                                  detail=_payment_detail(p)))
    return items


# ---------------------------------------------------------------------------------------------
# The county's payments audit: per month, every exclusion, top-up and stop with its reason


@dataclass(frozen=True)
class AuditRow:
    section: str  # "exclusion", "top_up", "adjustment" or "stop"
    kind: str
    programme: str
    person_id: int
    person_name: str
    area_code: str
    amount_fen: int | None
    reason: str
    rule_version: str


def roster_exclusions(*, scope: Scope, roster: Roster) -> QuerySet[RosterExclusion]:
    """A roster's stop list: the enrollments it left out and why."""
    return scoped(RosterExclusion.objects.filter(roster=roster), scope=scope).select_related("person", "area").order_by(
        "area_id", "pk")


def audit_exclusions(*, scope: Scope, month: date) -> QuerySet[RosterExclusion]:
    """Every enrollment a roster of the month left out (the stop list), with its reason."""
    return scoped(RosterExclusion.objects.filter(month=month), scope=scope).select_related(
        "roster__programme", "person").order_by("roster__programme_id", "area_id", "pk")


def audit_top_ups(*, scope: Scope, month: date) -> QuerySet[Payment]:
    """Every line of the month paid as a difference (补差), its arithmetic in change_reason and basis."""
    return scoped(Payment.objects.filter(month=month, kind=PaymentKind.REGULAR, basis__has_key="top_ups"),
                  scope=scope).select_related("roster__programme", "person").order_by("area_id", "pk")


def audit_adjustments(*, scope: Scope, month: date) -> QuerySet[Payment]:
    """Every adjustment line of the month's rosters: recoveries after a stop, corrections of locked
    months from facts recorded late (with their arithmetic), the county's own corrections."""
    return scoped(Payment.objects.filter(month=month, kind=PaymentKind.ADJUSTMENT), scope=scope).select_related(
        "roster__programme", "person").order_by("area_id", "pk")


def audit_stops(*, scope: Scope, month: date) -> QuerySet[EnrollmentStop]:
    """Every stop taking effect in the month, whoever or whatever found it."""
    return scoped(EnrollmentStop.objects.filter(stop_month=month), scope=scope).select_related(
        "enrollment__programme", "enrollment__person").order_by("area_id", "pk")


def payments_audit_rows(*, scope: Scope, month: date) -> Iterable[AuditRow]:
    """The three lists of the audit as one stream of rows (for the export), read in chunks."""
    for x in audit_exclusions(scope=scope, month=month).iterator(chunk_size=2000):
        yield AuditRow("exclusion", x.get_kind_display(), x.roster.programme.name, x.person_id, x.person.name,
                       x.area_id, None, x.reason, x.rule_version)
    for p in audit_top_ups(scope=scope, month=month).iterator(chunk_size=2000):
        yield AuditRow("top_up", str(_("补差发放")), p.roster.programme.name, p.person_id, p.person.name, p.area_id,
                       p.amount_fen, p.basis.get("arithmetic", p.change_reason), p.rule_version)
    for p in audit_adjustments(scope=scope, month=month).iterator(chunk_size=2000):
        yield AuditRow("adjustment", str(_("追回") if p.amount_fen < 0 else _("补发")), p.roster.programme.name,
                       p.person_id, p.person.name, p.area_id, p.amount_fen, p.change_reason, p.rule_version)
    for s in audit_stops(scope=scope, month=month).iterator(chunk_size=2000):
        yield AuditRow("stop", f"{s.get_kind_display()}（{s.get_status_display()}）", s.enrollment.programme.name,
                       s.enrollment.person_id, s.enrollment.person.name, s.area_id, None, s.reason, "")
