import pytest

from guanai.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_person_page_offers_visit_report_and_benefit_actions(client, director):
    person = PersonFactory()
    client.force_login(director)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert f"/visits/person/{person.pk}/new/" in html
    assert f"/cases/report/?person={person.pk}" in html
    assert f"/benefits/enrollments/apply/?person={person.pk}" in html


def test_actions_follow_the_role(client, analyst):
    person = PersonFactory(area_id="532501001001")
    client.force_login(analyst)
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "/visits/person/" not in html and "/cases/report/" not in html
