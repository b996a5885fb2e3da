"""The steps that move a case through its stages (rules.STAGE_MACHINE), one service each. Every step
checks need-to-know (access.py) and the stage machine, saves the step's record, meets its deadline,
writes a StageChange and the audit event in one transaction. A step refused raises
ValidationError (wrong stage, missing approval) or PermissionDenied (not on the case, not the county)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from guanai.accounts.models import User
from guanai.accounts.roles import Capability, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.cases import events
from guanai.cases.access import has_need_to_know, may_approve
from guanai.cases.deadlines import deadline_meet, deadline_open, deadlines_close_all
from guanai.cases.models import (
    Assessment,
    AssistancePlan,
    Case,
    CaseReview,
    EmergencyResponse,
    GuardianshipIntervention,
    NotificationKind,
    PlanService,
    PlanStatus,
    StageChange,
)
from guanai.cases.rules import (
    NEEDS_APPROVED_PLAN,
    STEP_MEETS,
    DeadlineStep,
    Stage,
    Step,
    next_stage,
    risk_band,
    risk_score,
)
from guanai.cases.schemas import (
    AssessmentIn,
    ClosureIn,
    DecisionIn,
    EmergencyIn,
    InterventionIn,
    PlanIn,
    ReopenIn,
    ReviewIn,
)
from guanai.cases.services import notify
from guanai.core.messages import Message


def _begin(*, actor, scope: Scope, case: Case, step: str) -> tuple[Case, str]:
    """Lock the case, check who may take `step` and whether the stage allows it; the stage after."""
    require_capability(actor, Capability.CASES_REPORT, Capability.CASES_MANAGE)
    require_in_scope(scope=scope, area_code=case.area_id)
    case = Case.objects.select_for_update().select_related("area").get(pk=case.pk)
    if not has_need_to_know(actor, case):
        raise PermissionDenied("您不负责该个案 / you are not on this case")
    allowed, after = next_stage(step=step, stage=case.stage)
    if not allowed:
        raise ValidationError(f"个案处于“{case.get_stage_display()}”环节，不能{Step(step).label} / "
                              f"step {step} is not allowed in stage {case.stage}")
    latest = case.plans.order_by("-created_at", "-pk").values_list("status", flat=True).first()
    if step in NEEDS_APPROVED_PLAN and latest != PlanStatus.APPROVED:
        raise ValidationError("帮扶计划尚未经县级批准 / the assistance plan has not been approved by the county")
    if step == Step.PLAN and latest == PlanStatus.SUBMITTED:
        raise ValidationError("帮扶计划正等待县级审批 / a plan already awaits the county's approval")
    if step == Step.PLAN and latest == PlanStatus.APPROVED and case.stage == Stage.ASSISTANCE_PLAN:
        raise ValidationError("帮扶计划已批准，请进入监护干预或跟踪回访 / the plan is approved; go on to "
                              "intervention or review")
    return case, after


def _finish(*, actor, case: Case, step: str, after: str, at: datetime.datetime, note: str = "") -> Case:
    before = case.stage
    case.stage = after
    case.full_clean()
    case.save()
    StageChange.objects.create(case=case, step=step, from_stage=before, to_stage=after, at=at, by=actor,
                               note=note[:500])
    if step in STEP_MEETS:
        deadline_meet(case=case, step=STEP_MEETS[step], at=at)
    events.case_event(actor=actor, case=case, verb=f"case_{step}", from_stage=before)
    return case


def _saved(record):
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def emergency_record(*, actor, scope: Scope, case: Case, data: EmergencyIn) -> EmergencyResponse:
    """First contact and immediate safety: actions taken, where the child is placed."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.EMERGENCY)
    if data.contacted_at < case.opened_at or data.contacted_at > timezone.now():
        raise ValidationError({"contacted_at": "首次接触时间应在接报之后、现在之前 / contact must fall between the "
                                               "report and now"})
    response = _saved(EmergencyResponse(case=case, recorded_by=actor, **data.model_dump()))
    if case.first_contact_at is None or data.contacted_at < case.first_contact_at:
        case.first_contact_at = data.contacted_at
    _finish(actor=actor, case=case, step=Step.EMERGENCY, after=after, at=data.contacted_at,
            note=response.get_placement_type_display())
    return response


