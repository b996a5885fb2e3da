"""Every write of benefits: the enrollment steps, stops, rosters, adjustments and bank returns.

Each service is keyword-only, checks the actor's capability and scope, runs in one transaction and
records its event there (events.py). The roster build itself is the background job in roster_build.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope, scoped
from guanai.areas.models import Area
from guanai.benefits import events, rules
from guanai.benefits.assistance_sheet import AssistanceRow
from guanai.benefits.bank_returns import ReturnRow
from guanai.benefits.eligibility import eligibility_check, evidence_check, exclusivity_check
from guanai.benefits.ledger import recoveries_for_stop, roster_lines_clear
from guanai.benefits.models import (
    OPEN_STATUSES,
    Adjustment,
    Assistance,
    AssistanceKind,
    AssistanceOrigin,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStop,
    OtherBenefit,
    Payment,
    PaymentReturn,
    Programme,
    ProgrammeCode,
    ReturnOutcome,
    Roster,
    RosterLocked,
    RosterStatus,
    StopKind,
    StopStatus,
)
from guanai.benefits.months import add_months, month_start
from guanai.benefits.tasks import roster_build_task
from guanai.people import idcipher, idnumbers
from guanai.people.models import Person


class NotEligible(ValidationError):
    """The rules refuse the application; the message says why in Chinese and English."""


class EnrollmentExists(ValidationError):
    pass


class WrongStep(ValidationError):
    """A step taken out of order (approve before review, lock before build, ...)."""


def _programme(code: str) -> Programme:
    programme = Programme.objects.filter(code=code, active=True).first()
    if programme is None:
        raise ValidationError({"programme_code": f"未知的补贴项目“{code}” / unknown programme {code!r}"})
    return programme


def _today(at: datetime.datetime | None) -> tuple[datetime.datetime, date]:
    at = at or timezone.now()
    return at, timezone.localdate(at)


# ---------------------------------------------------------------------------------------------
# Enrollment: apply (village), review (township), approve (county)

BANK_ACCOUNT = re.compile(r"^\d{10,30}$")


def bank_account_mask(number: str) -> str:
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else "*" * len(number)


@dataclass(frozen=True)
class Application:
    programme_code: str
    payee_name: str
    payee_relation: str = ""
    bank_name: str = ""
    bank_account: str = ""
    other_benefit: str = ""
    other_benefit_fen: int = 0
    one_off_fen: int | None = None


def _application_validate(person: Person, app: Application, decision: rules.Decision) -> str:
    errors: dict[str, str] = {}
    account = re.sub(r"[\s-]", "", app.bank_account)
    if account and not BANK_ACCOUNT.match(account):
        errors["bank_account"] = "银行账号应为10-30位数字 / bank account must be 10-30 digits"
    if app.programme_code == ProgrammeCode.TEMPORARY_ASSISTANCE and not app.one_off_fen:
        errors["one_off_fen"] = "请填写临时救助金额 / the one-off amount is required"
    if app.programme_code == ProgrammeCode.DE_FACTO_ORPHAN_ALLOWANCE and (person.dibao or person.disability_grade):
        if not app.other_benefit:
            errors["other_benefit"] = ("领取低保或残疾人补贴的，请填写其种类和每月金额（只发差额）/ "
                                       "state the dibao or disability allowance received (paid the difference)")
    elif app.other_benefit_fen and not app.other_benefit:
        errors["other_benefit"] = "请选择其他补助的种类 / choose the kind of the other benefit"
    if errors:
        raise ValidationError(errors)
    return account


@transaction.atomic
def enrollment_apply(*, actor, scope: Scope, person: Person, application: Application,
                     at: datetime.datetime | None = None) -> Enrollment:
    """Village staff apply for a person; the programme's rule must accept the person on the day."""
    require_capability(actor, Capability.BENEFITS_APPLY)
    require_in_scope(scope=scope, area_code=person.area_id)
    at, on = _today(at)
    programme = _programme(application.programme_code)
    if Enrollment.objects.filter(person=person, programme=programme, status__in=OPEN_STATUSES).exists():
        raise EnrollmentExists(f"{person.name} 已有{programme.name}的申请或资格 / already applied or enrolled")
    decision = eligibility_check(person=person, programme_code=programme.code, on=on)
    if not decision.eligible:
        raise NotEligible(f"不符合{programme.name}条件：{decision.reason} / not eligible")
    account = _application_validate(person, application, decision)
    declared = application.other_benefit_fen if application.other_benefit else None
    if refusal := exclusivity_check(person=person, programme_code=programme.code, on=on, declared_fen=declared):
        raise NotEligible(f"不符合{programme.name}条件：{refusal} / excluded by another benefit")
    enrollment = Enrollment(
        person=person, programme=programme, area_id=person.area_id, variant=decision.variant,
        eligibility=decision.reason, other_benefit=application.other_benefit or OtherBenefit.NONE,
        other_benefit_fen=application.other_benefit_fen, one_off_fen=application.one_off_fen,
        payee_name=application.payee_name or person.name, payee_relation=application.payee_relation,
        bank_name=application.bank_name, bank_account_cipher=idcipher.encrypt(account) if account else None,
        bank_account_masked=bank_account_mask(account) if account else "", applied_by=actor, applied_at=at)
    enrollment.full_clean()
    enrollment.save()
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_applied")
    return enrollment


