"""Writes of child-protection cases other than the stage steps (those are in stages.py): intake of a
mandatory report, assignment, notifications, reads and refusals in the access log (break the glass),
links to visits and referrals, joint meetings. Keyword-only, typed, full_clean, one transaction each,
the audit event in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from guanai.accounts.models import User
from guanai.accounts.roles import Capability, Role, require_capability
from guanai.accounts.scoping import Scope, require_in_scope
from guanai.audit.models import AccessAction
from guanai.audit.services import access_log_write, purpose_check
from guanai.cases import events
from guanai.cases.access import has_need_to_know, manages_area_of
from guanai.cases.deadlines import deadline_meet, deadline_open, deadlines_for_report
from guanai.cases.models import (
    AssignmentRole,
    Case,
    CaseAssignment,
    CaseLink,
    JointMeeting,
    MandatoryReport,
    MeetingCase,
    Notification,
    NotificationKind,
    StageChange,
)
from guanai.cases.rules import BREAK_GLASS_REASON_MIN_CHARS, LEVEL_CODE_LENGTH, DeadlineStep, Stage
from guanai.cases.schemas import MeetingIn, ReportIn
from guanai.core.messages import Message
from guanai.people.models import Person
from guanai.people.services import person_create

# A report may be entered a little ahead of the server clock (a phone's clock drifts); never more.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


def case_number_next(*, area_code: str, year: int) -> str:
    prefix = f"{area_code[:LEVEL_CODE_LENGTH['county']]}-{year}-"
    last = (Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
            .first())
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


def _child_for(*, actor, scope: Scope, data: ReportIn) -> Person:
    if data.child is not None:
        return person_create(actor=actor, scope=scope, data=data.child)
    person = Person.objects.filter(pk=data.person_id).first()
    if person is None or not scope.contains(person.area_id):
        raise ValidationError({"person_id": "没有这个儿童 / no such child in your area"})
    return person


def notify(*, users, case: Case, kind: str, title: Message) -> int:
    """One notification per user; the title is stored as a message and in Chinese."""
    rows = [Notification(user=user, case=case, area_id=case.area_id, kind=kind, title=title.render_in("zh-hans")[:200],
                         title_message=title.to_json())
            for user in {u.pk: u for u in users}.values()]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _report_build(*, actor, case: Case, data: ReportIn) -> MandatoryReport:
    fields = data.model_dump(exclude={"person_id", "child"})
    report = MandatoryReport(case=case, area_id=case.area_id, received_by=actor, **fields)
    report.full_clean()
    return report


@transaction.atomic
def report_file(*, actor, scope: Scope, data: ReportIn) -> Case:
    """Record a mandatory report and open its case, with the first deadlines. The filer is assigned;
    an urgent report notifies the township supervisor and the county case managers at once."""
    from guanai.cases.selectors import managers_at

    require_capability(actor, Capability.CASES_REPORT)
    if data.received_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"received_at": "接报时间不能晚于现在 / the report time is in the future"})
    person = _child_for(actor=actor, scope=scope, data=data)
    require_in_scope(scope=scope, area_code=person.area_id)
    case = Case(number=case_number_next(area_code=person.area_id, year=timezone.localdate(data.received_at).year),
                person=person, area_id=person.area_id, urgent=data.urgent, situation=data.situation,
                opened_at=data.received_at, opened_by=actor)
    case.full_clean()
    case.save()
    _report_build(actor=actor, case=case, data=data).save()
    if manages_area_of(actor) is None:  # a village worker who files follows the case
        CaseAssignment.objects.create(case=case, user=actor, role=_assignment_role(actor), assigned_by=actor)
    StageChange.objects.create(case=case, step="report", from_stage="", to_stage=Stage.REPORTED,
                               at=data.received_at, by=actor, note=case.get_situation_display())
    deadlines_for_report(case=case, received_at=data.received_at)
    if data.police_told and data.police_told_at:
        deadline_open(case=case, step=DeadlineStep.POLICE_FEEDBACK, start=data.police_told_at)
    if data.urgent:
        managers = managers_at(area_code=case.area_id, level="township") + managers_at(
            area_code=case.area_id, level="county")
        notify(users=[u for u in managers if u.pk != actor.pk], case=case, kind=NotificationKind.URGENT_REPORT,
               title=Message(gettext_noop("紧急报告：%(number)s（%(area)s）"), number=case.number,
                             area=case.area.short_name if case.area_id else ""))
    events.case_event(actor=actor, case=case, verb="case_reported", situation=data.situation, urgent=data.urgent,
                      reporter_type=data.reporter_type)
    return case


def _assignment_role(user: User) -> str:
    if user.role == Role.SOCIAL_WORKER:
        return AssignmentRole.SOCIAL_WORKER
    if user.role == Role.CHILD_DIRECTOR:
        return AssignmentRole.VILLAGE_WORKER
    return AssignmentRole.LEAD


@transaction.atomic
def case_assign(*, actor, scope: Scope, case: Case, user: User, role: str) -> CaseAssignment:
    require_capability(actor, Capability.CASES_MANAGE)
    require_in_scope(scope=scope, area_code=case.area_id)
    if not has_need_to_know(actor, case):
        raise PermissionDenied("您不负责该个案 / you are not on this case")
    if role not in AssignmentRole.values:
        raise ValidationError({"role": "请选择职责 / choose a role"})
    if not (user.is_active and user.area_id and case.area_id.startswith(user.area_id)
            and scope.contains(user.area_id)):
        raise ValidationError({"user_id": "只能指派本村、本乡镇或本县的工作人员 / assign staff of the case's "
                                          "village, township or county"})
    if CaseAssignment.objects.filter(case=case, user=user, ended_at__isnull=True).exists():
        raise ValidationError({"user_id": "已指派 / already assigned"})
    assignment = CaseAssignment(case=case, user=user, role=role, assigned_by=actor)
    assignment.full_clean()
    assignment.save()
    notify(users=[user], case=case, kind=NotificationKind.ASSIGNED,
           title=Message(gettext_noop("您被指派到个案 %(number)s"), number=case.number))
    events.case_event(actor=actor, case=case, verb="case_assigned", user=user.pk, role=role)
    return assignment


def case_read_log(*, actor, case: Case, ip_address: str | None = None, break_glass: bool = False) -> None:
    """Every opening of a case's details goes into the access log."""
    access_log_write(user=actor, action=AccessAction.VIEW, object_type="case", object_id=case.pk,
                     area_code=case.area_id, ip_address=ip_address, detail={"break_glass": break_glass})


