"""In a real browser: a county officer rates a happiness home, computes the operating subsidy, approves
and locks it, and downloads the bank file; and each role's facility pages at desktop and phone widths
(screenshots in var/screenshots/facilities-*.png)."""

import datetime

import pytest
import python_calamine
from django.utils import timezone

from guanai.facilities.models import FacilityKind, SubsidyRoster
from guanai.facilities.tests.factories import FacilityFactory, ningde_scheme, rates
from guanai.web.tests.conftest import login, screenshot

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def kinds_present(areas_present):
    """Transactional tests empty every table, the kinds of data migration 0002 included."""
    import importlib

    kinds = importlib.import_module("guanai.facilities.migrations.0002_kinds").KINDS
    for code, name, group, level, rated, care, order in kinds:
        FacilityKind.objects.update_or_create(code=code, defaults={
            "name": name, "group": group, "coverage_level": level, "rated": rated, "care_institution": care,
            "order": order})


def test_county_rates_a_home_and_pays_its_operating_subsidy(browser_page, live_server, kinds_present, county,
                                                            password):
    page = browser_page
    page.set_default_timeout(60_000)  # a shared CI machine can take longer than the fixture's 15 s
    ningde_scheme()
    rates("operating_subsidy", {0: 600_000, 3: 1_200_000, 4: 1_500_000})
    home = FacilityFactory(name="新民街幸福院", bank_account="6230000000000000099",
                           bank_account_name="新民街社区居委会", opened_on=datetime.date(2020, 1, 1))
    year = timezone.localdate().year - 1
    login(page, live_server, county.username, password)
    page.goto(f"{live_server.url}/facilities/{home.pk}/rate/")
    page.fill("#id_year", str(year))
    page.fill("#id_rated_on", f"{year}-11-15")
    items = page.locator("input[id^=id_item_]")
    for i, points in enumerate((25, 30, 28)):
        items.nth(i).fill(str(points))
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**/facilities/{home.pk}/")
    assert "83" in page.content() and "4星" in page.inner_text("main")

    page.goto(f"{live_server.url}/facilities/subsidies/")
    page.select_option("#id_payout_kind", "operating_subsidy")
    page.fill("#id_area_code", "610330")
    page.fill("#id_year", str(year))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/facilities/subsidies/*/")
    assert page.inner_text("#roster-total").startswith("15,000.00")
    page.click("text=审批通过")
    page.wait_for_load_state()
    page.click("text=核对无误，锁定")
    page.wait_for_load_state()
    assert page.inner_text("#roster-status") == "已锁定"
    screenshot(page, "facilities-county-subsidy-1280")
    with page.expect_download() as download:
        page.click("text=银行代发文件(.xlsx)")
    assert "代发" in download.value.suggested_filename
    rows = python_calamine.CalamineWorkbook.from_path(str(download.value.path())).get_sheet_by_index(0).to_python()
    assert rows[0] == ["序号", "姓名", "身份证号", "账号", "金额", "备注"]  # the county's default bank template
    assert rows[1][1:5] == ["新民街社区居委会", "", "6230000000000000099", 15000.0] and rows[-1][0] == "合计"
    assert SubsidyRoster.objects.get().status == "locked"
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "375"])
def test_each_role_sees_its_facility_pages(chromium, viewport, live_server, kinds_present, director, supervisor,
                                           county, analyst, password):
    FacilityFactory(name="新民街幸福院")
    FacilityFactory(kind_id="children_home", name="新民街儿童之家")
    for user, paths in ((county, ["/facilities/", "/facilities/coverage/", "/facilities/subsidies/",
                                  "/workforce/", "/funds/plans/"]),
                        (supervisor, ["/facilities/", "/facilities/coverage/"]),
                        (director, ["/facilities/"]),
                        (analyst, ["/facilities/coverage/", "/funds/plans/"])):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                       is_mobile=viewport["width"] < 600)
        page = context.new_page()
        page.set_default_timeout(60_000)
        login(page, live_server, user.username, password)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (user.username, path)
            name = path.strip("/").replace("/", "-")
            screenshot(page, f"facilities-{user.username}-{name}-{viewport['width']}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"] + 1 or viewport["width"] > 600, (user.username, path, width)
            # A card's cell is label and value: a value of several parts (覆盖1/1 under the count) is one.
            loose = page.evaluate("""() => [...document.querySelectorAll('.table-stack td:not(:first-child)')]
                .filter(td => [...td.childNodes].filter(n => n.nodeType !== 3 || n.textContent.trim()).length > 1)
                .map(td => td.textContent)""")
            assert loose == [], (user.username, path, loose)
        context.close()