def _locked_enrollment(scope: Scope, enrollment: Enrollment) -> Enrollment:
    require_in_scope(scope=scope, area_code=enrollment.area_id)
    return Enrollment.objects.select_for_update().select_related("person", "programme").get(pk=enrollment.pk)


@transaction.atomic
def enrollment_review(*, actor, scope: Scope, enrollment: Enrollment, at: datetime.datetime | None = None
                      ) -> Enrollment:
    """The township reviews an application (first review)."""
    require_capability(actor, Capability.BENEFITS_REVIEW)
    enrollment = _locked_enrollment(scope, enrollment)
    if enrollment.status != EnrollmentStatus.APPLIED:
        raise WrongStep("只能审核村级已申请的记录 / only an application can be reviewed")
    enrollment.status, enrollment.reviewed_by, enrollment.reviewed_at = EnrollmentStatus.REVIEWED, actor, _today(at)[0]
    enrollment.full_clean()
    enrollment.save()
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_reviewed")
    return enrollment


@transaction.atomic
def enrollment_approve(*, actor, scope: Scope, enrollment: Enrollment, at: datetime.datetime | None = None
                       ) -> Enrollment:
    """The county approves; the rule is checked again that day; payment starts the month after."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    enrollment = _locked_enrollment(scope, enrollment)
    if enrollment.status != EnrollmentStatus.REVIEWED:
        raise WrongStep("须经乡镇审核后才能审批 / the township must review first")
    at, on = _today(at)
    decision = eligibility_check(person=enrollment.person, programme_code=enrollment.programme_id, on=on)
    if not decision.eligible:
        raise NotEligible(f"审批时已不符合条件：{decision.reason} / no longer eligible")
    declared = enrollment.other_benefit_fen if enrollment.other_benefit else None
    if refusal := exclusivity_check(person=enrollment.person, programme_code=enrollment.programme_id, on=on,
                                    declared_fen=declared, exclude_enrollment=enrollment.pk):
        raise NotEligible(f"审批时不符合条件：{refusal} / excluded by another benefit")
    if missing := evidence_check(person=enrollment.person, programme_code=enrollment.programme_id, on=on):
        raise NotEligible(f"缺少证明材料，不能审批：{'；'.join(missing)} / evidence missing: {len(missing)}")
    enrollment.status, enrollment.approved_by, enrollment.approved_at = EnrollmentStatus.APPROVED, actor, at
    enrollment.starts_on = rules.first_paid_month(on)
    if enrollment.programme.frequency == "one_off":
        enrollment.ends_on = enrollment.starts_on
    enrollment.full_clean()
    enrollment.save()
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_approved",
                            starts_on=f"{enrollment.starts_on:%Y-%m}")
    return enrollment


@transaction.atomic
def enrollment_reject(*, actor, scope: Scope, enrollment: Enrollment, reason: str,
                      at: datetime.datetime | None = None) -> Enrollment:
    """The township (at review) or the county (at approval) sends an application back."""
    enrollment = _locked_enrollment(scope, enrollment)
    needed = {EnrollmentStatus.APPLIED: Capability.BENEFITS_REVIEW,
              EnrollmentStatus.REVIEWED: Capability.BENEFITS_APPROVE}.get(enrollment.status)
    if needed is None:
        raise WrongStep("只能退回尚未审批的申请 / only a pending application can be rejected")
    require_capability(actor, needed)
    if not reason.strip():
        raise ValidationError({"reason": "请填写未通过的理由 / a reason is required"})
    enrollment.status, enrollment.rejected_by, enrollment.rejected_at = EnrollmentStatus.REJECTED, actor, _today(at)[0]
    enrollment.rejection_reason = reason.strip()
    enrollment.full_clean()
    enrollment.save()
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_rejected")
    return enrollment


# ---------------------------------------------------------------------------------------------
# Stops: reported by staff or found by the rules at build time; confirmed by the county


@transaction.atomic
def enrollment_stop_report(*, actor, scope: Scope, enrollment: Enrollment, kind: str, event_on: date,
                           reason: str) -> EnrollmentStop:
    """Staff report what ends an entitlement (a death, a parent found alive, ...). Payment stops at once
    from the stop month; what was already paid for later months is recovered by adjustment."""
    require_capability(actor, Capability.BENEFITS_APPLY)
    require_in_scope(scope=scope, area_code=enrollment.area_id)
    stop_month = rules.stop_month_for(kind, event_on)
    stop, _ = EnrollmentStop.objects.update_or_create(
        enrollment=enrollment, kind=StopKind(kind),
        defaults={"area_id": enrollment.area_id, "event_on": event_on, "stop_month": stop_month,
                  "reason": reason.strip() or str(StopKind(kind).label), "status": StopStatus.PROPOSED,
                  "reported_by": actor})
    stop.full_clean()
    recoveries_for_stop(stop=stop, actor=actor)
    events.stop_event(actor=actor, stop=stop, verb="enrollment_stop_reported")
    return stop


@transaction.atomic
def enrollment_stop_confirm(*, actor, scope: Scope, stop: EnrollmentStop, at: datetime.datetime | None = None
                            ) -> EnrollmentStop:
    """The county confirms a stop: the enrollment ends with the month before the stop month."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=stop.area_id)
    stop = EnrollmentStop.objects.select_for_update().select_related("enrollment").get(pk=stop.pk)
    if stop.status != StopStatus.PROPOSED:
        raise WrongStep("该停发已处理 / this stop was already decided")
    stop.status, stop.decided_by, stop.decided_at = StopStatus.CONFIRMED, actor, _today(at)[0]
    stop.save()
    enrollment = stop.enrollment
    enrollment.status, enrollment.end_reason = EnrollmentStatus.ENDED, stop.reason
    enrollment.ends_on = add_months(stop.stop_month, -1)
    enrollment.save()
    events.stop_event(actor=actor, stop=stop, verb="enrollment_stop_confirmed")
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_ended",
                            ends_on=f"{enrollment.ends_on:%Y-%m}")
    return stop


