"""Done-when of issue 5: a child director on a phone sees today's due visits, records one, the person
leaves the due list, and the village's monthly visit rate rises."""

import pytest

from guanai.web.tests.conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_director_records_todays_visit_on_a_phone(browser_page, live_server, areas_present, director, password):
    from guanai.visits.tests.factories import followed_person

    due = followed_person(name="浏览甲", risk_level="high")
    followed_person(name="浏览乙", risk_level="medium")
    page = browser_page
    login(page, live_server, director.username, password)
    assert page.locator("[data-kpi=elder-rate] .kpi-value").inner_text() == "0%"
    page.goto(f"{live_server.url}/visits/")
    item = page.locator(f"#due-list [data-person='{due.person_id}']")
    assert item.is_visible() and "浏览甲" in item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    item.get_by_role("link", name="记录探访").click()
    page.get_by_text("上门入户").click()
    page.locator("input[name=fire_safety][value=hazard]").check(force=True)
    page.fill("#id_notes", "入户查看，厨房电线老化，已提醒")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "已保存 浏览甲 的探访记录" in page.content()
    assert page.locator(f"#due-list [data-person='{due.person_id}']").count() == 0
    assert page.locator("#due-list [data-person]").count() == 1
    page.goto(f"{live_server.url}/")
    assert page.locator("[data-kpi=elder-rate] .kpi-value").inner_text() == "50%"
    assert not page.console_errors
