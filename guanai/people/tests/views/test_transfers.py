import datetime

import pytest
from django.urls import reverse

from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.models import Person, TransferRequest, TransferStatus
from guanai.people.tests.factories import PersonFactory, id_number_make

NUMBER = id_number_make(birth_date=datetime.date(1948, 8, 8), sex="male", sequence=88)


@pytest.fixture
def requested(login, outsider):
    """新民街 holds 曾老汉; 龙口's director registers the same ID number, raising a transfer request."""
    holder = PersonFactory(name="曾老汉", id_number=NUMBER)
    login(outsider).post(reverse("people:create"), {"name": "曾老汉", "id_number": NUMBER, "area_code": LONGKOU})
    return TransferRequest.objects.get(person=holder)


@pytest.mark.django_db
def test_holder_accepts_and_the_person_moves(login, requested, director, outsider):
    client = login(director)
    page = client.get(reverse("people:transfer_list"))
    incoming = page.context["boxes"][0]["rows"]
    assert incoming == [requested] and "曾老汉" in page.content.decode()
    assert client.get(reverse("people:list")).context["pending_transfers"] == 1
    assert client.post(reverse("people:transfer_decide", args=[requested.pk]), {"accept": "1"}).status_code == 302
    requested.refresh_from_db()
    assert requested.status == TransferStatus.ACCEPTED
    assert Person.objects.get(pk=requested.person_id).area_id == LONGKOU
    assert "曾老汉" in login(outsider).get(reverse("people:list")).content.decode()


@pytest.mark.django_db
def test_only_the_holder_has_the_request_to_answer(login, requested, director, outsider):
    assert login(director).get(reverse("people:list")).context["pending_transfers"] == 1
    assert login(outsider).get(reverse("people:list")).context["pending_transfers"] == 0  # theirs to wait for


@pytest.mark.django_db
def test_holder_refuses_and_the_person_stays(login, requested, supervisor):
    login(supervisor).post(reverse("people:transfer_decide", args=[requested.pk]), {"accept": "0"})
    requested.refresh_from_db()
    assert requested.status == TransferStatus.REFUSED
    assert Person.objects.get(pk=requested.person_id).area_id == XINMINJIE


@pytest.mark.django_db
def test_requester_sees_its_request_but_not_the_name_and_cannot_decide(login, requested, outsider):
    client = login(outsider)
    page = client.get(reverse("people:transfer_list"))
    assert page.context["boxes"][1]["rows"] == [requested]
    assert "曾老汉" not in page.content.decode()
    assert client.post(reverse("people:transfer_decide", args=[requested.pk]), {"accept": "1"}).status_code == 404
    requested.refresh_from_db()
    assert requested.status == TransferStatus.PENDING


@pytest.mark.django_db
def test_decide_needs_post(login, requested, director):
    assert login(director).get(reverse("people:transfer_decide", args=[requested.pk])).status_code == 405
