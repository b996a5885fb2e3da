"""Allocation plans from the records: values per sub-area, versions, lock, compare, export; scope."""

import datetime
import io

import pytest
import python_calamine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from guanai.accounts.scoping import scope_for
from guanai.facilities.models import Rating
from guanai.facilities.tests.factories import LONGKOU, XINMINJIE, FacilityFactory, kind, ningde_scheme
from guanai.funds import selectors, services
from guanai.funds.models import PlanLocked
from guanai.funds.schemas import PlanIn, ProgressIn, ProjectIn


def _plan(user, **weights):
    return services.plan_compute(actor=user, scope=scope_for(user), data=PlanIn(
        area_code="610330", name="2024年儿童之家运行经费", year=2024, total_fen=1_000_001,
        weights=weights or {"children_homes": 1}, data_on=datetime.date(2024, 6, 1)))


def test_values_come_from_the_records_and_shares_sum_to_the_total(county):
    FacilityFactory(kind_id="children_home", area_id="610330100007")  # 双石铺镇
    FacilityFactory(kind_id="children_home", area_id="610330100001")
    FacilityFactory(kind_id="children_home", area_id="610330101003")  # 凤州镇
    plan = _plan(county)
    shares = {s.area_id: s for s in selectors.share_list(plan=plan)}
    assert len(shares) == 9  # the nine towns; the forestry units are not sub-areas
    assert shares["610330100"].values == {"children_homes": 2} and shares["610330101"].values == {"children_homes": 1}
    assert shares["610330100"].amount_fen == 666_667 and shares["610330101"].amount_fen == 333_334
    assert sum(s.amount_fen for s in shares.values()) == 1_000_001


def test_priority_homes_are_happiness_homes_whose_rating_still_stands(county):
    scheme = ningde_scheme(valid_years=3)

    def rated(facility, year: int, stars: int, revoked_on: datetime.date | None = None) -> None:
        Rating.objects.create(facility=facility, area_id=facility.area_id, scheme=scheme, year=year, points=70,
                              stars=stars, rated_on=datetime.date(year, 3, 1), rated_by=county, revoked_on=revoked_on)

    rated(FacilityFactory(area_id=XINMINJIE), 2023, 3)  # counts on 2024-06-01
    rated(FacilityFactory(area_id=XINMINJIE), 2020, 4)  # its three years ended with 2022
    rated(FacilityFactory(area_id=XINMINJIE), 2023, 5, revoked_on=datetime.date(2024, 2, 1))
    rerated = FacilityFactory(area_id=LONGKOU)
    rated(rerated, 2022, 3)
    rated(rerated, 2023, 4, revoked_on=datetime.date(2024, 1, 10))  # revoked: the 2022 rating does not come back
    rated(FacilityFactory(kind=kind("children_home"), area_id=LONGKOU), 2023, 3)  # not a happiness home
    shares = {s.area_id: s for s in selectors.share_list(plan=_plan(county, three_star_homes=1))}
    assert shares["610330100"].values == {"three_star_homes": 1}
    assert shares["610330101"].values == {"three_star_homes": 0}


def test_versions_compare_and_a_locked_plan_stays(county):
    FacilityFactory(kind_id="children_home", area_id="610330100007")
    FacilityFactory(kind_id="happiness_home", area_id="610330101003")
    first = _plan(county)
    second = services.plan_compute(actor=county, scope=scope_for(county), based_on=first, data=PlanIn(
        area_code="610330", name=first.name, year=2024, total_fen=1_000_001,
        weights={"children_homes": 1, "left_behind_children": 0}, data_on=datetime.date(2024, 6, 1)))
    assert second.version == 2
    rows = {r.area_code: r for r in selectors.plan_compare(a=first, b=second)}
    assert rows["610330100"].change_fen == 0
    services.plan_lock(actor=county, scope=scope_for(county), plan=first)
    with pytest.raises(PlanLocked):
        services.plan_lock(actor=county, scope=scope_for(county), plan=first)


def test_village_staff_may_not_plan_and_the_outsider_sees_no_plan(client, county, director, outsider):
    FacilityFactory(kind_id="children_home")
    plan = _plan(county)
    with pytest.raises(PermissionDenied):
        _plan(director)
    client.force_login(outsider)
    assert client.get(reverse("funds:plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(f"/api/v1/funds/plans/{plan.pk}/shares").status_code == 404


def test_export_has_every_sub_area_and_the_total(client, county):
    FacilityFactory(kind_id="children_home")
    plan = _plan(county)
    client.force_login(county)
    response = client.get(reverse("funds:plan_export", args=[plan.pk]))
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0
                                                                                                       ).to_python()
    assert rows[4][0] == "区划代码" and rows[-1][1] == "合计" and rows[-1][-1] == 10000.01


def test_weights_through_the_page_make_a_new_version(client, county):
    FacilityFactory(kind_id="children_home")
    plan = _plan(county)
    client.force_login(county)
    response = client.post(reverse("funds:plan_version", args=[plan.pk]), {
        "area_code": "610330", "name": plan.name, "year": 2024, "total_yuan": "10000.01", "w_children_homes": 3,
        "w_three_star_homes": 1})
    assert response.status_code == 302 and "compare=" in response["Location"]


def test_project_budget_progress_and_the_homes_it_built(county):
    scope = scope_for(county)
    project = services.project_create(actor=county, scope=scope, data=ProjectIn(
        area_code="610330", name="新建儿童之家6所", year=2022, facility_kind="children_home", planned_units=6,
        budget_fen=30_000_000, source="county", started_on=datetime.date(2022, 3, 1)))
    homes = FacilityFactory.create_batch(2, kind_id="children_home")
    services.project_progress(actor=county, scope=scope, project=project, data=ProgressIn(
        progress_percent=100, spent_fen=30_000_000, completed_on=datetime.date(2022, 11, 1),
        facility_ids=[h.pk for h in homes]))
    assert project.status == "completed" and project.facilities.count() == 2
    with pytest.raises(Exception, match="100"):
        services.project_progress(actor=county, scope=scope, project=project, data=ProgressIn(
            progress_percent=90, spent_fen=1, completed_on=datetime.date(2022, 11, 1)))


def test_a_project_page_lists_only_the_facilities_in_the_viewers_area(county, director):
    project = services.project_create(actor=county, scope=scope_for(county), data=ProjectIn(
        area_code=XINMINJIE, name="幸福院适老化改造", year=2024, budget_fen=100_000, source="county"))
    here, there = FacilityFactory(area_id=XINMINJIE), FacilityFactory(area_id=LONGKOU)
    project.facilities.add(here, there)
    assert list(selectors.project_facilities(scope=scope_for(director), project=project)) == [here]
    assert set(selectors.project_facilities(scope=scope_for(county), project=project)) == {here, there}