def case_refusal_log(*, actor, case: Case, ip_address: str | None = None, why: str = "need_to_know") -> None:
    access_log_write(user=actor, action=AccessAction.DENIED, object_type="case", object_id=case.pk,
                     area_code=case.area_id, reason=why, ip_address=ip_address)


def case_break_glass(*, actor, scope: Scope, case: Case, reason: str, purpose: str,
                     ip_address: str | None = None) -> None:
    """Open a case one is not on, giving a purpose from the list and a reason: logged, shown to the
    county (access log card). A refusal is logged too (outside any transaction it would roll back)."""
    require_in_scope(scope=scope, area_code=case.area_id)
    if actor is None or not actor.can(Capability.CASES_BREAK_GLASS):
        case_refusal_log(actor=actor, case=case, ip_address=ip_address, why="break_glass_not_allowed")
        raise PermissionDenied("您的角色不能查阅个案 / your role may not open cases")
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_REASON_MIN_CHARS:
        raise ValidationError({"reason": f"请写明查阅理由（至少{BREAK_GLASS_REASON_MIN_CHARS}个字） / "
                                         "give a reason"})
    purpose, reason = purpose_check(purpose=purpose, text=reason)
    access_log_write(user=actor, action=AccessAction.BREAK_GLASS, object_type="case", object_id=case.pk,
                     area_code=case.area_id, reason=reason, ip_address=ip_address, purpose=purpose)


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


