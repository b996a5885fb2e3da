"""Need-to-know and break the glass: refusals and break-the-glass reads are in the access log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessLog
from guanai.cases.access import has_need_to_know, may_approve
from guanai.cases.deadlines import deadlines_escalate
from guanai.cases.models import Deadline, Notification
from guanai.cases.selectors import break_glass_grant, case_access_log, case_list
from guanai.cases.services import case_assign, case_break_glass
from guanai.cases.tests.factories import case_reported

pytestmark = pytest.mark.django_db


def test_who_knows(director, supervisor, county, outsider, analyst, auditor):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    assert [has_need_to_know(u, case) for u in (director, supervisor, county, colleague, outsider, analyst,
                                                 auditor)] == [True, True, True, False, False, False, False]
    assert [may_approve(u, case) for u in (director, supervisor, county)] == [False, False, True]


def test_the_list_shows_existence_to_colleagues_but_not_to_outsiders(director, outsider):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    rows = list(case_list(scope=scope_for(colleague), viewer=colleague))
    assert [(r.pk, r.known) for r in rows] == [(case.pk, False)]
    assert list(case_list(scope=scope_for(director), viewer=director).values_list("known", flat=True)) == [True]
    assert not case_list(scope=scope_for(outsider), viewer=outsider).exists()


def test_break_the_glass_is_logged_with_its_reason_and_shown_to_the_county(director, county):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    assert break_glass_grant(user=colleague, case=case) is None
    with pytest.raises(ValidationError):
        case_break_glass(actor=colleague, scope=scope_for(colleague), case=case, reason="  ",
                         purpose="case_handling")
    case_break_glass(actor=colleague, scope=scope_for(colleague), case=case, reason="儿童今天来村委会求助",
                     purpose="emergency")
    grant = break_glass_grant(user=colleague, case=case)
    assert grant is not None and grant.reason == "儿童今天来村委会求助"
    assert [r.user for r in case_access_log(scope=scope_for(county))] == [colleague]
    later = timezone.now() + datetime.timedelta(hours=9)
    assert break_glass_grant(user=colleague, case=case, now=later) is None


def test_a_role_without_break_the_glass_is_refused_and_the_refusal_logged(director, auditor):
    case = case_reported(by=director)
    with pytest.raises(PermissionDenied):
        case_break_glass(actor=auditor, scope=scope_for(auditor), case=case, reason="审计抽查", purpose="case_handling")
    assert AccessLog.objects.get(user=auditor).action == "denied"


def test_outsider_cannot_break_the_glass(director, outsider):
    case = case_reported(by=director)
    with pytest.raises(PermissionDenied):
        case_break_glass(actor=outsider, scope=scope_for(outsider), case=case, reason="好奇想看看", purpose="other")
    assert not AccessLog.objects.filter(action="break_glass").exists()


def test_assigning_a_worker_gives_need_to_know(director, supervisor):
    case = case_reported(by=director)
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    case_assign(actor=supervisor, scope=scope_for(supervisor), case=case, user=colleague, role="village_worker")
    assert has_need_to_know(colleague, case)
    assert Notification.objects.filter(user=colleague, kind="assigned").exists()
    with pytest.raises(PermissionDenied):
        case_assign(actor=director, scope=scope_for(director), case=case, user=colleague, role="lead")


def test_a_missed_deadline_escalates_one_level_up_once_and_stays_listed(director, supervisor, county):
    case = case_reported(by=director, received_at=timezone.now() - datetime.timedelta(hours=30))
    assert deadlines_escalate() == 1  # first contact (24 h) missed; assessment and plan not yet due
    first = Deadline.objects.get(case=case, step="first_contact")
    assert first.escalated_to == "township" and first.met_at is None
    assert Notification.objects.filter(user=supervisor, kind="deadline_missed").exists()
    assert not Notification.objects.filter(user=county, kind="deadline_missed").exists()
    assert deadlines_escalate() == 0
    from guanai.cases.selectors import deadline_list

    assert [d.pk for d in deadline_list(scope=scope_for(county))] == [first.pk]