@transaction.atomic
def assessment_record(*, actor, scope: Scope, case: Case, data: AssessmentIn) -> Assessment:
    """Safety, guardianship, health, schooling and needs, each rated; the risk score follows."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.ASSESSMENT)
    ratings = {area: int(getattr(data, area)) for area in ("safety", "guardianship", "health", "schooling", "needs")}
    score = risk_score(ratings)
    assessment = _saved(Assessment(case=case, recorded_by=actor, risk_score=score, risk_level=risk_band(score),
                                   **data.model_dump()))
    case.risk_score, case.risk_level = score, assessment.risk_level
    _finish(actor=actor, case=case, step=Step.ASSESSMENT, after=after, at=timezone.now(),
            note=f"风险评分 {score}")
    return assessment


@transaction.atomic
def plan_submit(*, actor, scope: Scope, case: Case, data: PlanIn) -> AssistancePlan:
    """A plan of services with owners and due dates, sent to the county for approval."""
    from guanai.cases.selectors import managers_at

    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.PLAN)
    plan = _saved(AssistancePlan(case=case, goals=data.goals, submitted_by=actor))
    owners = {u.pk: u for u in User.objects.filter(pk__in=[s.owner_id for s in data.services if s.owner_id])}
    for item in data.services:
        owner = owners.get(item.owner_id) if item.owner_id else None
        if item.owner_id and (owner is None or not scope.contains(owner.area_id or "")):
            raise ValidationError({"services": f"责任人 {item.owner_id} 不在辖区内 / owner outside your area"})
        _saved(PlanService(plan=plan, service=item.service, owner_name=item.owner_name, owner=owner,
                           due_on=item.due_on))
    _finish(actor=actor, case=case, step=Step.PLAN, after=after, at=timezone.now(), note=data.goals[:100])
    approvers = [u for u in managers_at(area_code=case.area_id, level="county") if u.can(Capability.CASES_APPROVE)]
    notify(users=approvers, case=case, kind=NotificationKind.PLAN_SUBMITTED,
           title=Message(gettext_noop("帮扶计划待审批：%(number)s"), number=case.number))
    return plan


@transaction.atomic
def plan_decide(*, actor, scope: Scope, case: Case, data: DecisionIn) -> AssistancePlan:
    """The county approves the plan (the case may then go to intervention or review) or returns it."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.PLAN_DECISION)
    if not may_approve(actor, case):
        raise PermissionDenied("帮扶计划由县级审批 / the county approves plans")
    plan = case.plans.filter(status=PlanStatus.SUBMITTED).order_by("-created_at").first()
    if plan is None:
        raise ValidationError("没有待审批的帮扶计划 / no plan awaits approval")
    now = timezone.now()
    plan.status = PlanStatus.APPROVED if data.approve else PlanStatus.RETURNED
    plan.decided_by, plan.decided_at, plan.decision_note = actor, now, data.note
    _saved(plan)
    if data.approve:
        deadline_open(case=case, step=DeadlineStep.REVIEW, start=now)
    _finish(actor=actor, case=case, step=Step.PLAN_DECISION, after=after, at=now,
            note=f"{plan.get_status_display()} {data.note}".strip())
    notify(users=[plan.submitted_by], case=case, kind=NotificationKind.DECIDED,
           title=Message(gettext_noop("帮扶计划已批准：%(number)s") if data.approve
                         else gettext_noop("帮扶计划退回修改：%(number)s"), number=case.number))
    return plan


