import pytest
from django.urls import reverse

from guanai.accounts.roles import Role
from guanai.accounts.tests.factories import UserFactory
from guanai.audit.models import AccessAction, AccessLog
from guanai.conftest import LONGKOU, XINMINJIE
from guanai.people.models import Category, RelationshipKind, SpellSource
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory, RelationshipFactory
from guanai.people.tests.views.conftest import CHILD_ID


def _url(person):
    return reverse("people:detail", args=[person.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_person_page_shows_facts_categories_relations_and_timeline(login, child, persona, request):
    mother = PersonFactory(name="李秀英", is_migrant_worker=True, away_place="广东东莞", birth_date="1988-03-01")
    RelationshipFactory(person=child, relative=mother, kind=RelationshipKind.PARENT)
    response = login(request.getfixturevalue(persona)).get(_url(child))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("单小明", child.id_number_masked, "农村留守儿童", "父母均外出务工", "李秀英", "广东东莞",
                 "中风险", "新民街7号", "身份", "居住", "时间线"):
        assert text in body, text
    assert CHILD_ID not in body
    mother_page = login(request.getfixturevalue(persona)).get(_url(mother)).content.decode()
    assert "子女" in mother_page and "单小明" in mother_page


@pytest.mark.django_db
def test_every_view_of_a_person_is_logged(login, child, director):
    login(director).get(_url(child))
    log = AccessLog.objects.get(action=AccessAction.VIEW, object_id=str(child.pk))
    assert log.user == director and log.area_code == XINMINJIE


@pytest.mark.django_db
def test_outsider_gets_404_and_never_the_name(login, child, outsider):
    response = login(outsider).get(_url(child))
    assert response.status_code == 404
    assert "单小明" not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.VIEW).exists()


@pytest.mark.django_db
def test_relative_outside_the_scope_is_not_named(login, child, director):
    father = PersonFactory(name="外村父亲", area_id=LONGKOU)
    RelationshipFactory(person=child, relative=father, kind=RelationshipKind.PARENT)
    body = login(director).get(_url(child)).content.decode()
    assert "外村父亲" not in body
    assert "辖区外人员" in body


@pytest.mark.django_db
def test_closed_spells_show_with_their_end_reason(login, child, director):
    CategorySpellFactory(person=child, category=Category.ORPHAN, started_on="2020-01-01", ended_on="2021-01-01",
                         end_reason="父亲回家", source=SpellSource.MANUAL)
    body = login(director).get(_url(child)).content.decode()
    assert "父亲回家" in body and "人工认定" in body


@pytest.mark.django_db
def test_reveal_shows_the_whole_number_and_is_logged(login, child, director):
    url = reverse("people:id_number_reveal", args=[child.pk])
    asked = login(director).post(url, HTTP_HX_REQUEST="true")  # no purpose: asked again, nothing shown
    assert asked.status_code == 200 and CHILD_ID not in asked.content.decode()
    assert 'name="purpose"' in asked.content.decode()
    response = login(director).post(url, {"purpose": "case_handling"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert CHILD_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AccessLog.objects.filter(action=AccessAction.UNMASK, object_id=str(child.pk), user=director).count() == 1
    page = login(director).post(url, {"purpose": "case_handling"})
    assert CHILD_ID in page.content.decode() and "访问日志" in page.content.decode()


@pytest.mark.django_db
def test_reveal_needs_post(login, child, director):
    assert login(director).get(reverse("people:id_number_reveal", args=[child.pk])).status_code == 405


@pytest.mark.django_db
def test_reveal_refused_to_a_role_without_the_capability(login, child):
    worker = UserFactory(role=Role.SOCIAL_WORKER, area_id=XINMINJIE)
    client = login(worker)
    assert "显示完整号码" not in client.get(_url(child)).content.decode()
    response = client.post(reverse("people:id_number_reveal", args=[child.pk]))
    assert response.status_code == 403
    assert CHILD_ID not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()


@pytest.mark.django_db
def test_reveal_outside_scope_is_404(login, child, outsider):
    response = login(outsider).post(reverse("people:id_number_reveal", args=[child.pk]))
    assert response.status_code == 404
    assert CHILD_ID not in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.UNMASK).exists()
