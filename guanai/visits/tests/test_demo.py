"""The visits demo on a small registry: a year of visits, some people overdue, loaded once."""

import datetime

import pytest
from django.utils import timezone

from guanai.demo.visits import demo_visits_load
from guanai.people.models import Category, Person
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.visits.models import FollowUp, VisitRecord

pytestmark = pytest.mark.django_db


def test_a_year_of_visits_with_gaps(director):
    for i in range(60):
        person = PersonFactory(area_id="610330100007" if i % 2 else "532501001001",
                               risk_level=["medium", "high", "medium", "low"][i % 4])
        CategorySpellFactory(person=person, category=Category.SPECIAL_DIFFICULTY_ELDER)
    today = timezone.localdate()
    result = demo_visits_load(on=today)
    assert result.followed == 60 and result.visits == VisitRecord.objects.count() > 60 * 4
    oldest = VisitRecord.objects.order_by("visited_on").first().visited_on
    assert oldest >= today - datetime.timedelta(days=365)
    assert FollowUp.objects.filter(ended_on__isnull=True).count() == Person.objects.count()
    assert FollowUp.objects.filter(next_due_on__lt=today).exists()
    assert FollowUp.objects.filter(next_due_on__gte=today).exists()
    assert FollowUp.objects.filter(area_id="610330100007", risk_level="high").first().worker == director
    assert demo_visits_load(on=today).skipped
