import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.scoping import Scope, scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.visits.models import FollowUp
from guanai.visits.selectors import due_counts, due_list, visit_rates, visit_versions, workload
from guanai.visits.services import visit_record
from guanai.visits.tests.factories import VisitRecordFactory, followed_person

pytestmark = pytest.mark.django_db


def test_due_today_week_and_month(director):
    today = timezone.localdate()
    for days in (-5, 0, 1, 40):
        fu = followed_person()
        FollowUp.objects.filter(pk=fu.pk).update(next_due_on=today + datetime.timedelta(days=days))
    counts = due_counts(scope=scope_for(director), on=today)
    assert counts.followed == 4 and counts.overdue == 1 and counts.today == 2
    assert counts.week >= 2 and counts.month >= counts.week
    assert [f.next_due_on for f in due_list(scope=scope_for(director), on=today)] == sorted(
        [today - datetime.timedelta(days=5), today])


def test_the_outsider_sees_nothing_due(director, outsider):
    followed_person()
    assert not due_list(scope=scope_for(outsider), on=timezone.localdate()).exists()
    assert due_counts(scope=scope_for(outsider), on=timezone.localdate()).followed == 0


def test_a_social_worker_sees_only_assigned_people():
    followed_person()
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id="610330")
    assert not due_list(scope=scope_for(worker), on=timezone.localdate(), worker=worker).exists()


def test_due_list_query_count_does_not_grow_with_rows(director, django_assert_num_queries):
    for _ in range(3):
        followed_person()
    with CaptureQueriesContext(connection) as few:
        list(due_list(scope=scope_for(director), on=timezone.localdate(), when="month"))
    for _ in range(10):
        followed_person()
    with CaptureQueriesContext(connection) as many:
        rows = list(due_list(scope=scope_for(director), on=timezone.localdate(), when="month"))
        for f in rows:
            assert f.person.name and f.area.short_name and f.worker.username
    assert len(many) == len(few) == 1


def test_monthly_visit_rate_per_village(director, supervisor, visit_in):
    scope = scope_for(director)
    elders = [followed_person(group="elder") for _ in range(4)]
    children = [followed_person(group="child") for _ in range(2)]
    followed_person(group="elder", area_id="610330100001")
    for fu in elders[:3] + children[:1]:
        visit_record(actor=director, scope=scope, person=fu.person, data=visit_in())
    visit_record(actor=director, scope=scope, person=elders[0].person, data=visit_in())  # twice: counts once
    today = timezone.localdate()
    rows = {r.area_code: r for r in visit_rates(scope=scope_for(supervisor), month=today, on=today)}
    mine = rows["610330100007"]
    assert (mine.elders, mine.elders_visited, mine.children, mine.children_visited) == (4, 3, 2, 1)
    assert mine.elder_rate == 0.75 and mine.child_rate == 0.5
    assert rows["610330100001"].elders_visited == 0
    county = visit_rates(scope=Scope("610330"), month=today, on=today)
    assert [r.area_code for r in county] == ["610330100"]


def test_last_months_visits_do_not_count_this_month(director):
    fu = followed_person(since=datetime.date(2026, 1, 1))
    VisitRecordFactory(person=fu.person, visitor=director,
                       visited_at=timezone.now() - datetime.timedelta(days=45))
    today = timezone.localdate()
    (row,) = visit_rates(scope=scope_for(director), month=today, on=today)
    assert (row.elders, row.elders_visited) == (1, 0)


def test_rates_take_three_queries_whatever_the_size(supervisor, django_assert_max_num_queries):
    for _ in range(5):
        followed_person()
    with django_assert_max_num_queries(4):
        visit_rates(scope=scope_for(supervisor), month=timezone.localdate(), on=timezone.localdate())


def test_workload_per_worker(director, visit_in):
    fu = followed_person()
    visit_record(actor=director, scope=scope_for(director), person=fu.person, data=visit_in())
    (row,) = workload(scope=scope_for(director), on=timezone.localdate(), month=timezone.localdate())
    assert (row.worker, row.followed, row.visits, row.home_visits) == (director, 1, 1, 1)


def test_versions_newest_first(director):
    fu = followed_person()
    first = VisitRecordFactory(person=fu.person, visitor=director, is_current=False)
    second = VisitRecordFactory(person=fu.person, visitor=director, previous=first, version=2,
                                correction_reason="更正")
    assert [v.pk for v in visit_versions(scope=scope_for(director), visit=first)] == [second.pk, first.pk]


def test_what_a_provider_delivered(supervisor, visit_in):
    from guanai.visits.followups import followups_assign
    from guanai.visits.selectors import contract_delivery
    from guanai.visits.tests.factories import ServiceContractFactory

    fu = followed_person()
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id="610330")
    today = timezone.localdate()
    contract = ServiceContractFactory(starts_on=today - datetime.timedelta(days=10),
                                      ends_on=today + datetime.timedelta(days=10))
    contract.provider.workers.add(worker)
    followups_assign(actor=supervisor, scope=scope_for(supervisor), person_ids=[fu.person_id], worker=worker,
                     contract=contract)
    visit_record(actor=worker, scope=scope_for(worker), person=fu.person, data=visit_in())
    (row,) = contract_delivery(scope=scope_for(supervisor), on=today, month=today)
    assert (row.contract, row.people, row.visits, row.home_visits) == (contract, 1, 1, 1)


def test_the_person_timeline_shows_visits_and_referrals(director, visit_in):
    from guanai.people.selectors import person_timeline
    from guanai.visits.models import Need
    from guanai.visits.schemas import NeedIn
    from guanai.visits.services import need_refer

    fu = followed_person()
    scope = scope_for(director)
    visit_record(actor=director, scope=scope, person=fu.person,
                 data=visit_in(needs=[NeedIn(kind="health", description="复查")]))
    need_refer(actor=director, scope=scope, need=Need.objects.get(), to_department="镇卫生院",
               deadline=timezone.localdate())
    kinds = {item.kind for item in person_timeline(scope=scope, person=fu.person)}
    assert {"visit", "referral"} <= kinds
