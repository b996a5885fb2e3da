"""Editing an indicator's definition through its form: saving makes a new version and never overwrites
one; bad definitions are refused with the field named and nothing changed; the store recounts the
indicator with the version in force."""

import json

import pytest
from django.utils import timezone

from guanai.conftest import FENGXIAN, XINMINJIE
from guanai.reports.models import Indicator, IndicatorValue
from guanai.reports.services import store_refresh_full, store_refresh_incremental

URL = "/reports/indicator/left_behind_child/edit/"

pytestmark = pytest.mark.usefixtures("indicators_present")  # a --reuse-db run after a browser test


def form_data(**changes) -> dict:
    current = Indicator.objects.get(code="left_behind_child", is_current=True)
    data = {"name": current.name, "description": current.description, "measure": current.measure,
            "filters": json.dumps(current.filters), "denominator_measure": current.denominator_measure,
            "denominator_filters": json.dumps(current.denominator_filters), "unit": current.unit,
            "period_types": current.period_types.split(","), "section": current.section, "order": current.order}
    return data | changes


def value(area: str) -> int:
    row = IndicatorValue.objects.filter(indicator_code="left_behind_child", area_code=area,
                                        period=f"{timezone.localdate():%Y-%m}").first()
    return row.numerator if row else 0


@pytest.mark.django_db
def test_saving_makes_a_new_version_and_the_store_counts_with_it(client, analyst, children):
    from guanai.people.tests.factories import CategorySpellFactory, PersonFactory

    CategorySpellFactory(person=PersonFactory(area_id=XINMINJIE), category="orphan", started_on=children[0].started_on)
    store_refresh_full(area_code=FENGXIAN, year=timezone.localdate().year)
    assert value(XINMINJIE) == 3
    client.force_login(analyst)
    assert "保存为新版本" in client.get(URL).content.decode()
    response = client.post(URL, form_data(name="孤儿数(试)", filters='{"category": "orphan"}'))
    assert response.status_code == 302
    versions = list(Indicator.objects.filter(code="left_behind_child").order_by("version"))
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].filters == {"category": "left_behind_child"}  # the old version is kept as it was
    assert versions[1].filters == {"category": "orphan"} and versions[1].created_by == analyst
    store_refresh_incremental()
    assert value(XINMINJIE) == 1  # recounted with the version in force: the one orphan
    assert value(FENGXIAN) == 1


@pytest.mark.django_db
def test_a_filter_the_measure_does_not_know_is_refused_and_nothing_changes(client, analyst):
    client.force_login(analyst)
    response = client.post(URL, form_data(filters='{"category": "no_such_category"}'))
    assert response.status_code == 200
    assert "no_such_category" in response.content.decode()
    response = client.post(URL, form_data(filters='{"programme": "orphan_allowance"}'))
    assert "programme" in response.content.decode()
    response = client.post(URL, form_data(filters="{not json"))
    assert "JSON" in response.content.decode()
    response = client.post(URL, form_data(unit="ratio"))
    assert "分母" in response.content.decode()
    assert Indicator.objects.filter(code="left_behind_child").count() == 1


@pytest.mark.django_db
def test_saving_without_a_change_makes_no_version(client, analyst):
    client.force_login(analyst)
    response = client.post(URL, form_data())
    assert "没有修改" in response.content.decode()
    assert Indicator.objects.filter(code="left_behind_child").count() == 1


@pytest.mark.django_db
def test_roles_without_the_capability_cannot_edit(client, county, director):
    for user in (county, director):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, form_data(name="x")).status_code == 403
    assert Indicator.objects.filter(code="left_behind_child").count() == 1
