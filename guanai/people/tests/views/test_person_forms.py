import datetime

import pytest
from django.urls import reverse

from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.models import Person, TransferRequest
from guanai.people.tests.factories import PersonFactory, id_number_make

CREATE = reverse("people:create")
NEW_ID = id_number_make(birth_date=datetime.date(1950, 2, 3), sex="female", sequence=77)


def _form(**overrides):
    data = {"name": "曾桂兰", "id_number": NEW_ID, "area_code": XINMINJIE, "phone": "13912345678",
            "hukou_type": "rural", "living_arrangement": "alone", "address": "新民街9号"}
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_create_fills_birth_date_and_sex_from_the_id_number(login, persona, request):
    response = login(request.getfixturevalue(persona)).post(CREATE, _form())
    person = Person.objects.get(name="曾桂兰")
    assert response.status_code == 302 and response.url == reverse("people:detail", args=[person.pk])
    assert person.birth_date == datetime.date(1950, 2, 3) and person.sex == "female"
    assert person.id_number_masked == NEW_ID[:4] + "*" * 10 + NEW_ID[-4:]


@pytest.mark.django_db
def test_form_is_grouped_and_offers_only_villages_in_scope(login, supervisor):
    response = login(supervisor).get(CREATE)
    assert response.status_code == 200
    codes = [code for code, _label in response.context["form"].fields["area_code"].choices]
    assert XINMINJIE in codes and LONGKOU not in codes
    body = response.content.decode()
    for group in ("身份", "居住", "外出务工", "健康与残疾", "限制人身自由/失联", "救助"):
        assert group in body


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), [
    ("id_number", NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"), "校验位错误"),
    ("id_number", "6.10330E+17", "科学计数法"),
    ("phone", "12345", "不是有效电话"),
    ("name", "", "这个字段是必填项"),
    ("away_since", "2999-01-01", "在今天之后"),
])
def test_errors_are_shown_on_their_field_in_chinese(login, director, field, value, message):
    response = login(director).post(CREATE, _form(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_sex_and_birth_date_required_without_an_id_number(login, director):
    response = login(director).post(CREATE, _form(id_number=""))
    errors = response.context["form"].errors
    assert "sex" in errors and "birth_date" in errors


@pytest.mark.django_db
def test_outsider_cannot_create_in_another_village(login, outsider):
    response = login(outsider).post(CREATE, _form())
    assert response.status_code == 200
    assert "area_code" in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_in_another_area_shows_the_transfer_request(login, outsider, director):
    holder = PersonFactory(name="曾桂兰", id_number=NEW_ID)  # in 新民街
    response = login(outsider).post(CREATE, _form(area_code=LONGKOU))
    assert response.status_code == 200
    transfer = TransferRequest.objects.get(person=holder)
    assert response.context["transfer"] == transfer
    body = response.content.decode()
    assert "迁移申请" in body and transfer.from_area.name in body
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_id_in_scope_points_to_the_existing_record(login, director):
    holder = PersonFactory(name="曾桂兰", id_number=NEW_ID)
    response = login(director).post(CREATE, _form())
    assert response.context["existing"] == holder
    assert reverse("people:detail", args=[holder.pk]) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_edit_changes_facts_and_keeps_the_id_number(login, child, persona, request):
    client = login(request.getfixturevalue(persona))
    url = reverse("people:edit", args=[child.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(phone="13700001111", is_migrant_worker="", id_number="")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    child.refresh_from_db()
    assert child.phone == "13700001111" and child.id_number_masked


@pytest.mark.django_db
def test_edit_outside_scope_is_404(login, child, outsider):
    client = login(outsider)
    url = reverse("people:edit", args=[child.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(area_code=LONGKOU)).status_code == 404


@pytest.mark.django_db
def test_a_role_without_edit_capability_gets_403(login, child, analyst):
    assert login(analyst).get(CREATE).status_code == 403


@pytest.mark.django_db
def test_every_error_is_shown_at_once(login, director):
    response = login(director).post(CREATE, _form(name="", id_number=NEW_ID[:17], phone="12345"))
    errors = response.context["form"].errors
    assert {"name", "id_number", "phone"} <= set(errors), errors
    assert "应为18位" in " ".join(errors["id_number"])
