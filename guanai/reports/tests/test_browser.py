"""Done-when of issue 14: the prefecture analyst opens the dashboard, clicks a county's bar, then a
township, then the number of left-behind children, and reaches the list of those children."""

import datetime

import pytest
from django.utils import timezone

from guanai.people.models import Category
from guanai.people.tests.factories import CategorySpellFactory, PersonFactory
from guanai.reports.services import store_refresh_full
from guanai.web.tests.conftest import login, screenshot

pytestmark = pytest.mark.browser

COUNTY, TOWNSHIP, VILLAGE = "532501", "532501001", "532501001001"  # 个旧市 宝华街道 青杉里社区


def test_analyst_drills_from_a_county_bar_to_the_children(browser_page, live_server, indicators_present, analyst,
                                                          password):
    names = []
    for i in range(3):
        person = PersonFactory(area_id=VILLAGE, name=f"测试儿童{i}")
        CategorySpellFactory(person=person, category=Category.LEFT_BEHIND_CHILD, started_on=datetime.date(2026, 1, 1))
        names.append(person.name)
    CategorySpellFactory(person=PersonFactory(area_id="532502001001"), category=Category.LEFT_BEHIND_CHILD,
                         started_on=datetime.date(2026, 1, 1))  # another county: its own bar
    store_refresh_full(area_code="5325", year=timezone.localdate().year)
    page = browser_page
    login(page, live_server, analyst.username, password)
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_selector("[data-rchart=bars] canvas", timeout=60_000)  # ECharts is 1 MB on a loaded machine
    screenshot(page, "reports-dashboard-analyst-1280")
    # Click the county's bar on the canvas (ECharts draws horizontal bars bottom-up).
    page.locator("[data-rchart=bars]").scroll_into_view_if_needed()
    point = page.evaluate("""(code) => {
        const element = document.querySelector('[data-rchart=bars]');
        const data = JSON.parse(document.getElementById(element.dataset.source).textContent);
        const index = data.urls.findIndex((u) => u.includes('area=' + code));
        const chart = window.echarts.getInstanceByDom(element);
        const shown = data.urls.length - 1 - index;
        const [x, y] = chart.convertToPixel({seriesIndex: 0}, [data.values[index] / 2, shown]);
        const box = element.getBoundingClientRect();
        return {x: box.left + x, y: box.top + y};
    }""", COUNTY)
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert f"area={COUNTY}" in page.url
    assert page.locator("h1").inner_text() == "个旧市"
    # Then the township, from the sub-area table.
    with page.expect_navigation():
        page.click(f"#sub-areas tr[data-area='{TOWNSHIP}'] td:first-child a")
    assert page.locator("h1").inner_text() == "宝华街道"
    # Then the number of left-behind children.
    card = page.locator("[data-indicator=left_behind_child]").first
    assert card.locator(".rp-card-value").inner_text() == "3"
    with page.expect_navigation():
        card.click()
    assert page.locator("[data-figure]").inner_text() == "3"
    with page.expect_navigation():
        page.click("[data-records-link]")
    table = page.locator("#records-table").inner_text()
    assert all(name in table for name in names)
    screenshot(page, "reports-records-analyst-1280")
    assert page.console_errors == []