@transaction.atomic
def enrollment_stop_dismiss(*, actor, scope: Scope, stop: EnrollmentStop, at: datetime.datetime | None = None
                            ) -> EnrollmentStop:
    """The county finds a stop wrong: payment resumes; recoveries not yet settled are withdrawn."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=stop.area_id)
    stop = EnrollmentStop.objects.select_for_update().get(pk=stop.pk)
    if stop.status != StopStatus.PROPOSED:
        raise WrongStep("该停发已处理 / this stop was already decided")
    stop.adjustments.filter(settled_by__isnull=True).delete()
    stop.status, stop.decided_by, stop.decided_at = StopStatus.DISMISSED, actor, _today(at)[0]
    stop.save()
    events.stop_event(actor=actor, stop=stop, verb="enrollment_stop_dismissed")
    return stop


@transaction.atomic
def adjustment_create(*, actor, scope: Scope, enrollment: Enrollment, month: date, amount_fen: int,
                      reason: str) -> Adjustment:
    """A correction of a paid month, settled as a line of the next roster (a locked one never changes)."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=enrollment.area_id)
    if not isinstance(amount_fen, int) or amount_fen == 0:
        raise ValidationError({"amount_fen": "调整金额应为非零整数（分）/ amount must be a non-zero integer of fen"})
    adjustment = Adjustment(enrollment=enrollment, area_id=enrollment.area_id, month=month_start(month),
                            amount_fen=amount_fen, reason=reason.strip(), created_by=actor)
    adjustment.full_clean()
    adjustment.save()
    events.adjustment_event(actor=actor, enrollment=enrollment, month=adjustment.month, amount_fen=amount_fen,
                            reason=adjustment.reason)
    return adjustment


