"""The facilities pages and API as the owner, the supervisor, the county, the analyst and the outsider
(who must get 404 for a facility of 新民街), plus the import and the bank file."""

import csv
import datetime
import io

import pytest
import python_calamine
import xlsxwriter
from django.urls import reverse

from guanai.accounts.scoping import scope_for
from guanai.areas.models import Area
from guanai.bankfiles.models import BankFileTemplate
from guanai.facilities import selectors, services
from guanai.facilities.models import Facility
from guanai.facilities.tests.factories import FENGXIAN, FacilityFactory, ningde_scheme, rates


@pytest.fixture
def home(db):
    return FacilityFactory(name="新民街幸福院", address="新民街1号")


def test_owner_supervisor_and_county_see_the_facility(client, home, director, supervisor, county, password):
    for user in (director, supervisor, county):
        client.force_login(user)
        assert "新民街幸福院" in client.get(reverse("facilities:list")).content.decode()
        assert client.get(reverse("facilities:detail", args=[home.pk])).status_code == 200


def test_the_edit_page_shows_the_facilitys_dates_so_saving_it_keeps_them(client, county):
    home = FacilityFactory(name="新民街幸福院", opened_on=datetime.date(2020, 1, 1),
                           closed_on=datetime.date(2025, 6, 30))
    client.force_login(county)
    html = client.get(reverse("facilities:edit", args=[home.pk])).content.decode()
    # A browser's date input shows only an ISO value: "2020/01/01" shows empty and is posted empty.
    assert 'value="2020-01-01"' in html and 'value="2025-06-30"' in html


def test_outsider_and_analyst_get_nothing(client, home, outsider, analyst, password):
    for user in (outsider, analyst):
        client.force_login(user)
        assert "新民街幸福院" not in client.get(reverse("facilities:list")).content.decode()
        assert client.get(reverse("facilities:detail", args=[home.pk])).status_code == 404
        assert client.get(f"/api/v1/facilities/{home.pk}").status_code == 404


def test_village_staff_cannot_edit_but_can_log_activity(client, home, director, password):
    client.force_login(director)
    assert client.get(reverse("facilities:edit", args=[home.pk])).status_code == 403
    response = client.post(reverse("facilities:action", args=[home.pk, "activity"]),
                           {"kind": "child_class", "on": "2024-07-20", "days": 20, "participants": 15,
                            "title": "爱心暑托班"})
    assert response.status_code == 302
    assert home.activities.get().participants == 15


def test_list_query_count_does_not_grow_with_rows(client, county, password, django_assert_max_num_queries):
    FacilityFactory.create_batch(30)
    client.force_login(county)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("facilities:list")).status_code == 200


def test_county_creates_a_facility_through_the_page(client, county, password):
    client.force_login(county)
    response = client.post(reverse("facilities:new"), {
        "kind": "day_care_centre", "area_code": "610330101003", "name": "龙口社区日间照料中心",
        "operator": "contracted", "operator_name": "凤县福泽养老助残服务中心", "status": "open",
        "opened_on": "2023-03-01", "beds": 10, "nursing_beds": 0, "rooms": 4, "seats": 30})
    facility = Facility.objects.get(name="龙口社区日间照料中心")
    assert response.status_code == 302 and facility.operator_name == "凤县福泽养老助残服务中心"
    assert facility.capacities.get().seats == 30 and facility.status_changes.get().on == datetime.date(2023, 3, 1)


def _sheet(rows) -> io.BytesIO:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    out.seek(0)
    out.name = "设施.xlsx"
    return out


