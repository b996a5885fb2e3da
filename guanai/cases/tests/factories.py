"""Factories for case data. A case is best made with `case_reported(...)`, which goes through
services.report_file (the intake's own path: report, deadlines, assignment, notifications); later
stages with `case_at(stage, ...)`, which takes each step's service in order."""

import datetime

import factory
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.cases import stages
from guanai.cases.models import Case, JointMeeting
from guanai.cases.schemas import (
    AssessmentIn,
    ClosureIn,
    DecisionIn,
    EmergencyIn,
    PlanIn,
    ReportIn,
    ReviewIn,
)
from guanai.cases.services import report_file
from guanai.people.tests.factories import PersonFactory

XINMINJIE = "610330100007"
FENGXIAN = "610330"


def report_in(*, person_id: int | None = None, **overrides) -> ReportIn:
    values = {"person_id": person_id, "received_at": timezone.now() - datetime.timedelta(hours=1),
              "channel": "phone", "reporter_type": "school", "reporter_name": "李老师",
              "reporter_unit": "凤县双石铺镇中心小学", "situation": "abandoned",
              "description": "孩子连续多日独自在家，无人照料。", "urgent": False}
    values.update(overrides)
    return ReportIn(**values)


def case_reported(*, by=None, person=None, **overrides) -> Case:
    by = by or UserFactory(role=Role.CHILD_DIRECTOR, area_id=XINMINJIE)
    person = person or PersonFactory(area_id=by.area_id if len(by.area_id or "") == 12 else XINMINJIE,
                                     birth_date=datetime.date(2016, 3, 1))
    return report_file(actor=by, scope=scope_for(by), data=report_in(person_id=person.pk, **overrides))


def emergency_in(case: Case, **overrides) -> EmergencyIn:
    values = {"contacted_at": max(case.opened_at, timezone.now() - datetime.timedelta(minutes=30)),
              "child_safe": True, "actions": "上门核实，联系祖母临时照看。", "placement_type": "relatives",
              "placement_place": "祖母家"}
    values.update(overrides)
    return EmergencyIn(**values)


def assessment_in(**overrides) -> AssessmentIn:
    values = {"assessed_on": timezone.localdate(), "safety": 2, "guardianship": 3, "health": 1, "schooling": 1,
              "needs": 2, "needs_note": "生活照料、心理疏导"}
    values.update(overrides)
    return AssessmentIn(**values)


def plan_in(**overrides) -> PlanIn:
    values = {"goals": "落实委托照护，恢复正常就学。",
              "services": [{"service": "联系父母落实委托照护", "owner_name": "村儿童主任",
                            "due_on": timezone.localdate() + datetime.timedelta(days=7)}]}
    values.update(overrides)
    return PlanIn(**values)


def case_at(stage: str, *, county, by=None, **overrides) -> Case:
    """A case taken by the county case manager through each step until it is in `stage`."""
    case = case_reported(by=by, **overrides)
    scope = scope_for(county)
    order = ["emergency_response", "assessment", "assistance_plan", "plan_approved", "review", "closed"]
    steps = {
        "emergency_response": lambda c: stages.emergency_record(actor=county, scope=scope, case=c,
                                                                 data=emergency_in(c)),
        "assessment": lambda c: stages.assessment_record(actor=county, scope=scope, case=c, data=assessment_in()),
        "assistance_plan": lambda c: stages.plan_submit(actor=county, scope=scope, case=c, data=plan_in()),
        "plan_approved": lambda c: stages.plan_decide(actor=county, scope=scope, case=c,
                                                      data=DecisionIn(approve=True)),
        "review": lambda c: stages.review_record(actor=county, scope=scope, case=c, data=ReviewIn(
            reviewed_on=timezone.localdate(), findings="孩子由祖母照看，情况稳定。", recommend_closure=True)),
        "closed": lambda c: (stages.closure_request(actor=county, scope=scope, case=c,
                                                    data=ClosureIn(reason="guardianship_restored")),
                             stages.closure_decide(actor=county, scope=scope, case=Case.objects.get(pk=c.pk),
                                                   data=DecisionIn(approve=True))),
    }
    for name in order[:order.index(stage) + 1] if stage != "reported" else []:
        steps[name](Case.objects.get(pk=case.pk))
    return Case.objects.get(pk=case.pk)


class JointMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointMeeting

    area_id = FENGXIAN
    held_on = factory.LazyFunction(timezone.localdate)
    title = "未成年人保护工作联席会议"
    departments = "民政、教育、公安、卫健、妇联、团委"
    recorded_by = factory.SubFactory(UserFactory, role=Role.COUNTY_OFFICER, area_id=FENGXIAN)
