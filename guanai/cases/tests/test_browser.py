"""Issue 6, done when: a child director files a report, the township supervisor sees it at once, a
county case manager takes it through assessment and plan to closure (headless Chromium)."""

import pytest

from guanai.cases.models import Case
from guanai.people.tests.factories import PersonFactory
from guanai.web.tests.conftest import PHONE, login, screenshot

pytestmark = pytest.mark.browser


def _step(page, label: str, fill: dict[str, str] | None = None, check: list[str] | None = None,
          confirm: str | None = None) -> None:
    """One step through its form; `confirm`: words the confirmation dialog must show before it goes."""
    with page.expect_navigation():
        page.click(f".cs-actions a:text-is('{label}')")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    for selector in check or []:
        page.check(selector)
    if confirm:
        page.click("form.cs-form button[type=submit]")
        dialog = page.locator("#confirm-dialog")
        assert dialog.is_visible() and confirm in dialog.inner_text()
        with page.expect_navigation():
            dialog.locator("button[value=ok]").click()
    else:
        with page.expect_navigation():
            page.click("form.cs-form button[type=submit]")
    assert page.locator(".message-error").count() == 0, page.content()


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_report_to_closure(browser_page, chromium, live_server, areas_present, director, supervisor, county,
                           password):
    child = PersonFactory(area_id=director.area_id, name="测试小花")
    page = browser_page
    login(page, live_server, director.username, password)
    page.goto(f"{live_server.url}/cases/report/?person={child.pk}")
    page.check("input[name=situation][value=abandoned]")
    page.fill("#id_description", "孩子连续两天独自在家，家中无人做饭。")
    page.check("#id_urgent")
    with page.expect_navigation():
        page.click("form.cs-form button[type=submit]")
    case = Case.objects.get(person=child)
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert "测试小花" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "case-reported-375")

    # The township supervisor sees it at once: the urgent report is on their home page.
    other = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    login(other, live_server, supervisor.username, password)
    assert case.number in other.locator("main").inner_text()
    assert "紧急报告" in other.locator("main").inner_text()
    other.context.close()

    # The county case manager takes it through to closure.
    page.context.clear_cookies()
    login(page, live_server, county.username, password)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    _step(page, "应急处置(首次接触)", {"#id_actions": "上门核实，联系祖母临时照看。"}, ["#id_child_safe"])
    _step(page, "评估", check=["input[name=safety][value='2']", "input[name=guardianship][value='3']"])
    _step(page, "制定帮扶计划", {"#id_goals": "落实委托照护，恢复正常就学。", "#id_service_1": "落实委托照护协议",
                                 "#id_owner_1": "村儿童主任", "#id_due_1": "2026-12-10"})
    _step(page, "审批帮扶计划")
    _step(page, "跟踪回访", {"#id_findings": "孩子由祖母照看，按时上学。"}, ["#id_recommend_closure"])
    _step(page, "申请结案")
    _step(page, "审批结案", confirm="关闭")
    case.refresh_from_db()
    assert case.stage == "closed" and case.risk_score == 4 * 2 + 3 * 3
    assert "已结案" in page.locator(".cs-facts").first.inner_text()
    screenshot(page, "case-closed-375")
    assert page.console_errors == []
