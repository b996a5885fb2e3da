"""The person page's timeline shows enrollments and payments (people.selectors timeline registry)."""

import datetime

import pytest

from guanai.accounts.scoping import scope_for
from guanai.benefits.roster_build import roster_build
from guanai.benefits.tests.factories import EnrollmentFactory, RosterFactory
from guanai.people.selectors import person_timeline

pytestmark = pytest.mark.django_db


def test_enrollment_and_payment_on_the_timeline(standards, director):
    e = EnrollmentFactory()
    roster_build(roster_id=RosterFactory(month=datetime.date(2022, 3, 1)).pk)
    items = person_timeline(scope=scope_for(director), person=e.person)
    titles = [i.title for i in items]
    assert any(t.startswith("申请孤儿基本生活费") for t in titles)
    assert "孤儿基本生活费 700.00元" in titles
