import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guanai.audit.models import AccessAction, AccessLog
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.models import Category, Person, TransferRequest
from guanai.people.tests.factories import CategorySpellFactory, HouseholdFactory, PersonFactory, id_number_make

BASE = "/api/v1/people/"
CHILD_ID = id_number_make(birth_date=datetime.date(2015, 3, 9), sex="male", sequence=321)
NEW_ID = id_number_make(birth_date=datetime.date(1950, 2, 3), sex="female", sequence=77)


@pytest.fixture
def api(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


@pytest.fixture
def child(db):
    person = PersonFactory(name="单小明", id_number=CHILD_ID, phone="13800138000", risk_level="medium")
    CategorySpellFactory(person=person, category=Category.LEFT_BEHIND_CHILD)
    return person


def _body(**overrides):
    data = {"area_code": XINMINJIE, "name": "曾桂兰", "id_number": NEW_ID, "phone": "13912345678",
            "hukou_type": "农业户口", "living_arrangement": "alone"}
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_list_and_get_in_scope(api, child, persona, request):
    client = api(request.getfixturevalue(persona))
    listed = client.get(BASE).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "单小明"
    assert listed["items"][0]["categories"] == ["left_behind_child"]
    got = client.get(f"{BASE}{child.pk}").json()
    assert got["id_number_masked"] == child.id_number_masked and "新民街社区" in got["area_name"]
    assert CHILD_ID not in str(listed) + str(got)
    assert AccessLog.objects.filter(action=AccessAction.VIEW, object_id=str(child.pk)).count() == 1


@pytest.mark.django_db
def test_outsider_gets_nothing(api, child, outsider):
    client = api(outsider)
    assert client.get(BASE).json()["count"] == 0
    response = client.get(f"{BASE}{child.pk}")
    assert response.status_code == 404 and "单小明" not in response.content.decode()
    assert client.get(f"{BASE}search", {"q": "sxm"}).json() == []
    assert client.put(f"{BASE}{child.pk}", _body(area_code=LONGKOU, id_number=None, sex="male",
                                                 birth_date="2015-03-09"),
                      content_type="application/json").status_code == 404
    assert Person.objects.get(pk=child.pk).name == "单小明"


@pytest.mark.django_db
def test_anonymous_is_refused(client, child):
    assert client.get(BASE).status_code == 401


@pytest.mark.django_db
def test_list_filters(api, child, director):
    PersonFactory(name="王建国", sex="male", birth_date="1950-01-01", risk_level="high")
    client = api(director)
    assert [p["name"] for p in client.get(BASE, {"category": "left_behind_child"}).json()["items"]] == ["单小明"]
    assert [p["name"] for p in client.get(BASE, {"min_age": 60}).json()["items"]] == ["王建国"]
    assert [p["name"] for p in client.get(BASE, {"risk_level": "high"}).json()["items"]] == ["王建国"]
    assert [p["name"] for p in client.get(BASE, {"q": "sxm"}).json()["items"]] == ["单小明"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["sxm", "dxm", "shanxiaoming", CHILD_ID, "13800138000", "小明"])
def test_search(api, child, director, q):
    assert [p["name"] for p in api(director).get(f"{BASE}search", {"q": q}).json()] == ["单小明"]


@pytest.mark.django_db
def test_create_and_update(api, director):
    client = api(director)
    created = client.post(BASE, _body(), content_type="application/json")
    assert created.status_code == 201, created.content
    person = created.json()
    assert person["birth_date"] == "1950-02-03" and person["sex"] == "female"
    updated = client.put(f"{BASE}{person['id']}", _body(phone="0917-4567890"),
                         content_type="application/json")
    assert updated.status_code == 200 and updated.json()["phone"] == "0917-4567890"


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"), "校验位错误"),
    ("phone", "12345", "不是有效电话"),
    ("hukou_type", "外星", "不是可选值"),
])
def test_validation_errors_name_the_field(api, director, field, value, message):
    response = api(director).post(BASE, _body(**{field: value}), content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == field and message in e["msg"] for e in errors), errors
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_create_outside_scope_is_refused(api, outsider):
    response = api(outsider).post(BASE, _body(), content_type="application/json")
    assert response.status_code == 403
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_duplicate_elsewhere_is_409_with_the_transfer(api, outsider):
    holder = PersonFactory(name="曾桂兰", id_number=NEW_ID)
    response = api(outsider).post(BASE, _body(area_code=LONGKOU), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["transfer_id"] == TransferRequest.objects.get(person=holder).pk
    assert "曾桂兰" not in response.content.decode()


@pytest.mark.django_db
def test_duplicate_in_scope_is_409_with_the_person(api, director):
    holder = PersonFactory(name="曾桂兰", id_number=NEW_ID)
    response = api(director).post(BASE, _body(), content_type="application/json")
    assert response.status_code == 409 and response.json()["person_id"] == holder.pk


@pytest.mark.django_db
def test_read_only_role_cannot_write(api, analyst):
    assert api(analyst).post(BASE, _body(), content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_households(api, child, director, outsider):
    household = HouseholdFactory(address="新民街12号")
    Person.objects.filter(pk=child.pk).update(household=household)
    client = api(director)
    got = client.get(f"{BASE}households/{household.pk}").json()
    assert got["members"] == [{"id": child.pk, "name": "单小明"}]
    created = client.post(f"{BASE}households/", {"area_code": XINMINJIE, "address": "新民街1号"},
                          content_type="application/json")
    assert created.status_code == 201
    updated = client.put(f"{BASE}households/{household.pk}", {"area_code": XINMINJIE, "address": "新民街13号",
                                                               "head_id": child.pk},
                         content_type="application/json")
    assert updated.status_code == 200 and updated.json()["head_id"] == child.pk
    stranger = api(outsider)
    response = stranger.get(f"{BASE}households/{household.pk}")
    assert response.status_code == 404 and "新民街" not in response.content.decode()
    assert stranger.put(f"{BASE}households/{household.pk}", {"area_code": LONGKOU},
                        content_type="application/json").status_code == 404


@pytest.mark.django_db
def test_list_query_count_does_not_grow(api, director, django_assert_num_queries):
    client = api(director)
    for _ in range(3):
        CategorySpellFactory(person=PersonFactory(), category=Category.ORPHAN)
    client.get(BASE)
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    for _ in range(20):
        CategorySpellFactory(person=PersonFactory(), category=Category.ORPHAN)
    with django_assert_num_queries(len(few)):
        assert client.get(BASE).json()["count"] == 23


@pytest.mark.django_db
def test_service_errors_are_422_naming_the_field(api, child, director, outsider):
    elsewhere = PersonFactory(area_id=LONGKOU)
    response = api(director).post(f"{BASE}households/", {"area_code": XINMINJIE, "head_id": elsewhere.pk},
                                  content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "head_id"
