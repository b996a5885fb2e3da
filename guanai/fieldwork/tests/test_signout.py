"""Issue 19, "removed at sign-out": signing out anywhere in Guanai removes the field app's offline store
from the phone; with visits still waiting, the worker is asked first and may go and sync instead."""

import pytest

from guanai.web.tests.conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A store shaped like vault.js's, with `waiting` queued (sealed) visits.
MAKE_STORE = """async (waiting) => {
    const database = await new Promise((resolve, reject) => {
        const req = indexedDB.open("guanai-field", 1);
        req.onupgradeneeded = () => {
            req.result.createObjectStore("meta");
            req.result.createObjectStore("vault");
            req.result.createObjectStore("queue", {keyPath: "client_id"});
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
    });
    const tx = database.transaction("queue", "readwrite");
    for (let i = 0; i < waiting; i++) tx.objectStore("queue").put({client_id: "c" + i, box: "sealed"});
    await new Promise((resolve) => { tx.oncomplete = resolve; });
    database.close();
}"""
STORES = "async () => (await indexedDB.databases()).map((d) => d.name)"


def _sign_out(page):
    """On a phone the sign-out button is in the menu."""
    if not page.locator("form.logout button").is_visible():
        page.locator("[data-menu-toggle]").click()
    page.locator("form.logout button").click()


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_signing_out_removes_the_offline_store(browser_page, live_server, areas_present, director, password):
    page = browser_page
    login(page, live_server, director.username, password)
    page.evaluate(MAKE_STORE, 0)
    assert "guanai-field" in page.evaluate(STORES)
    with page.expect_navigation():
        _sign_out(page)
    page.wait_for_url("**/login/**")
    assert "guanai-field" not in page.evaluate(STORES)


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_visits_waiting_are_not_thrown_away_without_asking(browser_page, live_server, areas_present, director,
                                                          password):
    page = browser_page
    login(page, live_server, director.username, password)
    page.evaluate(MAKE_STORE, 2)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    with page.expect_navigation():
        _sign_out(page)
    assert "还有 2 条离线探访记录没有同步" in asked[0] and "%" not in asked[0]
    assert page.url.endswith("/field/")  # sent to the app to sync, still signed in
    assert "guanai-field" in page.evaluate(STORES)
    page.goto(f"{live_server.url}/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        _sign_out(page)
    page.wait_for_url("**/login/**")
    assert "guanai-field" not in page.evaluate(STORES)
