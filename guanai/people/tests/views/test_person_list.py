import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanai.conftest import LONGKOU
from guanai.people import search
from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.people.tests.views.conftest import CHILD_ID

URL = reverse("people:list")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor", "county"])
def test_people_in_scope_are_listed_with_masked_id_numbers(login, child, persona, request):
    response = login(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "单小明" in body
    assert child.id_number_masked in body
    assert CHILD_ID not in body
    assert "农村留守儿童" in body  # category chip and tag


@pytest.mark.django_db
def test_outsider_sees_nothing_of_another_village(login, child, outsider):
    response = login(outsider).get(URL, {"q": "sxm"})
    assert response.status_code == 200
    assert "单小明" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0


@pytest.mark.django_db
def test_outsider_cannot_pick_another_villages_area_filter(login, child, outsider):
    response = login(outsider).get(URL, {"area": child.area_id})
    assert "单小明" not in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["sxm", "dxm", "shanxiao", "单小", CHILD_ID, CHILD_ID.lower(), "13800138000"])
def test_search_box_finds_by_pinyin_id_number_and_phone(login, child, director, q):
    PersonFactory(name="王建国")
    response = login(director).get(URL, {"q": q})
    names = [p.name for p in response.context["page_obj"].object_list]
    assert names == ["单小明"]


@pytest.mark.django_db
def test_filters_category_sex_age_and_risk(login, child, director):
    PersonFactory(name="王建国", sex="male", birth_date="1950-01-01", risk_level="high")
    client = login(director)
    assert _names(client, category=Category.LEFT_BEHIND_CHILD) == ["单小明"]
    assert _names(client, age="6-15") == ["单小明"]
    assert _names(client, age="60-79") == ["王建国"]
    assert _names(client, risk_level="high") == ["王建国"]
    assert _names(client, sex="male", age="80-") == []


@pytest.mark.django_db
def test_category_chips_count_open_spells_in_scope(login, child, director):
    other = PersonFactory(area_id=LONGKOU)
    CategorySpellFactory(person=other, category=Category.LEFT_BEHIND_CHILD)
    chips = login(director).get(URL).context["category_chips"]
    assert [(c["key"], c["count"]) for c in chips] == [(Category.LEFT_BEHIND_CHILD, "1")]


@pytest.mark.django_db
def test_invalid_filter_values_are_ignored(login, child, director):
    response = login(director).get(URL, {"age": "nonsense", "category": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "单小明" in body  # the nonsense filters are dropped, so the list is the whole list
    assert child.id_number_masked in body


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_people(login, director, django_assert_num_queries):
    client = login(director)
    _people(3)
    client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    _people(20)
    with django_assert_num_queries(len(few)):
        response = client.get(URL)
    assert len(response.context["page_obj"].object_list) == 23


def _people(n):
    for _ in range(n):
        CategorySpellFactory(person=PersonFactory(), category=Category.ORPHAN)


def _names(client, **params):
    return sorted(p.name for p in client.get(URL, params).context["page_obj"].object_list)


@pytest.mark.django_db
def test_export_link_carries_the_filters(login, child, director):
    response = login(director).get(URL, {"category": Category.LEFT_BEHIND_CHILD, "age": "6-15", "q": "sxm"})
    export = response.context["export_url"]
    assert export.startswith(reverse("exchange:people_export"))
    for part in ("category=left_behind_child", "min_age=6", "max_age=15", "q=sxm"):
        assert part in export
    assert login(director).get(export).status_code == 200


@pytest.mark.django_db
def test_no_export_link_for_a_role_without_export(login, child):
    from guanai.accounts.roles import Role
    from guanai.accounts.tests.factories import UserFactory

    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id=child.area_id)
    response = login(worker).get(URL)
    assert response.context["export_url"] is None


@pytest.mark.django_db
def test_counts_past_the_cap_say_plus_and_how_to_narrow(login, child, director, monkeypatch):
    monkeypatch.setattr(search, "LIST_COUNT_CAP", 1)
    monkeypatch.setattr(search, "SEARCH_CAP", 1)
    PersonFactory(name="单大明")
    client = login(director)
    body = client.get(URL).content.decode()
    assert "共 1+ 人" in body
    assert "人数多时不逐一清点" in body
    response = client.get(URL, {"q": "s"})
    body = response.content.decode()
    assert "共 1+ 人" in body
    assert "只列出前 1 人" in body
    assert [p.name for p in response.context["page_obj"].object_list] == ["单大明"]  # shandaming < shanxiaoming
    exact = client.get(URL, {"q": "sxm"}).content.decode()
    assert "共 1 人" in exact
    assert "只列出前" not in exact
