"""Issue 16 in the browser: a township supervisor uploads the township's messy roster, sees the rows
refused and the rows imported with warnings grouped by kind, teaches Guanai a word and imports the file
again; at 1366 px and on a 375 px phone."""

import pytest

from guanai.web.tests.conftest import DESKTOP, PHONE, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def words_present(areas_present):
    """The bureau words the people migration seeds: transactional tests empty every table after each
    test, so a browser test that runs after one finds none (as areas_present does for the areas)."""
    import importlib

    from django.apps import apps

    importlib.import_module("guanai.people.migrations.0005_bureau_words").seed_words(apps, None)


@pytest.fixture
def jobs_run_at_once():
    """The upload queues a huey job after commit; here it runs in the request that queued it."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.mark.parametrize("browser_page", [DESKTOP, PHONE], indirect=True)
def test_supervisor_imports_a_messy_roster_and_teaches_a_word(browser_page, live_server, areas_present, supervisor,
                                                              password, ids, tmp_path, settings, jobs_run_at_once,
                                                              words_present):
    from guanai.people.models import Person
    from guanai.people.tests.imports.test_township_roster import roster

    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "双石铺镇花名册.xlsx"
    path.write_bytes(roster(ids)[0])
    page = browser_page
    width = page.viewport_size["width"]
    login(page, live_server, supervisor.username, password)
    page.goto(f"{live_server.url}/exchange/imports/")
    page.set_input_files("input[type=file]", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并导入").click()
    page.wait_for_selector("text=已导入但有警告的行")
    text = page.inner_text("#import-progress")
    assert "新增 36" in text and "未通过 4" in text and "未导入的行" in text
    assert "用词无法识别" in text and "对象类别线索" in text and "category hint" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"import-warnings-{width}")
    page.select_option("select[name=w0]", "value:with_relatives")
    with page.expect_navigation():
        page.get_by_role("button", name="记住并重新导入此文件").click()
    page.wait_for_selector("text=已完成")
    assert "无变化" in page.inner_text("#import-progress")
    assert Person.objects.filter(living_arrangement="with_relatives").exists()
    screenshot(page, f"import-reimported-{width}")
    assert not page.console_errors