def test_import_writes_nothing_when_a_row_is_bad_and_names_it(client, county, password):
    client.force_login(county)
    bad = _sheet([["设施类型", "区划代码", "名称", "床位", "开始运营日期"],
                  ["农村幸福院", "610330100007", "甲村幸福院", 12, "2021-05-01"],
                  ["农村幸福院", "610330100007", "乙村幸福院", "十二", "2021-05-01"],
                  ["游乐场", "610330100007", "丙", 0, ""]])
    response = client.post(reverse("facilities:import"), {"file": bad})
    text = response.content.decode()
    assert "第3行 D (床位)" in text and "第4行" in text and "游乐场" in text
    assert not Facility.objects.exists()
    good = _sheet([["设施类型", "区划代码", "名称", "床位", "开始运营日期"],
                   ["农村幸福院", "610330100007", "甲村幸福院", 12, "2021-05-01"]])
    assert client.post(reverse("facilities:import"), {"file": good}).status_code == 302
    assert Facility.objects.get().capacities.get().beds == 12


def test_import_refuses_an_area_outside_the_scope(client, supervisor, password):
    client.force_login(supervisor)
    response = client.post(reverse("facilities:import"), {"file": _sheet([["设施类型", "区划代码", "名称"],
                                                                           ["农村幸福院", "610330101003", "龙口"]])})
    assert response.status_code == 403  # township staff do not edit facilities


def test_export_round_trips_through_the_import_columns(client, home, county, password):
    client.force_login(county)
    response = client.get(reverse("facilities:export"))
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["设施类型", "区划代码", "所在区划", "名称"] and rows[1][3] == "新民街幸福院"


