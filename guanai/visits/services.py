"""Every write of the visit service (HackSoft services): keyword-only, typed, validated with
full_clean(), in one transaction with its audit event. Follow-up bookkeeping is in followups.py,
remote monitoring in monitoring.py."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from guanai.accounts.roles import Capability, Role, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.people.models import Person
from guanai.visits import events
from guanai.visits.followups import followup_after_visit
from guanai.visits.models import (
    OPEN_REFERRAL_STATUSES,
    Alert,
    AlertStatus,
    FollowUp,
    Need,
    NeedStatus,
    Referral,
    ReferralStatus,
    ServiceProvider,
    TargetGroup,
    VisitRecord,
)
from guanai.visits.rules import VisitRuleBook
from guanai.visits.schemas import VisitCorrectIn, VisitIn

# A visit may be entered a little ahead of the server clock (a phone's clock drifts); never more.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)
CHECKLIST_FIELDS = ("method", "visited_at", "health", "mental_state", "health_note", "gas_safety", "power_safety",
                    "fire_safety", "fall_safety", "money_received", "supporters_care", "needs_summary", "notes")


def _followup_of(person: Person) -> FollowUp | None:
    return FollowUp.objects.select_related("event", "contract").filter(person=person).first()


def person_access_check(*, actor, scope: Scope, person: Person, followup: FollowUp | None) -> None:
    """May `actor` record for `person`: the person is in scope and, for a provider's social worker, was
    assigned to them (their area is the county they serve; the assignment is what they may touch)."""
    require_capability(actor, Capability.VISITS_RECORD)
    require_in_scope(scope=scope, area_code=person.area_id)
    if actor.role == Role.SOCIAL_WORKER and (followup is None or followup.worker_id != actor.pk):
        raise PermissionDenied("该对象未指派给您 / this person is not assigned to you")


def _visit_build(*, actor, person: Person, followup: FollowUp | None, data: VisitIn) -> VisitRecord:
    if data.visited_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"visited_at": "探访时间不能晚于现在 / the visit time is in the future"})
    values = {name: getattr(data, name) for name in CHECKLIST_FIELDS}
    event = followup.event if followup and followup.event and data.visited_at >= followup.event.starts_at else None
    return VisitRecord(
        person=person, area_id=person.area_id, visitor=actor,
        contract=followup.contract if followup and followup.worker_id == actor.pk else None,
        visited_on=timezone.localtime(data.visited_at).date(),
        target_group=followup.target_group if followup else TargetGroup.OTHER,
        risk_level=person.risk_level, event=event, **values)


def _needs_create(*, actor, visit: VisitRecord, data: VisitIn) -> list[Need]:
    needs = []
    for item in data.needs:
        need = Need(person_id=visit.person_id, area_id=visit.area_id, visit=visit, kind=item.kind,
                    description=item.description, urgent=item.urgent, created_by=actor)
        need.full_clean()
        need.save()
        events.need_event(actor=actor, need=need, verb="need_found")
        needs.append(need)
    return needs


def _alerts_answer_by(visit: VisitRecord, *, actor) -> None:
    """A visit or call after an alert answers it (RULES.md: an alert is answered by a call or visit)."""
    for alert in Alert.objects.filter(person_id=visit.person_id, status=AlertStatus.OPEN,
                                      raised_at__lte=visit.visited_at):
        alert.status, alert.answered_at, alert.answered_by = AlertStatus.ANSWERED, visit.visited_at, actor
        alert.answer_method, alert.visit = visit.method, visit
        alert.answer_note = alert.answer_note or f"探访记录 #{visit.pk}"
        alert.save()
        events.alert_event(actor=actor, alert=alert, verb="alert_answered")


@transaction.atomic
def visit_record(*, actor, scope: Scope, person: Person, data: VisitIn) -> VisitRecord:
    """Save a visit (never to be edited in place), the needs it found, and move the person's due date."""
    followup = _followup_of(person)
    person_access_check(actor=actor, scope=scope, person=person, followup=followup)
    visit = _visit_build(actor=actor, person=person, followup=followup, data=data)
    visit.full_clean()
    visit.save()
    _needs_create(actor=actor, visit=visit, data=data)
    if followup is not None:
        followup_after_visit(followup, book=VisitRuleBook(timezone.localdate()))
    _alerts_answer_by(visit, actor=actor)
    events.visit_recorded_event(actor=actor, visit=visit)
    return visit


