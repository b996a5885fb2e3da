"""Every read of child-protection cases. Each takes the caller's `scope` and goes through scoped();
need-to-know (access.py) then says which rows in scope the viewer may open. Lists carry a `known`
annotation (may open without a reason) computed in the same query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.roles import ROLE_CAPABILITIES, Capability
from guanai.accounts.scoping import Scope, scoped, scoped_by_code
from guanai.audit.models import AccessAction, AccessLog
from guanai.cases.access import need_to_know_condition
from guanai.cases.models import (
    AssistancePlan,
    Case,
    CaseAssignment,
    CaseLink,
    Deadline,
    JointMeeting,
    MandatoryReport,
    MeetingCase,
    Notification,
    PlanService,
    StageChange,
)
from guanai.cases.rules import LEVEL_CODE_LENGTH, OPEN_STAGES, POLICE_SITUATIONS, break_glass_window_start
from guanai.people.models import Person
from guanai.people.selectors import TimelineItem


class CaseNotFound(Http404):
    """No such case in the caller's scope."""


class MeetingNotFound(Http404):
    pass


@dataclass(frozen=True)
class CaseFilter:
    stage: str = ""
    open_only: bool = False
    mine: bool = False
    overdue: bool = False
    police_missing: bool = False
    q: str = ""


def _cases(scope: Scope) -> QuerySet[Case]:
    return scoped(Case.objects.select_related("person", "area"), scope=scope)


def case_list(*, scope: Scope, viewer, filters: CaseFilter | None = None, now: datetime.datetime | None = None
              ) -> QuerySet[Case]:
    """Cases in scope, newest first, each with `known` (the viewer may open it without a reason)."""
    f = filters or CaseFilter()
    cases = _cases(scope).annotate(known=ExpressionWrapper(need_to_know_condition(viewer),
                                                           output_field=BooleanField()),
                                   police_missing=Exists(police_missing_reports().filter(case=OuterRef("pk"))))
    if f.police_missing:
        cases = cases.filter(police_missing=True)
    if f.stage:
        cases = cases.filter(stage=f.stage)
    if f.open_only:
        cases = cases.filter(stage__in=OPEN_STAGES)
    if f.mine:
        cases = cases.filter(assignments__user=viewer, assignments__ended_at__isnull=True)
    if f.overdue:
        cases = cases.filter(deadlines__met_at__isnull=True, deadlines__due_at__lt=now or timezone.now())
    if f.q.strip():
        cases = cases.filter(Q(number__icontains=f.q.strip()) | (Q(person__name__icontains=f.q.strip())
                                                                  & need_to_know_condition(viewer)))
    return cases.distinct().order_by("-opened_at", "-pk")


def police_missing_reports() -> QuerySet[MandatoryReport]:
    """Reports that should have gone to the police and did not (cases.rules.police_report_missing)."""
    return MandatoryReport.objects.filter(situation__in=POLICE_SITUATIONS, police_told=False)


def case_get(*, scope: Scope, pk: int) -> Case:
    case = _cases(scope).filter(pk=pk).first()
    if case is None:
        raise CaseNotFound("没有这个个案 / no such case")
    return case


def case_outside_scope_exists(*, pk: int) -> Case | None:
    """For the access log only: the case a refused request named, whatever the caller's scope."""
    return Case.objects.filter(pk=pk).only("pk", "area_id", "number").first()


def case_records(*, case: Case) -> dict:
    """Everything recorded on a case, for its page (a fixed number of queries)."""
    return {
        "reports": list(case.reports.select_related("received_by").order_by("received_at")),
        "assignments": list(case.assignments.filter(ended_at__isnull=True).select_related("user", "user__area")),
        "emergency": list(case.emergency_responses.select_related("recorded_by").order_by("contacted_at")),
        "assessments": list(case.assessments.select_related("recorded_by").order_by("assessed_on", "pk")),
        "plans": list(case.plans.select_related("submitted_by", "decided_by").prefetch_related(
            Prefetch("services", queryset=PlanService.objects.select_related("owner").order_by("due_on", "pk")))
            .order_by("created_at")),
        "interventions": list(case.interventions.order_by("started_on", "pk")),
        "reviews": list(case.reviews.select_related("recorded_by").order_by("reviewed_on", "pk")),
        "history": list(case.stage_changes.select_related("by").order_by("at", "pk")),
        "deadlines": list(case.deadlines.order_by("due_at")),
        "links": list(CaseLink.objects.filter(case=case).select_related("visit", "referral").order_by("pk")),
        "meetings": list(MeetingCase.objects.filter(case=case).select_related("meeting").order_by("meeting__held_on")),
    }


