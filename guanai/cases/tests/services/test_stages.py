"""Each stage transition, and each refusal (wrong stage, missing approval, not the county, not on the case)."""

import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from guanai.accounts.scoping import scope_for
from guanai.cases import stages
from guanai.cases.models import Case, Deadline, Notification, StageChange
from guanai.cases.schemas import ClosureIn, DecisionIn, InterventionIn, ReopenIn, ReviewIn
from guanai.cases.tests.factories import assessment_in, case_at, case_reported, emergency_in, plan_in

pytestmark = pytest.mark.django_db


def _fresh(case):
    return Case.objects.get(pk=case.pk)


def test_the_whole_path_from_report_to_closure(director, supervisor, county):
    case = case_reported(by=director)
    s_scope, c_scope = scope_for(supervisor), scope_for(county)
    stages.emergency_record(actor=supervisor, scope=s_scope, case=case, data=emergency_in(case))
    case = _fresh(case)
    assert case.stage == "emergency_response" and case.first_contact_at is not None
    stages.assessment_record(actor=supervisor, scope=s_scope, case=case, data=assessment_in())
    case = _fresh(case)
    assert (case.stage, case.risk_score, case.risk_level) == ("assessment", 4 * 2 + 3 * 3 + 2 + 1 + 2, "medium")
    stages.plan_submit(actor=supervisor, scope=s_scope, case=case, data=plan_in())
    assert _fresh(case).stage == "assistance_plan"
    assert Notification.objects.filter(user=county, kind="plan_submitted").exists()
    stages.plan_decide(actor=county, scope=c_scope, case=case, data=DecisionIn(approve=True))
    decided = Notification.objects.get(user=supervisor, kind="decided")
    # Stored as a key with parameters: each reader sees their own language.
    assert decided.title == f"帮扶计划已批准：{case.number}"
    with translation.override("en"):
        assert decided.title_text == f"Assistance plan approved: {case.number}"
    stages.intervention_record(actor=county, scope=c_scope, case=case, data=InterventionIn(
        kind="temporary", temporary_ground="neglect", placement_type="foster_family", placement_place="张家寄养家庭",
        started_on=timezone.localdate()))
    assert _fresh(case).stage == "intervention"
    stages.review_record(actor=supervisor, scope=s_scope, case=case, data=ReviewIn(
        reviewed_on=timezone.localdate(), findings="寄养家庭照料良好", risk_score=5))
    case = _fresh(case)
    assert (case.stage, case.risk_level) == ("review", "low")
    stages.closure_request(actor=supervisor, scope=s_scope, case=case, data=ClosureIn(reason="guardianship_restored"))
    assert _fresh(case).stage == "review"
    stages.closure_decide(actor=county, scope=c_scope, case=case, data=DecisionIn(approve=True))
    case = _fresh(case)
    assert case.stage == "closed" and case.closed_by == county
    assert not Deadline.objects.filter(case=case, met_at__isnull=True).exists()
    assert list(StageChange.objects.filter(case=case).order_by("at", "pk").values_list("to_stage", flat=True))[-1] \
        == "closed"
    stages.case_reopen(actor=county, scope=c_scope, case=case, data=ReopenIn(reason="再次接到报告"))
    case = _fresh(case)
    assert (case.stage, case.reopened_count, case.closed_at) == ("assessment", 1, None)
    assert Deadline.objects.filter(case=case, step="assessment", met_at__isnull=True).exists()


def test_closure_withdraws_the_review_not_yet_owed_and_keeps_what_was_overdue(director, county):
    case = case_at("closed", county=county, by=director)
    reviews = Deadline.objects.filter(case=case, step="review")
    assert reviews.count() == 1 and reviews.get().met_at is not None  # the review done, not the next one
    overdue = case_at("review", county=county, by=director)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Deadline.objects.filter(case=overdue, met_at__isnull=True).update(due_at=yesterday)
    stages.closure_request(actor=county, scope=scope_for(county), case=overdue,
                           data=ClosureIn(reason="guardianship_restored"))
    stages.closure_decide(actor=county, scope=scope_for(county), case=_fresh(overdue), data=DecisionIn(approve=True))
    assert Deadline.objects.filter(case=overdue, step="review").count() == 2  # the late one stays on record
    assert not Deadline.objects.filter(case=overdue, met_at__isnull=True).exists()


def test_first_contact_meets_its_deadline(director, county):
    case = case_reported(by=director)
    stages.emergency_record(actor=county, scope=scope_for(county), case=case, data=emergency_in(case))
    assert Deadline.objects.get(case=case, step="first_contact").met_at is not None


