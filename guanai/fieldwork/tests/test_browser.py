"""Done-when of issue 19: a child director prepares on a phone, goes offline, records two visits (one
with a need), reloads the app with no network (it still opens), comes back online and syncs; both
visits are on the server once, the due list and the monthly visit rate show them; a visit whose
answer was lost is sent again and stored once; a visit that fails validation comes back with its reason."""

import datetime
from pathlib import Path

import pytest

from guanai.web.tests.conftest import PHONE, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PIN = "246810"
PHOTO = Path(__file__).resolve().parents[1] / "static" / "fieldwork" / "icon-512.png"


def _record(page, person_id, *, need=None, description=None, photo=None):
    page.locator(f"#due-list [data-person='{person_id}'] button").click()
    page.locator("#record").click()
    if photo:
        page.set_input_files("#photo-input", str(photo))  # a PNG: the phone turns it into a small JPEG
        page.locator("#photos img").wait_for()
    page.locator("[data-field=method] input[value=home]").check()
    page.fill("#f-notes", "离线入户，情况良好")
    if need:
        page.select_option("#f-need_kind", need)
        page.fill("#f-need_description", description or "")
    page.locator("#save").click()
    page.locator("#due-list").wait_for()


def _back_online(page, context) -> None:
    """Coming back online syncs by itself (the page's online event), as on a phone. The test does not press
    the sync button too: pressed after that sync, it would start a second one whose notice replaces the
    first one's before the test reads it."""
    context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")


def _badge(page) -> str:
    badge = page.locator("#badge")
    return badge.inner_text() if badge.is_visible() else ""


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_prepare_visit_offline_reload_and_sync(browser_page, live_server, areas_present, director, password):
    from guanai.fieldwork.models import FieldSubmission
    from guanai.visits.models import FollowUp, Need, VisitRecord
    from guanai.visits.tests.factories import followed_person

    a, b, c, d = (followed_person(name=n, risk_level="high", birth_date=datetime.date(1944 + i, 3, 8), sex="female",
                                  phone=f"1390917{i:04d}", address=f"新民街{i + 3}组{12 + i}号",
                                  id_number_masked=f"6103**********{i}02X")
                  for i, n in enumerate(("离线甲", "离线乙", "离线丙", "离线丁")))
    page, context = browser_page, browser_page.context
    login(page, live_server, director.username, password)
    page.goto(f"{live_server.url}/field/")
    screenshot(page, "field-prepare")
    page.fill("#pin", PIN)
    page.fill("#pin2", PIN)
    page.locator("#prepare").click()
    page.locator("#due-list").wait_for()
    assert page.locator("#due-list [data-person]").count() == 4
    # A function, not an expression: Playwright polls an expression through eval, which the CSP forbids.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    screenshot(page, "field-list")

    context.set_offline(True)
    page.locator(f"#due-list [data-person='{a.person_id}'] button").click()
    screenshot(page, "field-person")
    page.locator("#record").click()
    screenshot(page, "field-form")
    page.locator("#home").click()
    _record(page, a.person_id)
    _record(page, b.person_id, need="health", description="腿疼，需要陪同就医")
    assert _badge(page) == "待同步 2"

    # The shell opens with no network at all (from the worker's cache); how fast is bench.field_offline's.
    page.reload()
    page.locator("#pin").wait_for()
    page.fill("#pin", PIN)
    page.locator("#unlock").click()
    page.locator("#due-list").wait_for()
    assert "已记录，待同步" in page.locator(f"#due-list [data-person='{a.person_id}']").inner_text()
    assert _badge(page) == "待同步 2"
    screenshot(page, "field-offline")

    context.set_offline(False)
    page.locator("#sync-now").click()
    page.get_by_text("同步完成").wait_for()
    assert not page.locator("#badge").is_visible()
    assert VisitRecord.objects.filter(person_id=a.person_id).count() == 1
    assert VisitRecord.objects.filter(person_id=b.person_id).count() == 1
    assert Need.objects.filter(person_id=b.person_id, description="腿疼，需要陪同就医").count() == 1
    shown = {int(x) for x in page.locator("#due-list [data-person]").evaluate_all(
        "rows => rows.map(r => r.dataset.person)")}
    assert shown == {c.person_id, d.person_id}
    assert FollowUp.objects.get(pk=a.pk).next_due_on > a.next_due_on

    # The answer to the third visit is lost on the way back: the phone keeps it and sends it again.
    lost = []

    def lose_first_answer(route):
        response = route.fetch()
        if not lost:
            lost.append(response.status)
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/field/visits", lose_first_answer)
    context.set_offline(True)
    _record(page, c.person_id, photo=PHOTO)
    _back_online(page, context)
    page.get_by_text("网络中断").wait_for()
    assert lost == [201] and _badge(page) == "待同步 1"
    page.locator("#sync-now").click()
    page.get_by_text("同步完成").wait_for()
    page.unroute("**/api/v1/field/visits")
    assert VisitRecord.objects.filter(person_id=c.person_id).count() == 1
    third = FieldSubmission.objects.get(person_id=c.person_id)
    assert third.attempts == 2
    photo = third.photos.get()
    assert photo.size < 400 * 1024 and photo.image.open("rb").read(3) == b"\xff\xd8\xff"

    # A visit that fails the form's validation comes back with its reason, is fixed and resent.
    context.set_offline(True)
    _record(page, d.person_id, need="daily_care", description="")
    _back_online(page, context)
    page.locator("#queue [data-state=rejected]").wait_for()
    assert "请描述需求" in page.locator("#queue").inner_text()
    screenshot(page, "field-rejected")
    assert not VisitRecord.objects.filter(person_id=d.person_id).exists()
    page.locator("#queue [data-state=rejected] button").click()
    assert "请描述需求" in page.locator("[data-field=need_description]").inner_text()
    page.fill("#f-need_description", "独居，需要助餐")
    page.locator("#save").click()
    page.get_by_text("已上传 1 条，退回修改 0 条").wait_for()
    page.locator("#badge").wait_for(state="hidden")
    assert VisitRecord.objects.filter(person_id=d.person_id).count() == 1
    assert VisitRecord.objects.count() == 4

    page.goto(f"{live_server.url}/")
    assert page.locator("[data-kpi=elder-rate] .kpi-value").inner_text() == "100%"
    # Only the failures the test caused itself: requests made with the network off, and the lost answer.
    expected = ("net::ERR_INTERNET_DISCONNECTED", "net::ERR_CONNECTION_RESET")
    assert not [e for e in page.console_errors if not e.endswith(expected)]


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_wechat_is_told_to_open_the_page_in_a_browser(browser_page, live_server, areas_present, director, password):
    page = browser_page
    login(page, live_server, director.username, password)
    page.set_extra_http_headers({"User-Agent": "Mozilla/5.0 (Linux; Android 10) MicroMessenger/8.0.47"})
    page.add_init_script("Object.defineProperty(navigator, 'userAgent', {get: () => 'Mozilla/5.0 MicroMessenger/8.0'})")
    page.goto(f"{live_server.url}/field/")
    tip = page.locator("#wechat")
    tip.wait_for()
    assert "在浏览器打开" in tip.inner_text() and "添加到主屏幕" in tip.inner_text()
    screenshot(page, "field-wechat")
