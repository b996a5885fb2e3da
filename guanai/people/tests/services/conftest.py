import datetime

import pytest

from guanai.accounts.scoping import scope_for
from guanai.people.schemas import PersonIn
from guanai.people.tests.factories import XINMINJIE, id_number_make


@pytest.fixture
def director_scope(director):
    return scope_for(director)


@pytest.fixture
def person_in():
    """PersonIn for someone in 新民街 with a fresh valid ID number; keyword overrides."""
    def make(**overrides) -> PersonIn:
        values = {"area_code": XINMINJIE, "name": "单小明",
                  "id_number": id_number_make(birth_date=datetime.date(2014, 5, 6), sex="male"),
                  "hukou_type": "农业户口", "phone": "13800138000"}
        values.update(overrides)
        return PersonIn(**values)
    return make