@pytest.mark.parametrize("step, data", [
    (stages.assessment_record, lambda c: assessment_in()),
    (stages.plan_submit, lambda c: plan_in()),
    (stages.review_record, lambda c: ReviewIn(reviewed_on=timezone.localdate(), findings="回访")),
    (stages.closure_request, lambda c: ClosureIn(reason="safe_at_home")),
    (stages.case_reopen, lambda c: ReopenIn(reason="再次")),
])
def test_steps_out_of_order_are_refused(director, county, step, data):
    case = case_reported(by=director)
    with pytest.raises(ValidationError):
        step(actor=county, scope=scope_for(county), case=case, data=data(case))
    assert _fresh(case).stage == "reported"


def test_intervention_and_review_need_an_approved_plan(director, county):
    case = case_at("assistance_plan", county=county, by=director)
    with pytest.raises(ValidationError, match="approved"):
        stages.review_record(actor=county, scope=scope_for(county), case=case,
                             data=ReviewIn(reviewed_on=timezone.localdate(), findings="回访"))
    with pytest.raises(ValidationError):
        stages.plan_submit(actor=county, scope=scope_for(county), case=case, data=plan_in())


def test_only_the_county_approves_plans_and_closures(director, supervisor, county):
    case = case_at("assistance_plan", county=county, by=director)
    with pytest.raises(PermissionDenied):
        stages.plan_decide(actor=supervisor, scope=scope_for(supervisor), case=case, data=DecisionIn(approve=True))
    case = case_at("review", county=county, by=director)
    stages.closure_request(actor=director, scope=scope_for(director), case=case, data=ClosureIn(reason="safe_at_home"))
    with pytest.raises(PermissionDenied):
        stages.closure_decide(actor=supervisor, scope=scope_for(supervisor), case=case,
                              data=DecisionIn(approve=True))


def test_a_returned_plan_is_resubmitted_and_a_refused_closure_goes_back_to_review(director, county):
    case = case_at("assistance_plan", county=county, by=director)
    with pytest.raises(ValueError):
        DecisionIn(approve=False)
    stages.plan_decide(actor=county, scope=scope_for(county), case=case, data=DecisionIn(approve=False, note="补充"))
    stages.plan_submit(actor=director, scope=scope_for(director), case=case, data=plan_in())
    case = case_at("review", county=county, by=director)
    stages.closure_request(actor=county, scope=scope_for(county), case=case, data=ClosureIn(reason="safe_at_home"))
    stages.closure_decide(actor=county, scope=scope_for(county), case=case,
                          data=DecisionIn(approve=False, note="仍需回访"))
    case = _fresh(case)
    assert (case.stage, case.closure_requested_at, case.closure_reason) == ("review", None, "")


def test_a_worker_not_on_the_case_cannot_take_a_step(director, county):
    from guanai.accounts.roles import Role
    from guanai.accounts.tests.factories import UserFactory

    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    with pytest.raises(PermissionDenied):
        stages.emergency_record(actor=colleague, scope=scope_for(colleague), case=case, data=emergency_in(case))


def test_an_outsider_cannot_touch_the_case(director, outsider):
    case = case_reported(by=director)
    with pytest.raises(PermissionDenied):
        stages.emergency_record(actor=outsider, scope=scope_for(outsider), case=case, data=emergency_in(case))


def test_temporary_guardianship_needs_an_article_92_ground():
    with pytest.raises(ValueError, match="Art. 92"):
        InterventionIn(kind="temporary", placement_type="foster_family", placement_place="x",
                       started_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValueError, match="Art. 94"):
        InterventionIn(kind="long_term", placement_type="welfare_institution", placement_place="x",
                       started_on=datetime.date(2026, 1, 1))


def test_first_contact_cannot_precede_the_report(director, county):
    case = case_reported(by=director)
    with pytest.raises(ValidationError):
        stages.emergency_record(actor=county, scope=scope_for(county), case=case,
                                data=emergency_in(case, contacted_at=case.opened_at - datetime.timedelta(hours=2)))


def test_old_notification_titles_become_messages():
    """The cases 0004 migration turns titles stored as text into messages."""
    migration = importlib.import_module("guanai.cases.migrations.0004_notification_title_message")
    message = migration.title_message("个案 6103-2026-0001：首次接触已逾期，已上报至县(区、市)")
    assert message == {"key": "个案 %(number)s：%(step)s已逾期，已上报至%(level)s",
                       "params": {"number": "6103-2026-0001", "step": {"key": "首次接触", "params": {}},
                                  "level": {"key": "县(区、市)", "params": {}}}}
    assert migration.title_message("结案被退回：6103-2026-0002")["params"] == {"number": "6103-2026-0002"}
    assert migration.title_message("别的文字") == {}
