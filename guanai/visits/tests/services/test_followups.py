import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from guanai.accounts.roles import Role
from guanai.accounts.scoping import scope_for
from guanai.accounts.tests.factories import UserFactory
from guanai.people.models import Person
from guanai.visits.followups import followups_assign, followups_sync, major_event_declare, reminders_compute
from guanai.visits.models import FollowUp, Reminder
from guanai.visits.services import visit_record
from guanai.visits.tests.factories import ServiceContractFactory, followed_person

pytestmark = pytest.mark.django_db


def test_the_village_director_follows_by_default(director):
    fu = followed_person()
    assert fu.worker == director and fu.target_group == "elder"


def test_sync_ends_following_when_the_risk_level_goes(director):
    fu = followed_person()
    Person.objects.filter(pk=fu.person_id).update(risk_level="")
    result = followups_sync(on=timezone.localdate())
    assert result.ended == 1
    assert FollowUp.objects.get(pk=fu.pk).ended_on == timezone.localdate()


def test_sync_ends_following_on_the_day_of_a_death_recorded_late(director):
    from guanai.audit.models import Event

    on = datetime.date(2026, 11, 23)
    dead_long_ago = followed_person(since=datetime.date(2024, 2, 1))
    followed_after_the_death = followed_person(since=datetime.date(2025, 6, 1))
    dead_today = followed_person(since=datetime.date(2024, 2, 1))
    no_longer_at_risk = followed_person(since=datetime.date(2024, 2, 1), area_id="610330101003")
    Person.objects.filter(pk__in=[dead_long_ago.person_id, followed_after_the_death.person_id]).update(
        died_on=datetime.date(2025, 3, 10))
    Person.objects.filter(pk=dead_today.person_id).update(died_on=on)
    Person.objects.filter(pk=no_longer_at_risk.person_id).update(risk_level="")
    assert followups_sync(on=on).ended == 4
    ended = {fu.pk: FollowUp.objects.get(pk=fu.pk).ended_on
             for fu in (dead_long_ago, followed_after_the_death, dead_today, no_longer_at_risk)}
    assert ended == {dead_long_ago.pk: datetime.date(2025, 3, 10),
                     followed_after_the_death.pk: datetime.date(2025, 6, 1),  # never before it began
                     dead_today.pk: on, no_longer_at_risk.pk: on}
    # Ended on an earlier day: one event for the village, from the earliest month, for the store's recount.
    assert list(Event.objects.filter(verb="followups_ended").values_list("area_code", "data")) == [
        (dead_long_ago.area_id, {"ended": 2, "counts_from": "2025-03-01"})]


def test_sync_follows_the_new_risk_level(director):
    fu = followed_person(risk_level="low")
    Person.objects.filter(pk=fu.person_id).update(risk_level="high")
    followups_sync(on=timezone.localdate(), person_ids=[fu.person_id])
    assert FollowUp.objects.get(pk=fu.pk).risk_level == "high"


def test_a_major_event_makes_every_high_risk_person_due_within_24_hours(supervisor, director, visit_in):
    high = followed_person(risk_level="high")
    medium = followed_person(risk_level="medium")
    elsewhere = followed_person(risk_level="high", area_id="610330101003")
    scope = scope_for(director)
    for fu in (high, medium):
        visit_record(actor=director, scope=scope, person=fu.person, data=visit_in())
    start = timezone.now()
    event = major_event_declare(actor=supervisor, scope=scope_for(supervisor), area_code="610330100",
                                kind="extreme_weather", title="暴雨", starts_at=start,
                                ends_at=start + datetime.timedelta(days=2))
    assert event.people_due == 1
    high.refresh_from_db()
    assert high.event_due_at == start + datetime.timedelta(hours=24)
    assert high.next_due_on <= timezone.localtime(start + datetime.timedelta(hours=24)).date()
    assert high.due_reason == "event"
    medium.refresh_from_db()
    assert medium.event_id is None and medium.due_reason != "event"
    assert FollowUp.objects.get(pk=elsewhere.pk).event_id is None
    visit_record(actor=director, scope=scope, person=high.person, data=visit_in(visited_at=timezone.now()))
    high.refresh_from_db()
    assert high.event_id is None and high.next_due_on > timezone.localdate()


def test_only_a_manager_declares_events(director):
    start = timezone.now()
    with pytest.raises(PermissionDenied):
        major_event_declare(actor=director, scope=scope_for(director), area_code="610330100007", kind="disaster",
                            title="x", starts_at=start, ends_at=start)


def test_a_supervisor_assigns_to_a_providers_social_worker_under_a_contract(supervisor):
    fu = followed_person()
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id="610330")
    contract = ServiceContractFactory(starts_on=timezone.localdate() - datetime.timedelta(days=30),
                                      ends_on=timezone.localdate() + datetime.timedelta(days=300))
    with pytest.raises(ValidationError):
        followups_assign(actor=supervisor, scope=scope_for(supervisor), person_ids=[fu.person_id], worker=worker,
                         contract=contract)
    contract.provider.workers.add(worker)
    assert followups_assign(actor=supervisor, scope=scope_for(supervisor), person_ids=[fu.person_id],
                            worker=worker, contract=contract) == 1
    fu.refresh_from_db()
    assert (fu.worker, fu.contract) == (worker, contract)


def test_a_social_worker_without_a_contract_cannot_be_assigned(supervisor):
    fu = followed_person()
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id="610330")
    with pytest.raises(ValidationError):
        followups_assign(actor=supervisor, scope=scope_for(supervisor), person_ids=[fu.person_id], worker=worker)


def test_the_outsiders_people_cannot_be_assigned(supervisor):
    fu = followed_person(area_id="610330101003")
    with pytest.raises(ValidationError):
        followups_assign(actor=supervisor, scope=scope_for(supervisor), person_ids=[fu.person_id], worker=supervisor)


def test_reminders_say_what_each_worker_owes(director):
    followed_person()
    followed_person(since=timezone.localdate() - datetime.timedelta(days=3))
    assert reminders_compute(on=timezone.localdate()) == 1
    reminder = Reminder.objects.get(worker=director)
    assert (reminder.due_today, reminder.overdue, reminder.due_week) == (1, 1, 2)