@transaction.atomic
def intervention_record(*, actor, scope: Scope, case: Case, data: InterventionIn) -> GuardianshipIntervention:
    """Temporary (Art. 92) or long-term (Art. 94) guardianship, or entrusted care put right; placement
    (Art. 93)."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.INTERVENTION)
    values = data.model_dump()
    values["temporary_ground"] = values["temporary_ground"] or ""
    values["long_term_ground"] = values["long_term_ground"] or ""
    intervention = _saved(GuardianshipIntervention(case=case, recorded_by=actor, **values))
    _finish(actor=actor, case=case, step=Step.INTERVENTION, after=after,
            at=timezone.now(), note=intervention.get_kind_display())
    return intervention


@transaction.atomic
def review_record(*, actor, scope: Scope, case: Case, data: ReviewIn) -> CaseReview:
    """A periodic review; the next one is owed from today."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.REVIEW)
    review = _saved(CaseReview(case=case, recorded_by=actor, **data.model_dump()))
    if data.risk_score is not None:
        case.risk_score, case.risk_level = data.risk_score, risk_band(data.risk_score)
    now = timezone.now()
    _finish(actor=actor, case=case, step=Step.REVIEW, after=after, at=now, note=data.findings[:100])
    deadline_open(case=case, step=DeadlineStep.REVIEW, start=now)
    return review


@transaction.atomic
def closure_request(*, actor, scope: Scope, case: Case, data: ClosureIn) -> Case:
    from guanai.cases.selectors import managers_at

    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.CLOSURE)
    if case.closure_requested_at is not None:
        raise ValidationError("已申请结案，等待县级审批 / closure already awaits approval")
    case.closure_reason, case.closure_note = data.reason, data.note
    case.closure_requested_at, case.closure_requested_by = timezone.now(), actor
    _finish(actor=actor, case=case, step=Step.CLOSURE, after=after, at=case.closure_requested_at,
            note=case.get_closure_reason_display())
    approvers = [u for u in managers_at(area_code=case.area_id, level="county") if u.can(Capability.CASES_APPROVE)]
    notify(users=approvers, case=case, kind=NotificationKind.CLOSURE_REQUESTED,
           title=Message(gettext_noop("结案待审批：%(number)s"), number=case.number))
    return case


@transaction.atomic
def closure_decide(*, actor, scope: Scope, case: Case, data: DecisionIn) -> Case:
    """The county closes the case, or sends it back to review."""
    case, _after = _begin(actor=actor, scope=scope, case=case, step=Step.CLOSURE_DECISION)
    if not may_approve(actor, case):
        raise PermissionDenied("结案由县级审批 / the county approves closures")
    if case.closure_requested_at is None:
        raise ValidationError("尚未申请结案 / nobody has asked to close this case")
    now = timezone.now()
    requester = case.closure_requested_by
    if data.approve:
        case.closed_at, case.closed_by = now, actor
        deadlines_close_all(case=case, at=now)
        after, note = Stage.CLOSED, f"{case.get_closure_reason_display()} {data.note}".strip()
    else:
        case.closure_requested_at, case.closure_requested_by = None, None
        case.closure_reason, after, note = "", Stage.REVIEW, f"退回：{data.note}"
    _finish(actor=actor, case=case, step=Step.CLOSURE_DECISION, after=after, at=now, note=note)
    if requester is not None:
        notify(users=[requester], case=case, kind=NotificationKind.DECIDED,
               title=Message(gettext_noop("结案已批准：%(number)s") if data.approve
                             else gettext_noop("结案被退回：%(number)s"),
                             number=case.number))
    return case


@transaction.atomic
def case_reopen(*, actor, scope: Scope, case: Case, data: ReopenIn) -> Case:
    """A closed case opens again at assessment, with a fresh assessment deadline."""
    case, after = _begin(actor=actor, scope=scope, case=case, step=Step.REOPEN)
    now = timezone.now()
    case.closed_at = case.closed_by = case.closure_requested_at = case.closure_requested_by = None
    case.closure_reason, case.reopened_count = "", case.reopened_count + 1
    _finish(actor=actor, case=case, step=Step.REOPEN, after=after, at=now, note=data.reason)
    deadline_open(case=case, step=DeadlineStep.ASSESSMENT, start=now)
    return case


STEP_SERVICES = {
    Step.EMERGENCY: emergency_record, Step.ASSESSMENT: assessment_record, Step.PLAN: plan_submit,
    Step.PLAN_DECISION: plan_decide, Step.INTERVENTION: intervention_record, Step.REVIEW: review_record,
    Step.CLOSURE: closure_request, Step.CLOSURE_DECISION: closure_decide, Step.REOPEN: case_reopen,
}
