"""Workforce pages and API as the county, the owner village and the outsider; appointing and ending."""

import datetime

import pytest
from django.urls import reverse

from guanai.accounts.scoping import scope_for
from guanai.workforce import services
from guanai.workforce.schemas import TenureIn
from guanai.workforce.tests.factories import PostFactory, TenureFactory


@pytest.fixture
def tenure(db):
    return TenureFactory(name="王主任", phone="13912345678")


def test_owner_and_county_see_the_holder_outsider_does_not(client, tenure, director, county, outsider):
    for user in (director, county):
        client.force_login(user)
        assert "王主任" in client.get(reverse("workforce:list")).content.decode()
    client.force_login(outsider)
    assert "王主任" not in client.get(reverse("workforce:list")).content.decode()
    assert client.get(reverse("workforce:detail", args=[tenure.post_id])).status_code == 404
    assert client.get(f"/api/v1/workforce/posts/{tenure.post_id}/holders").status_code == 404


def test_county_appoints_through_the_page_and_a_second_holder_is_refused(client, county):
    post = PostFactory()
    client.force_login(county)
    url = reverse("workforce:detail", args=[post.pk])
    client.post(url, {"name": "李四", "phone": "13700000000", "started_on": "2024-01-02"})
    assert post.tenures.get().name == "李四"
    with pytest.raises(services.PostOccupied):
        services.holder_appoint(actor=county, scope=scope_for(county), post=post,
                                data=TenureIn(name="张三", started_on=datetime.date(2024, 2, 1)))


def test_director_cannot_appoint(client, director):
    post = PostFactory()
    client.force_login(director)
    assert client.post(reverse("workforce:detail", args=[post.pk]), {"name": "x", "started_on": "2024-01-02"}
                       ).status_code == 403


def test_ending_a_tenure_makes_the_post_vacant(client, tenure, county):
    client.force_login(county)
    client.post(reverse("workforce:tenure_end", args=[tenure.pk]), {"ended_on": "2024-02-01", "reason": "调动"})
    tenure.refresh_from_db()
    assert tenure.ended_on == datetime.date(2024, 2, 1)
    assert "空岗" in client.get(reverse("workforce:vacancies")).content.decode()


def test_api_coverage(client, tenure, county):
    client.force_login(county)
    assert client.get("/api/v1/workforce/coverage").json()["villages_with_director"] == 1
