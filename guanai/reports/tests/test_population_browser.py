"""The resident population page in a browser, on a desk (1366 px) and a phone (375 px): the analyst sees
the figures of 红河州 and its counties, and a sheet with a bad row is refused with the row and column named."""

import pytest

from guanai.accounts.scoping import scope_for
from guanai.reports.services import PopulationIn, resident_population_save
from guanai.web.tests.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


@pytest.mark.parametrize("browser_page", [WIDE, PHONE], indirect=True)
def test_analyst_sees_and_imports_population(browser_page, live_server, areas_present, analyst, password, tmp_path):
    for code, total, aged in (("5325", 4_478_400, 684_960), ("532501", 459_781, 85_000),
                              ("532502", 322_698, 52_003)):
        for year in (2020, 2021):
            resident_population_save(actor=analyst, scope=scope_for(analyst), data=PopulationIn(
                area_code=code, year=year, total=total, aged_60_plus=aged, source="第七次全国人口普查"))
    page = browser_page
    width = page.viewport_size["width"]
    login(page, live_server, analyst.username, password)
    page.goto(f"{live_server.url}/reports/population/")
    assert page.locator("#population tbody tr").count() == 6
    assert "15.29%" in page.locator("#population").inner_text()
    screenshot(page, f"reports-population-{width}")
    sheet = tmp_path / "population.csv"
    sheet.write_text("区划代码,年度,常住人口,60岁及以上,数据来源\n532503,2021,417156,60001,普查\n"
                     "532504,2021,100,101,普查\n", encoding="utf-8")
    page.goto(f"{live_server.url}/reports/population/import/")
    page.set_input_files("input[type=file]", str(sheet))
    with page.expect_navigation():
        page.click("form.form button[type=submit]")
    assert "第3行 D (60岁及以上)" in page.locator("[role=alert]").inner_text()
    screenshot(page, f"reports-population-import-{width}")
    assert page.console_errors == []
