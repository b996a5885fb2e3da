import pytest
from django.urls import reverse

from guanai.conftest import LONGKOU
from guanai.people.models import Category, CategorySpell, Relationship, RelationshipKind, SpellSource
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory, RelationshipFactory


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["director", "supervisor"])
def test_add_a_relative_found_by_search(login, child, persona, request):
    mother = PersonFactory(name="李秀英", birth_date="1988-03-01")
    client = login(request.getfixturevalue(persona))
    url = reverse("people:relationship_add", args=[child.pk])
    page = client.get(url, {"q": "lxy"})
    assert [c.name for c in page.context["candidates"]] == ["李秀英"]
    response = client.post(url, {"relative": mother.pk, "kind": RelationshipKind.PARENT, "started_on": ""})
    assert response.status_code == 302
    assert Relationship.objects.filter(person=child, relative=mother, kind=RelationshipKind.PARENT).exists()


@pytest.mark.django_db
def test_adding_the_same_relationship_twice_shows_the_services_error(login, child, director):
    mother = PersonFactory(name="李秀英")
    RelationshipFactory(person=child, relative=mother, kind=RelationshipKind.PARENT)
    response = login(director).post(reverse("people:relationship_add", args=[child.pk]),
                                    {"relative": mother.pk, "kind": RelationshipKind.PARENT})
    assert response.status_code == 200
    assert "该关系已存在" in response.content.decode()


@pytest.mark.django_db
def test_relative_outside_scope_cannot_be_added_or_found(login, child, director):
    stranger = PersonFactory(name="李秀英", area_id=LONGKOU)
    client = login(director)
    url = reverse("people:relationship_add", args=[child.pk])
    assert client.get(url, {"q": "lxy"}).context["candidates"] == []
    assert client.post(url, {"relative": stranger.pk, "kind": "parent"}).status_code == 404
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_end_a_relationship(login, child, director):
    relation = RelationshipFactory(person=child, kind=RelationshipKind.ENTRUSTED_CARER)
    url = reverse("people:relationship_end", args=[child.pk, relation.pk])
    client = login(director)
    assert client.get(url).status_code == 200
    assert client.post(url, {"ended_on": "2026-11-01"}).status_code == 302
    relation.refresh_from_db()
    assert str(relation.ended_on) == "2026-11-01"


@pytest.mark.django_db
def test_relationship_pages_outside_scope_are_404(login, child, outsider):
    relation = RelationshipFactory(person=child)
    client = login(outsider)
    assert client.get(reverse("people:relationship_add", args=[child.pk])).status_code == 404
    assert client.post(reverse("people:relationship_end", args=[child.pk, relation.pk]),
                       {"ended_on": "2026-11-01"}).status_code == 404
    relation.refresh_from_db()
    assert relation.ended_on is None


@pytest.mark.django_db
def test_manual_category_needs_a_reason_and_can_be_ended_with_one(login, child, director):
    client = login(director)
    add = reverse("people:category_add", args=[child.pk])
    missing = client.post(add, {"category": Category.CHILD_IN_DIFFICULTY, "started_on": "2026-11-01", "reason": ""})
    assert "reason" in missing.context["form"].errors
    assert client.post(add, {"category": Category.CHILD_IN_DIFFICULTY, "started_on": "2026-11-01",
                             "reason": "家庭突发重大变故，经村委会核实"}).status_code == 302
    spell = CategorySpell.objects.get(person=child, category=Category.CHILD_IN_DIFFICULTY)
    assert spell.source == SpellSource.MANUAL and spell.created_by == director
    end = reverse("people:category_end", args=[child.pk, spell.pk])
    assert "reason" in client.post(end, {"ended_on": "2026-11-20", "reason": ""}).context["form"].errors
    assert client.post(end, {"ended_on": "2026-11-20", "reason": "困难已解决"}).status_code == 302
    spell.refresh_from_db()
    assert spell.end_reason == "困难已解决"


@pytest.mark.django_db
def test_a_rule_spell_cannot_be_ended_by_hand(login, child, director):
    spell = CategorySpell.objects.get(person=child)
    assert login(director).get(reverse("people:category_end", args=[child.pk, spell.pk])).status_code == 404


@pytest.mark.django_db
def test_category_pages_outside_scope_are_404(login, child, outsider):
    spell = CategorySpellFactory(person=child, category=Category.ORPHAN, source=SpellSource.MANUAL)
    client = login(outsider)
    assert client.post(reverse("people:category_add", args=[child.pk]),
                       {"category": "orphan", "started_on": "2026-11-01", "reason": "x"}).status_code == 404
    assert client.post(reverse("people:category_end", args=[child.pk, spell.pk]),
                       {"ended_on": "2026-11-20", "reason": "x"}).status_code == 404
