"""Pages, API answers and downloads with personal data are never stored by a browser or a proxy."""

import pytest
from django.urls import reverse

from guanai.conftest import XINMINJIE
from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_pages_api_and_downloads_say_no_store(client, director):
    person = PersonFactory(area_id=XINMINJIE)
    client.force_login(director)
    for url in [reverse("home"), reverse("people:detail", args=[person.pk]), f"/api/v1/people/{person.pk}",
                reverse("exchange:people_export") + "?format=csv"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    client.logout()
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


def test_a_nul_character_is_a_400_on_pages_and_the_api(client, director):
    client.force_login(director)
    assert client.get(reverse("people:list"), {"q": "王\x00"}).status_code == 400
    answer = client.get("/api/v1/people/search", {"q": "\x00"})
    assert answer.status_code == 400 and "NUL" in answer.json()["detail"]
    body = client.post("/api/v1/people/", '{"name": "\\u0000"}', content_type="application/json")
    assert body.status_code == 400