def test_bank_file_only_from_a_locked_roster_with_numbers_and_a_total(client, county, password, db):
    ningde_scheme()
    rates("operating_subsidy", {0: 600_000})
    FacilityFactory(name="甲", bank_account="6230000000000000001", bank_account_name="甲村委会")
    FacilityFactory(name="乙", opened_on=datetime.date(2022, 7, 1), history=[(datetime.date(2022, 7, 1), "open")])
    scope = scope_for(county)
    roster = services.subsidy_roster_compute(actor=county, scope=scope, payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    client.force_login(county)
    url = reverse("facilities:subsidy_bank_file", args=[roster.pk])
    assert client.get(url).status_code == 302  # not locked yet
    services.subsidy_roster_approve(actor=county, scope=scope, roster=roster)
    services.subsidy_roster_lock(actor=county, scope=scope, roster=roster)
    response = client.get(url)
    assert "%E4%BB%A3%E5%8F%91" in response["Content-Disposition"]  # 代发 in the Chinese file name
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == ["序号", "姓名", "身份证号", "账号", "金额", "备注"]  # the default template
    assert rows[1][1:4] == ["甲村委会", "", "6230000000000000001"] and rows[1][4] == 6000.0
    assert rows[2][4] == 3000.0 and rows[3][4] == 9000.0 and rows[3][:2] == ["合计", "2笔"]


def test_the_county_bank_template_shapes_the_facility_bank_file(client, county, password, db):
    ningde_scheme()
    rates("operating_subsidy", {0: 600_000})
    FacilityFactory(name="甲幸福院", bank_account="6230000000000000001", bank_account_name="甲村委会")
    BankFileTemplate.objects.create(area=Area.objects.get(code=FENGXIAN), bank_name="凤县农商银行",
                                    columns="line_id,account,payee_name,person_name,amount,bank")
    scope = scope_for(county)
    roster = services.subsidy_roster_compute(actor=county, scope=scope, payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    services.subsidy_roster_approve(actor=county, scope=scope, roster=roster)
    services.subsidy_roster_lock(actor=county, scope=scope, roster=roster)
    client.force_login(county)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(
        client.get(reverse("facilities:subsidy_bank_file", args=[roster.pk])).content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == ["明细编号", "账号", "姓名", "对象姓名", "金额", "开户银行"]
    assert rows[1][1:5] == ["6230000000000000001", "甲村委会", "甲幸福院", 6000.0]
    response = client.get(reverse("facilities:subsidy_bank_file_csv", args=[roster.pk]))
    assert "%E4%BB%A3%E5%8F%91.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:2] == ["明细编号", "账号"] and lines[1][4] == "6000.00" and lines[-1][0] == "合计"


def test_api_lists_only_the_callers_area(client, home, director, outsider, password):
    client.force_login(outsider)
    assert client.get("/api/v1/facilities/").json()["items"] == []
    client.force_login(director)
    assert [f["name"] for f in client.get("/api/v1/facilities/").json()["items"]] == ["新民街幸福院"]


def test_coverage_lists_villages_without_a_childrens_home(client, county, password, db):
    FacilityFactory(kind_id="children_home", name="新民街儿童之家")
    client.force_login(county)
    data = client.get("/api/v1/facilities/coverage").json()
    shuangshipu = next(r for r in data["rows"] if r["area_code"] == "610330100")
    assert shuangshipu["villages_covered"] == {"children_home": 1}
    gaps = {g["area_code"] for g in data["gaps"] if g["kind"] == "children_home"}
    assert "610330100007" not in gaps and "610330101003" in gaps
    assert len(gaps) == 69  # 66 villages + 4 communities, less the one covered


def test_coverage_counts_the_villages_that_exist_today(db):
    from guanai.accounts.scoping import Scope
    from guanai.areas.models import Area
    from guanai.facilities import selectors

    Area.objects.filter(code="610330101003").update(ended_on=datetime.date(2024, 1, 1))  # 龙口: merged away
    Area.objects.filter(code="610330100007").update(started_on=datetime.date(2024, 6, 1))  # 新民街: from June
    gaps = {area.code for kind, area in selectors.coverage(scope=Scope("610330"), on=datetime.date(2024, 3, 1)).gaps
            if kind.code == "children_home"}
    assert len(gaps) == 68 and not gaps & {"610330101003", "610330100007"}
    later = selectors.coverage(scope=Scope("610330"), on=datetime.date(2024, 6, 1))
    assert sum(row.villages for row in later.rows) == 69  # 新民街 counts from its first day; 龙口 no more


def test_capacity_totals_take_each_facilitys_latest_row(db):
    from guanai.accounts.scoping import Scope
    from guanai.facilities import selectors
    from guanai.facilities.models import Capacity

    home = FacilityFactory(kind_id="care_home")
    Capacity.objects.create(facility=home, area_id=home.area_id, effective_from=datetime.date(2020, 1, 1), beds=10)
    Capacity.objects.create(facility=home, area_id=home.area_id, effective_from=datetime.date(2022, 1, 1), beds=30)
    FacilityFactory(kind_id="happiness_home")
    assert selectors.capacity_totals(scope=Scope("610330"), on=datetime.date(2021, 6, 1))["beds"] == 10
    assert selectors.capacity_totals(scope=Scope("610330"), on=datetime.date(2023, 6, 1),
                                     care_institutions_only=True)["beds"] == 30


def test_a_subsidy_roster_shows_its_totals_per_township(client, county, password, db):
    ningde_scheme()
    rates("operating_subsidy", {0: 600_000})
    FacilityFactory(name="新民街幸福院")
    FacilityFactory(name="龙口幸福院", area_id="610330101003")
    FacilityFactory(name="龙口二院", area_id="610330101003", opened_on=datetime.date(2022, 7, 1),
                    history=[(datetime.date(2022, 7, 1), "open")])
    scope = scope_for(county)
    roster = services.subsidy_roster_compute(actor=county, scope=scope, payout_kind="operating_subsidy",
                                             kind="happiness_home", area_code=FENGXIAN, year=2022)
    totals = selectors.subsidy_township_totals(scope=scope, roster=roster)
    assert [(t.code, t.facilities, t.total_fen) for t in totals] == [("610330100", 1, 600_000),
                                                                    ("610330101", 2, 900_000)]
    client.force_login(county)
    page = client.get(reverse("facilities:subsidy_detail", args=[roster.pk])).content.decode()
    assert 'id="township-totals"' in page and "9,000.00" in page