@transaction.atomic
def visit_correct(*, actor, scope: Scope, visit: VisitRecord, data: VisitCorrectIn) -> VisitRecord:
    """A correction is a new version with a reason; the old version keeps its content and stops being
    current (the only column ever written on a saved visit)."""
    old = VisitRecord.objects.select_for_update().select_related("person").get(pk=visit.pk)
    followup = _followup_of(old.person)
    person_access_check(actor=actor, scope=scope, person=old.person, followup=followup)
    if not old.is_current:
        raise ValidationError("只能更正当前版本 / only the current version can be corrected")
    if actor.role == Role.SOCIAL_WORKER and old.visitor_id != actor.pk:
        raise PermissionDenied("只能更正本人的探访记录 / you may correct only your own visits")
    new = _visit_build(actor=actor, person=old.person, followup=followup, data=data)
    new.visitor_id, new.contract_id = old.visitor_id, old.contract_id
    new.target_group, new.risk_level, new.event_id = old.target_group, old.risk_level, old.event_id
    new.version, new.previous, new.correction_reason = old.version + 1, old, data.reason
    VisitRecord.objects.filter(pk=old.pk).update(is_current=False, updated_at=timezone.now())
    new.full_clean()
    new.save()
    _needs_create(actor=actor, visit=new, data=data)
    if followup is not None:
        followup_after_visit(followup, book=VisitRuleBook(timezone.localdate()))
    events.visit_corrected_event(actor=actor, visit=new)
    return new


def _need_check(*, actor, scope: Scope, need: Need) -> None:
    require_capability(actor, Capability.VISITS_RECORD)
    require_in_scope(scope=scope, area_code=need.area_id)


@transaction.atomic
def need_refer(*, actor, scope: Scope, need: Need, to_department: str, deadline: datetime.date,
               to_provider: ServiceProvider | None = None) -> Referral:
    """Hand a need to a department or provider with a deadline; it stays on the lists until closed."""
    _need_check(actor=actor, scope=scope, need=need)
    if need.status == NeedStatus.CLOSED:
        raise ValidationError("该需求已关闭 / the need is closed")
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": "办理时限不能早于今天 / the deadline is in the past"})
    referral = Referral(need=need, area_id=need.area_id, to_department=to_department, to_provider=to_provider,
                        deadline=deadline, created_by=actor)
    referral.full_clean()
    referral.save()
    need.status = NeedStatus.REFERRED
    need.save(update_fields=["status", "updated_at"])
    events.referral_event(actor=actor, referral=referral, verb="referral_sent")
    return referral


@transaction.atomic
def referral_update(*, actor, scope: Scope, referral: Referral, status: str, result: str = "") -> Referral:
    """Follow a referral: accepted, done (the need is met and closed) or declined (the need reopens)."""
    _need_check(actor=actor, scope=scope, need=referral.need)
    if referral.status not in OPEN_REFERRAL_STATUSES:
        raise ValidationError("该转介已办结 / the referral is closed")
    if status in (ReferralStatus.DONE, ReferralStatus.DECLINED) and not result.strip():
        raise ValidationError({"result": "请填写办理结果 / say what came of it"})
    referral.status, referral.result = status, result
    if status not in OPEN_REFERRAL_STATUSES:
        referral.closed_at = timezone.now()
    referral.full_clean()
    referral.save()
    need = referral.need
    if status == ReferralStatus.DONE:
        need.status, need.closed_at, need.close_reason = NeedStatus.CLOSED, referral.closed_at, result
        need.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    elif status == ReferralStatus.DECLINED and not need.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists():
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status", "updated_at"])
    events.referral_event(actor=actor, referral=referral, verb=f"referral_{status}")
    return referral


@transaction.atomic
def need_close(*, actor, scope: Scope, need: Need, reason: str) -> Need:
    """Close a need met without a referral (policy explained, help given on the spot)."""
    _need_check(actor=actor, scope=scope, need=need)
    if not reason.strip():
        raise ValidationError({"reason": "请填写关闭说明 / give a reason"})
    if need.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists():
        raise ValidationError("该需求还有未办结的转介 / the need has an open referral")
    need.status, need.closed_at, need.close_reason = NeedStatus.CLOSED, timezone.now(), reason
    need.save(update_fields=["status", "closed_at", "close_reason", "updated_at"])
    events.need_event(actor=actor, need=need, verb="need_closed")
    return need