# ---------------------------------------------------------------------------------------------
# Rosters


@transaction.atomic
def roster_prepare(*, programme_code: str, area_code: str, month: date, actor=None) -> Roster:
    """The roster row for a programme, area and month, queued for a (re)build; refuses a locked one.
    Used by roster_request (pages, API) and by `guanai roster build` (the operator's shell)."""
    if not Area.objects.filter(code=area_code).exists():
        raise ValidationError({"area_code": f"没有这个区划：{area_code} / no such area"})
    programme = _programme(programme_code)
    roster, created = Roster.objects.select_for_update().get_or_create(
        programme=programme, area_id=area_code, month=month_start(month), defaults={"requested_by": actor})
    if roster.status == RosterStatus.LOCKED:
        raise RosterLocked(roster.pk)
    if not created and roster.status not in (RosterStatus.QUEUED, RosterStatus.BUILDING):
        roster_lines_clear(roster=roster)
        roster.status, roster.requested_by, roster.error = RosterStatus.QUEUED, actor, ""
        roster.progress_done = roster.progress_total = roster.line_count = roster.total_fen = 0
        roster.save()
    events.roster_event(actor=actor, roster=roster, verb="roster_requested")
    return roster


@transaction.atomic
def roster_request(*, actor, scope: Scope, programme_code: str, area_code: str, month: date) -> Roster:
    """Ask for a roster to be built (or rebuilt while unlocked) by the job queue; returns at once."""
    require_capability(actor, Capability.BENEFITS_LOCK)
    require_in_scope(scope=scope, area_code=area_code)
    roster = roster_prepare(programme_code=programme_code, area_code=area_code, month=month, actor=actor)
    if roster.status == RosterStatus.QUEUED:
        transaction.on_commit(lambda: roster_build_task(roster.pk))
    return roster


@transaction.atomic
def roster_lock(*, actor, scope: Scope, roster: Roster, at: datetime.datetime | None = None) -> Roster:
    """The county locks a checked roster: from now on it and its lines never change."""
    require_capability(actor, Capability.BENEFITS_LOCK)
    require_in_scope(scope=scope, area_code=roster.area_id)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if roster.status != RosterStatus.BUILT:
        raise WrongStep("只能锁定已生成的花名册 / only a built roster can be locked")
    roster.status, roster.locked_by, roster.locked_at = RosterStatus.LOCKED, actor, _today(at)[0]
    roster.save()
    events.roster_event(actor=actor, roster=roster, verb="roster_locked")
    return roster


@dataclass(frozen=True)
class ReturnImportResult:
    paid: int
    failed: int
    unmatched: list[str]  # Chinese + English messages naming the row


