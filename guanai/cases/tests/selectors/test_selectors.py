"""Every read of cases goes through the scope: the list and its filters, one case, deadlines,
notifications, the staff a case may be assigned to or escalated to, meetings, the person's timeline.
The outsider (龙口社区) sees nothing of a case in 新民街社区; lists cost a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.cases import selectors
from guanai.cases.models import Deadline, Notification
from guanai.cases.schemas import MeetingIn
from guanai.cases.selectors import CaseFilter
from guanai.cases.services import meeting_record
from guanai.cases.tests.factories import case_at, case_reported
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _list(user, **filters) -> list[int]:
    return [case.pk for case in selectors.case_list(scope=scope_for(user), viewer=user, filters=CaseFilter(**filters))]


def test_the_list_is_scoped_and_newest_first(director, supervisor, county, outsider):
    first = case_reported(by=director, received_at=timezone.now() - datetime.timedelta(hours=3))
    second = case_reported(by=director)
    assert _list(director) == _list(supervisor) == _list(county) == [second.pk, first.pk]
    assert _list(outsider) == []


def test_filters_by_stage_open_and_mine(director, county):
    reported = case_reported(by=director)
    closed = case_at("closed", county=county, by=director)
    assert _list(county, stage="closed") == [closed.pk]
    assert _list(county, open_only=True) == [reported.pk]
    newcomer = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    assert _list(newcomer, mine=True) == []
    assert reported.pk in _list(director, mine=True)


def test_search_by_name_only_for_those_who_know(director):
    case = case_reported(by=director, person=PersonFactory(area_id=director.area_id, name="宋小禾",
                                                           birth_date=datetime.date(2015, 5, 1)))
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    assert _list(director, q="小禾") == [case.pk]
    assert _list(colleague, q="小禾") == []  # the name is need-to-know; the number is not
    assert _list(colleague, q=case.number) == [case.pk]


def test_overdue_filter_and_deadline_list(director, county, outsider):
    case = case_reported(by=director)
    later = timezone.now() + datetime.timedelta(days=60)
    due = list(Deadline.objects.filter(case=case, met_at__isnull=True).order_by("due_at"))
    assert due, "a reported case opens deadlines"
    assert _list(county, overdue=True) == []
    assert [c.pk for c in selectors.case_list(scope=scope_for(county), viewer=county,
                                              filters=CaseFilter(overdue=True), now=later)] == [case.pk]
    assert list(selectors.deadline_list(scope=scope_for(county), now=later)) == due
    assert list(selectors.deadline_list(scope=scope_for(county))) == []
    assert list(selectors.deadline_list(scope=scope_for(county), overdue=False)) == due
    assert list(selectors.deadline_list(scope=scope_for(outsider), now=later)) == []


def test_case_get_refuses_outside_the_scope(director, outsider):
    case = case_reported(by=director)
    assert selectors.case_get(scope=scope_for(director), pk=case.pk) == case
    with pytest.raises(selectors.CaseNotFound):
        selectors.case_get(scope=scope_for(outsider), pk=case.pk)
    assert selectors.case_outside_scope_exists(pk=case.pk).area_id == case.area_id


def test_notifications_are_the_users_own_and_unread_first(director, supervisor, outsider):
    case = case_reported(by=director, urgent=True)  # an urgent report notifies the managers
    mine = list(selectors.notification_list(user=supervisor, scope=scope_for(supervisor)))
    assert mine and {n.user_id for n in mine} == {supervisor.pk} and {n.case_id for n in mine} == {case.pk}
    assert list(selectors.notification_list(user=outsider, scope=scope_for(outsider))) == []
    Notification.objects.filter(user=supervisor).update(read_at=timezone.now())
    assert list(selectors.notification_list(user=supervisor, scope=scope_for(supervisor))) == []
    assert len(selectors.notification_list(user=supervisor, scope=scope_for(supervisor), unread_only=False)) == len(
        mine)


def test_managers_and_assignable_staff(director, supervisor, county, outsider):
    case = case_reported(by=director)
    assert selectors.managers_at(area_code=case.area_id, level="township") == [supervisor]
    assert selectors.managers_at(area_code=case.area_id, level="county") == [county]
    assert selectors.managers_at(area_code=case.area_id, level="nowhere") == []
    assignable = list(selectors.assignable_users(scope=scope_for(county), case=case))
    assert {director, supervisor, county} <= set(assignable) and outsider not in assignable
    assert selectors.assignment_of(case=case, user=director) is not None
    assert selectors.assignment_of(case=case, user=outsider) is None


def test_meetings_are_scoped(director, county, outsider):
    case = case_reported(by=director)
    meeting = meeting_record(actor=county, scope=scope_for(county), data=MeetingIn(
        area_code=county.area_id, held_on=timezone.localdate(), title="联席会议", departments="民政局、教育局",
        items=[{"case_id": case.pk, "decision": "按计划落实", "follow_up_owner": "县民政局"}]))
    assert list(selectors.meeting_list(scope=scope_for(county))) == [meeting]
    assert [item.case for item in selectors.meeting_get(scope=scope_for(county), pk=meeting.pk).items.all()] == [case]
    assert list(selectors.meeting_list(scope=scope_for(outsider))) == []
    with pytest.raises(selectors.MeetingNotFound):
        selectors.meeting_get(scope=scope_for(outsider), pk=meeting.pk)


def test_timeline_shows_cases_only_to_a_viewer_who_knows(director, rf):
    case = case_reported(by=director)
    assert selectors.timeline_items(scope_for(director), case.person) == []  # no request: no viewer
    colleague = UserFactory(role=Role.CHILD_DIRECTOR, area_id=director.area_id)
    for viewer, expected in ((director, True), (colleague, False)):
        request = rf.get("/")
        request.user = viewer
        HistoricalRecords.context.request = request
        try:
            items = selectors.timeline_items(scope_for(viewer), case.person)
        finally:
            del HistoricalRecords.context.request
        assert bool(items) is expected
        assert all(case.number in item.title for item in items)


def test_the_list_costs_the_same_queries_for_one_case_or_five(director, county, django_assert_num_queries):
    case_reported(by=director)

    def read() -> int:
        rows = list(selectors.case_list(scope=scope_for(county), viewer=county))
        return len([(row.person.name, row.area.name, row.known) for row in rows])

    with django_assert_num_queries(1):
        assert read() == 1
    for _ in range(4):
        case_reported(by=director)
    with django_assert_num_queries(1):
        assert read() == 5