@transaction.atomic
def case_link_add(*, actor, scope: Scope, case: Case, visit_id: int | None = None, referral_id: int | None = None,
                  note: str = "") -> CaseLink:
    """A visit record or a referral of the same child becomes part of the case."""
    from guanai.visits.models import Referral, VisitRecord

    require_capability(actor, Capability.CASES_REPORT, Capability.CASES_MANAGE)
    require_in_scope(scope=scope, area_code=case.area_id)
    if not has_need_to_know(actor, case):
        raise PermissionDenied("您不负责该个案 / you are not on this case")
    if (visit_id is None) == (referral_id is None):
        raise ValidationError({"visit_id": "请给出一条探访记录或一条转介 / give a visit or a referral"})
    if visit_id is not None:
        target = VisitRecord.objects.filter(pk=visit_id, person_id=case.person_id).first()
        field = "visit_id"
    else:
        target = Referral.objects.filter(pk=referral_id, need__person_id=case.person_id).first()
        field = "referral_id"
    if target is None or not scope.contains(target.area_id):
        raise ValidationError({field: "没有该儿童的这条记录 / no such record of this child"})
    link = CaseLink(case=case, visit_id=visit_id, referral_id=referral_id, note=note, linked_by=actor)
    link.full_clean()
    link.save()
    events.case_event(actor=actor, case=case, verb="case_linked", visit=visit_id, referral=referral_id)
    return link


@transaction.atomic
def meeting_record(*, actor, scope: Scope, data: MeetingIn) -> JointMeeting:
    """A joint meeting of a township or county, with the cases it reviewed, its decisions and who
    follows up."""
    require_capability(actor, Capability.CASES_MANAGE)
    require_in_scope(scope=scope, area_code=data.area_code)
    if len(data.area_code) not in (LEVEL_CODE_LENGTH["township"], LEVEL_CODE_LENGTH["county"]):
        raise ValidationError({"area_code": "联席会议由乡镇或县召集 / a township or county holds the meeting"})
    meeting = JointMeeting(area_id=data.area_code, held_on=data.held_on, title=data.title,
                           departments=data.departments, summary=data.summary, recorded_by=actor)
    meeting.full_clean()
    meeting.save()
    cases = {c.pk: c for c in Case.objects.filter(pk__in=[i.case_id for i in data.items])}
    for item in data.items:
        case = cases.get(item.case_id)
        if case is None or not case.area_id.startswith(data.area_code):
            raise ValidationError({"items": f"个案 {item.case_id} 不在会议召集区划内 / case outside the "
                                            "meeting's area"})
        row = MeetingCase(meeting=meeting, case=case, decision=item.decision,
                          follow_up_owner=item.follow_up_owner, follow_up_due=item.follow_up_due)
        row.full_clean()
        row.save()
    events.meeting_recorded_event(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def report_police_record(*, actor, scope: Scope, report: MandatoryReport, told_at: datetime.datetime | None,
                         station: str = "", receipt_no: str = "", feedback_on: datetime.date | None = None,
                         feedback: str = "") -> MandatoryReport:
    """Record that a report went to the police (late or at once) and the police's feedback (date and
    outcome). Telling the police owes their feedback within 3 days (the police_feedback deadline);
    recording the feedback meets it."""
    require_capability(actor, Capability.CASES_REPORT)
    require_in_scope(scope=scope, area_code=report.area_id)
    report = MandatoryReport.objects.select_for_update().select_related("case").get(pk=report.pk)
    if told_at is None and (feedback_on or feedback.strip()):
        raise ValidationError({"police_told_at": "请先填写报警时间 / when was it reported to the police?"})
    if feedback_on and not feedback.strip():
        raise ValidationError({"police_feedback": "请填写公安机关反馈的结果 / the outcome is required"})
    if told_at is not None and told_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError({"police_told_at": "报警时间不能晚于现在 / the time is in the future"})
    newly_told = told_at is not None and report.police_told_at != told_at
    report.police_told, report.police_told_at = told_at is not None, told_at
    report.police_station, report.police_receipt_no = station.strip(), receipt_no.strip()
    report.police_feedback_on, report.police_feedback = feedback_on, feedback.strip()
    report.full_clean()
    report.save()
    if newly_told and not feedback_on:
        deadline_open(case=report.case, step=DeadlineStep.POLICE_FEEDBACK, start=told_at)
    if feedback_on:
        at = timezone.make_aware(datetime.datetime.combine(feedback_on, datetime.time(12)))
        deadline_meet(case=report.case, step=DeadlineStep.POLICE_FEEDBACK, at=at)
    events.case_event(actor=actor, case=report.case, verb="report_police_recorded", told=report.police_told,
                      feedback=bool(feedback_on))
    return report