def latest_plan(*, case: Case) -> AssistancePlan | None:
    return case.plans.order_by("-created_at", "-pk").first()


def break_glass_grant(*, user, case: Case, now: datetime.datetime | None = None) -> AccessLog | None:
    """The viewer's break-the-glass entry for this case still in force, if any."""
    since = break_glass_window_start(now or timezone.now())
    return (AccessLog.objects.filter(user=user, action=AccessAction.BREAK_GLASS, object_type="case",
                                     object_id=str(case.pk), at__gte=since).order_by("-at").first())


def case_access_log(*, scope: Scope, actions: tuple[str, ...] = (AccessAction.BREAK_GLASS, AccessAction.DENIED)
                    ) -> QuerySet[AccessLog]:
    """Break-the-glass reads and refusals of cases in scope, newest first (shown to the county)."""
    rows = AccessLog.objects.filter(object_type="case", action__in=actions).select_related("user")
    return scoped_by_code(rows, scope=scope).order_by("-at", "-pk")


def deadline_list(*, scope: Scope, now: datetime.datetime | None = None, overdue: bool = True) -> QuerySet[Deadline]:
    """Unmet deadlines in scope (only those past due by default), the most overdue first."""
    rows = scoped(Deadline.objects.filter(met_at__isnull=True), scope=scope)
    if overdue:
        rows = rows.filter(due_at__lt=now or timezone.now())
    return rows.select_related("case", "area").order_by("due_at", "pk")


def notification_list(*, user, scope: Scope, unread_only: bool = True) -> QuerySet[Notification]:
    rows = scoped(Notification.objects.filter(user=user), scope=scope)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("case").order_by("-created_at", "-pk")


def managers_at(*, area_code: str, level: str) -> list[User]:
    """Active users who manage cases at `level` over `area_code`: the township's supervisors, the
    county's case managers."""
    if level not in LEVEL_CODE_LENGTH or len(area_code) < LEVEL_CODE_LENGTH[level]:
        return []
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.CASES_MANAGE in caps]
    return list(User.objects.filter(is_active=True, role__in=roles,
                                    area_id=area_code[:LEVEL_CODE_LENGTH[level]]).order_by("pk"))


def assignable_users(*, scope: Scope, case: Case) -> QuerySet[User]:
    """Staff who may be assigned: active, bound to the case's village, township or county."""
    codes = [case.area_id[:n] for n in (12, 9, 6)]
    return scoped(User.objects.filter(is_active=True, area_id__in=codes), scope=scope, area_field="area").order_by(
        "area_id", "full_name", "pk")


def meeting_list(*, scope: Scope) -> QuerySet[JointMeeting]:
    return scoped(JointMeeting.objects.select_related("area", "recorded_by"), scope=scope).order_by(
        "-held_on", "-pk")


def meeting_get(*, scope: Scope, pk: int) -> JointMeeting:
    meeting = (meeting_list(scope=scope).prefetch_related(
        Prefetch("items", queryset=MeetingCase.objects.select_related("case", "case__person").order_by("pk")))
        .filter(pk=pk).first())
    if meeting is None:
        raise MeetingNotFound("没有这个会议 / no such meeting")
    return meeting


def assignment_of(*, case: Case, user) -> CaseAssignment | None:
    return CaseAssignment.objects.filter(case=case, user=user, ended_at__isnull=True).first()


def _viewer():
    """The user of the request being served. The timeline hook passes only (scope, person), so the
    viewer comes from the request simple_history's middleware keeps for the duration of a request."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)


def timeline_items(scope: Scope, person: Person) -> list[TimelineItem]:
    """The person's cases that the viewer may open (need-to-know), and each case's steps: two queries.
    Without a known viewer (a command, a job) no case is shown."""
    viewer = _viewer()
    if viewer is None:
        return []
    cases = list(_cases(scope).filter(person=person).filter(need_to_know_condition(viewer)))
    if not cases:
        return []
    by_pk = {case.pk: case for case in cases}
    items = []
    for change in StageChange.objects.filter(case_id__in=by_pk).select_related("by").order_by("at", "pk"):
        case = by_pk[change.case_id]
        items.append(TimelineItem(
            at=change.at, kind="case", title=_("个案 %(number)s：%(stage)s") % {"number": case.number,
                                                   "stage": change.get_to_stage_display()},
            detail=change.note, actor=str(change.by) if change.by else "",
            url=reverse("cases:detail", args=[case.pk])))
    return items
