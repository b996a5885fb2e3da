"""Administrators edit rule parameters in the admin; saving records an event and recomputes the
people the row covers; other people cannot reach the page."""

import pytest
from django.urls import reverse

from guanai.audit.models import Event
from guanai.people.models import RuleParameter

pytestmark = pytest.mark.django_db
URL = reverse("admin:people_ruleparameter_add")


def test_administrator_adds_a_parameter(client, administrator, monkeypatch, django_capture_on_commit_callbacks):
    recomputed = []
    monkeypatch.setattr("guanai.people.admin.categories_recompute_area", recomputed.append)
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"key": "elder_min_months_away", "value": "12", "area": "610330",
                                     "effective_from": "2026-01-01", "source": "凤县民政局〔2025〕8号"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = RuleParameter.objects.get()
    assert (row.area_id, row.value) == ("610330", 12)
    assert Event.objects.filter(verb="rule_parameter_saved", area_code="610330").exists()
    assert recomputed == ["610330"]


def test_a_bad_value_is_refused_with_a_message(client, administrator):
    client.force_login(administrator)
    response = client.post(URL, {"key": "elder_min_months_away", "value": '"twelve"',
                                 "effective_from": "2026-01-01", "source": "x"})
    assert response.status_code == 200
    assert "取值类型应与默认值" in response.content.decode()
    assert not RuleParameter.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "director"])
def test_staff_without_admin_rights_cannot_reach_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 302
