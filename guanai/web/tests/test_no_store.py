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