@transaction.atomic
def bank_return_import(*, actor, scope: Scope, roster: Roster, rows: list[ReturnRow]) -> ReturnImportResult:
    """Record the bank's answer for each line of a locked roster; failed lines are reissued next month."""
    require_capability(actor, Capability.BENEFITS_LOCK)
    require_in_scope(scope=scope, area_code=roster.area_id)
    if roster.status != RosterStatus.LOCKED:
        raise WrongStep("请先锁定花名册再导入银行回盘 / lock the roster before importing the bank's return")
    lines = {p.pk: p for p in Payment.objects.filter(roster=roster, pk__in=[r.payment_id for r in rows])
             .select_related("bank_return")}
    paid = failed = 0
    unmatched = []
    for row in rows:
        payment = lines.get(row.payment_id)
        if payment is None or payment.amount_fen != row.amount_fen:
            unmatched.append(f"第{row.row_number}行：明细编号 {row.payment_id} 或金额与花名册不符 / "
                             f"row {row.row_number}: line id or amount does not match the roster")
            continue
        if hasattr(payment, "bank_return"):
            continue
        outcome = ReturnOutcome.PAID if row.ok else ReturnOutcome.FAILED
        PaymentReturn.objects.create(payment=payment, area_id=payment.area_id, outcome=outcome,
                                     failure_reason=row.failure_reason, bank_reference=row.bank_reference,
                                     imported_by=actor)
        paid, failed = paid + row.ok, failed + (not row.ok)
    events.roster_event(actor=actor, roster=roster, verb="bank_return_imported", paid=paid, failed=failed,
                        unmatched=len(unmatched))
    return ReturnImportResult(paid=paid, failed=failed, unmatched=unmatched)


@transaction.atomic
def enrollment_top_up_set(*, actor, scope: Scope, enrollment: Enrollment, other_benefit: str, other_benefit_fen: int,
                          reason: str) -> Enrollment:
    """The other benefit a de facto orphan receives changed (a department's roster, a decision): the
    allowance is the difference (RULES.md Money, 补差), computed by the roster from these fields."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=enrollment.area_id)
    if other_benefit_fen < 0:
        raise ValidationError({"other_benefit_fen": "金额不能为负 / the amount cannot be negative"})
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    before = enrollment.other_benefit_fen
    enrollment.other_benefit, enrollment.other_benefit_fen = other_benefit, other_benefit_fen
    enrollment.full_clean()
    enrollment.save()
    events.enrollment_event(actor=actor, enrollment=enrollment, verb="enrollment_top_up_changed",
                            before_fen=before, after_fen=other_benefit_fen, reason=reason[:200])
    return enrollment


# ---------------------------------------------------------------------------------------------
# Assistance statuses (低保, 特困, 优抚 ...): recorded, ended and imported by the county. The roster
# build reads them each month; one recorded late for months already locked is corrected by adjustment
# lines at the next build (late_facts.py), never in the locked roster.


@dataclass(frozen=True)
class AssistanceIn:
    kind: str
    first_month: date
    last_month: date | None = None
    monthly_fen: int | None = None
    members: int = 1
    household: bool = False  # held by the person's household (the amount is the whole household's)
    evidence: str = ""


def _assistance_overlap(row: Assistance) -> Assistance | None:
    """A record of the same kind for the same holder over any of the same months (a sheet imported
    twice, or typed twice): two would count the benefit twice in the 补差, so the second is refused."""
    same = Assistance.objects.filter(kind=row.kind, person_id=row.person_id, household_id=row.household_id)
    if row.last_month is not None:
        same = same.filter(first_month__lte=row.last_month)
    return same.filter(Q(last_month__isnull=True) | Q(last_month__gte=row.first_month)).first()


def _assistance_new(*, actor, person: Person, data: AssistanceIn, origin: str) -> Assistance:
    if data.household and person.household_id is None:
        raise ValidationError({"household": f"{person.name}未登记家庭，不能按全户享受录入 / no household on file"})
    if data.kind == AssistanceKind.DIBAO and data.monthly_fen is None:
        raise ValidationError({"monthly_fen": "低保须填写每月金额（补差按它计算）/ dibao needs its monthly amount"})
    row = Assistance(
        kind=AssistanceKind(data.kind), person=None if data.household else person,
        household_id=person.household_id if data.household else None, area_id=person.area_id,
        monthly_fen=data.monthly_fen, members=data.members if data.household else 1,
        first_month=month_start(data.first_month), last_month=month_start(data.last_month) if data.last_month else None,
        evidence=data.evidence.strip(), origin=origin, created_by=actor)
    row.full_clean()
    if other := _assistance_overlap(row):
        raise ValidationError({"first_month": f"{person.name}已有重叠月份的同类记录：{other} / "
                                              "overlaps a record on file"})
    row.save()
    return row


@transaction.atomic
def assistance_record(*, actor, scope: Scope, person: Person, data: AssistanceIn) -> Assistance:
    """The county records a benefit or status a person (or their household) holds outside the programmes
    paid here. Effective from its first month; months already locked are corrected at the next build."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=person.area_id)
    row = _assistance_new(actor=actor, person=person, data=data, origin=AssistanceOrigin.ENTERED)
    events.assistance_event(actor=actor, assistance=row, verb="assistance_recorded")
    return row


