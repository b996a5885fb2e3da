"""A provider's social worker sees only the people assigned to them (DESIGN.md, "Who uses it")."""

import pytest

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.conftest import FENGXIAN
from guanai.visits.models import FollowUp
from guanai.visits.tests.factories import followed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def social_worker(db):
    return UserFactory(username="sw", role=Role.SOCIAL_WORKER, area_id=FENGXIAN)


def test_social_worker_sees_only_assigned_people(client, social_worker):
    mine = followed_person(name="分配给我的人").person
    other = followed_person(name="别人负责的人").person
    FollowUp.objects.filter(person=mine).update(worker=social_worker)
    client.force_login(social_worker)
    listing = client.get("/people/").content.decode()
    assert "分配给我的人" in listing and "别人负责的人" not in listing
    assert client.get(f"/people/{other.pk}/").status_code == 404
    assert client.get(f"/people/{mine.pk}/").status_code == 200
    assert "别人负责的人" not in client.get("/api/v1/people/").content.decode()


def test_the_social_workers_figures_count_their_own_caseload(social_worker):
    """The home page's registry counts (people.selectors.category_counts) are the worker's people, not
    the county's."""
    from guanai.accounts.scoping import scope_for
    from guanai.people.models import CategorySpell
    from guanai.people.selectors import category_counts

    mine = followed_person(name="分配给我的人").person
    other = followed_person(name="别人负责的人").person
    FollowUp.objects.filter(person=mine).update(worker=social_worker)
    for person in (mine, other):
        CategorySpell.objects.get_or_create(person=person, category="oldest_old",
                                            defaults={"started_on": "2020-01-01", "reason": "年满80周岁"})
    assert category_counts(scope=scope_for(social_worker))["oldest_old"] == 1
