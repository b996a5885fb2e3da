"""A locked roster never changes: not through the service, the model, a queryset, or a rebuild."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from guanai.accounts.scoping import scope_for
from guanai.benefits import services
from guanai.benefits.models import Payment, Roster, RosterLocked, RosterStatus
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(standards, county):
    EnrollmentFactory.create_batch(2)
    roster = roster_build(roster_id=RosterFactory(month=D(2022, 3, 1)).pk)
    return services.roster_lock(actor=county, scope=scope_for(county), roster=roster)


def test_lock_records_who_and_when(locked, county):
    assert locked.status == RosterStatus.LOCKED and locked.locked_by == county and locked.locked_at


def test_a_locked_roster_refuses_every_change(locked, county):
    line = Payment.objects.filter(roster=locked).first()
    line.amount_fen = 1
    with pytest.raises(RosterLocked):
        line.save()
    with pytest.raises(RosterLocked):
        line.delete()
    with pytest.raises(RosterLocked):
        Payment.objects.filter(roster=locked).update(amount_fen=1)
    with pytest.raises(RosterLocked):
        Payment.objects.filter(roster=locked).delete()
    roster = Roster.objects.get(pk=locked.pk)
    roster.total_fen = 0
    with pytest.raises(RosterLocked):
        roster.save()
    with pytest.raises(RosterLocked):
        roster.delete()
    with pytest.raises(RosterLocked):
        roster_build(roster_id=locked.pk)
    with pytest.raises(RosterLocked):
        services.roster_request(actor=county, scope=scope_for(county), programme_code="orphan_allowance",
                                area_code="610330", month=D(2022, 3, 1))
    assert sorted(Payment.objects.filter(roster=locked).values_list("amount_fen", flat=True)) == [70_000, 70_000]


def test_only_the_county_locks_and_only_a_built_roster(standards, supervisor, county):
    roster = RosterFactory(month=D(2022, 3, 1))
    with pytest.raises(services.WrongStep):
        services.roster_lock(actor=county, scope=scope_for(county), roster=roster)
    built = roster_build(roster_id=roster.pk)
    with pytest.raises(PermissionDenied):
        services.roster_lock(actor=supervisor, scope=scope_for(supervisor), roster=built)
