import datetime

import pytest

from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory, id_number_make

CHILD_ID = id_number_make(birth_date=datetime.date(2015, 3, 9), sex="male", sequence=321)


@pytest.fixture
def login(client, password):
    """login(user) signs the test client in as `user` and returns it."""
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


@pytest.fixture
def child(db):
    """单小明, a left-behind child in 新民街 with an ID number and an open category spell."""
    person = PersonFactory(name="单小明", id_number=CHILD_ID, phone="13800138000", address="新民街7号",
                           risk_level="medium")
    CategorySpellFactory(person=person, category=Category.LEFT_BEHIND_CHILD, reason="父母均外出务工")
    return person