@transaction.atomic
def assistance_end(*, actor, scope: Scope, assistance: Assistance, last_month: date, reason: str) -> Assistance:
    """The status ends with `last_month` (the last month it was received)."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    require_in_scope(scope=scope, area_code=assistance.area_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写终止理由 / a reason is required"})
    row = Assistance.objects.select_for_update().get(pk=assistance.pk)
    last = month_start(last_month)
    if last < row.first_month:
        raise ValidationError({"last_month": f"截止月份不能早于起始月份{row.first_month:%Y-%m} / "
                                             "the last month cannot be before the first"})
    before = f"{row.last_month:%Y-%m}" if row.last_month else ""
    row.last_month, row.end_reason = last, reason.strip()[:200]
    row.full_clean()
    row.save()
    events.assistance_event(actor=actor, assistance=row, verb="assistance_ended", before=before)
    return row


def _import_person(row: AssistanceRow, by_digest: dict[str, Person]) -> tuple[Person | None, str]:
    place = f"第{row.row}行“身份证号”列"
    try:
        number = idnumbers.parse(row.id_number).number
    except idnumbers.IdNumberError as error:
        return None, f"{place}：{error}"
    person = by_digest.get(idcipher.digest(number))
    if person is None:
        return None, f"{place}：在您的管辖范围内没有这个人 / row {row.row}: nobody with this ID number in your area"
    if row.name and row.name != person.name:
        return None, (f"第{row.row}行“姓名”列：{row.name}与身份证号登记的姓名{person.name}不符 / "
                      f"row {row.row}, column 姓名: does not match the ID number")
    return person, ""


@transaction.atomic
def assistance_import(*, actor, scope: Scope, rows: list[AssistanceRow]) -> list[Assistance]:
    """A sheet of statuses, all or nothing: every row must name a person in the user's area and be a
    valid record, else nothing is written and every bad row is named (row and column)."""
    require_capability(actor, Capability.BENEFITS_APPROVE)
    digests = {}
    for row in rows:
        try:
            digests[row.row] = idcipher.digest(idnumbers.parse(row.id_number).number)
        except idnumbers.IdNumberError:
            continue
    people = scoped(Person.objects.filter(id_number_digest__in=list(digests.values())), scope=scope)
    by_digest = {p.id_number_digest: p for p in people}
    problems, made = [], []
    for row in rows:
        person, problem = _import_person(row, by_digest)
        if problem:
            problems.append(problem)
            continue
        data = AssistanceIn(kind=row.kind, first_month=row.first_month, last_month=row.last_month,
                            monthly_fen=row.monthly_fen, members=row.members, household=row.household,
                            evidence=row.evidence)
        try:
            with transaction.atomic():
                made.append(_assistance_new(actor=actor, person=person, data=data, origin=AssistanceOrigin.IMPORTED))
        except ValidationError as error:
            problems.append(f"第{row.row}行：{'；'.join(error.messages)} / row {row.row}")
    if problems:
        raise ValidationError(problems)  # the transaction rolls back: nothing is written
    events.assistance_import_event(actor=actor, area_code=scope.prefix, count=len(made),
                                   kinds=sorted({a.kind for a in made}))
    return made
