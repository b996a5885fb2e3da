import datetime

import pytest
from django.urls import reverse

from guanai.audit.models import AccessAction, AccessLog
from guanai.people.tests.factories import (
    CategorySpellFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TransferRequestFactory,
    id_number_make,
)


@pytest.fixture
def number():
    return id_number_make(birth_date=datetime.date(1950, 2, 3))


def test_admin_pages_show_masked_numbers_only(client, administrator, number):
    person = PersonFactory(id_number=number)
    HouseholdFactory()
    RelationshipFactory(person=person)
    CategorySpellFactory(person=person)
    TransferRequestFactory(person=person)
    client.force_login(administrator)
    for model in ("person", "household", "relationship", "categoryspell", "transferrequest"):
        response = client.get(reverse(f"admin:people_{model}_changelist"))
        assert response.status_code == 200, model
        assert number not in response.content.decode()
    page = client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert person.id_number_masked in page and number not in page
    assert client.get(reverse("admin:people_person_history", args=[person.pk])).status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.VIEW, object_id=str(person.pk), reason="admin").exists()


def test_admin_is_read_only(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:people_person_add")).status_code == 403
