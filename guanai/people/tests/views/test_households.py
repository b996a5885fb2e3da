import pytest
from django.urls import reverse

from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.models import Household
from guanai.people.tests.factories import HouseholdFactory, PersonFactory


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_create_a_household_with_a_head(login, child, persona, request):
    client = login(request.getfixturevalue(persona))
    url = reverse("people:household_create")
    form = client.get(url, {"head": child.pk}).context["form"]
    assert form.initial["head_id"] == child.pk
    response = client.post(f"{url}?head={child.pk}", {"area_code": XINMINJIE, "address": "新民街7号",
                                                     "hukou_type": "rural", "head_id": child.pk})
    household = Household.objects.get()
    assert response.status_code == 302 and household.head == child
    child.refresh_from_db()
    assert child.household == household


@pytest.mark.django_db
def test_household_page_edit_and_member_add(login, child, director):
    household = HouseholdFactory(address="新民街12号")
    client = login(director)
    detail = reverse("people:household_detail", args=[household.pk])
    assert "新民街12号" in client.get(detail).content.decode()
    assert [p.name for p in client.get(detail, {"q": "sxm"}).context["candidates"]] == ["单小明"]
    assert client.post(reverse("people:household_member_add", args=[household.pk]),
                       {"person": child.pk}).status_code == 302
    child.refresh_from_db()
    assert child.household == household
    edit = reverse("people:household_edit", args=[household.pk])
    response = client.post(edit, {"area_code": XINMINJIE, "address": "新民街13号", "hukou_type": "urban",
                                  "head_id": child.pk})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.address == "新民街13号" and household.head == child


@pytest.mark.django_db
def test_household_pages_outside_scope_are_404(login, child, outsider):
    household = HouseholdFactory(address="新民街12号")
    client = login(outsider)
    for name in ("people:household_detail", "people:household_edit"):
        response = client.get(reverse(name, args=[household.pk]))
        assert response.status_code == 404 and "新民街12号" not in response.content.decode()
    assert client.post(reverse("people:household_member_add", args=[household.pk]),
                       {"person": PersonFactory(area_id=LONGKOU).pk}).status_code == 404
    assert client.get(reverse("people:household_create"), {"head": child.pk}).status_code == 404
