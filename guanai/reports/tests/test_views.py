"""The figures pages as their owners, a supervisor and the outsider; the drill-down ends at the
records counted; exports and documents answer with files."""

import datetime
import io
import re

import docx
import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from guanai.audit.models import AccessLog
from guanai.conftest import FENGXIAN, SHUANGSHIPU, XINMINJIE
from guanai.reports.services import store_refresh_full


@pytest.fixture
def filled(children):
    store_refresh_full(area_code=FENGXIAN, year=timezone.localdate().year)
    return children


def month() -> str:
    return f"{timezone.localdate():%Y-%m}"


@pytest.mark.django_db
def test_the_county_dashboard_shows_the_store_and_links_down(client, county, filled):
    client.force_login(county)
    html = client.get("/reports/").content.decode()
    assert "数据截至" in html
    assert 'data-indicator="left_behind_child"' in html
    assert f"/reports/indicator/left_behind_child/?period={month()}&amp;area={FENGXIAN}" in html
    assert f"area={SHUANGSHIPU}" in html  # the sub-area table and bars go one level down


@pytest.mark.django_db
def test_the_drill_down_ends_at_the_children_counted(client, supervisor, filled):
    client.force_login(supervisor)
    page = client.get(f"/reports/indicator/left_behind_child/?area={XINMINJIE}&period={month()}")
    assert page.status_code == 200
    names = {spell.person.name for spell in filled if spell.person.area_id == XINMINJIE}
    html = page.content.decode()
    assert all(name in html for name in names)
    listing = client.get(f"/reports/indicator/left_behind_child/records/?area={SHUANGSHIPU}&period={month()}")
    assert listing.status_code == 200 and all(s.person.name in listing.content.decode() for s in filled)


@pytest.mark.django_db
def test_the_outsider_sees_nothing_of_another_village(client, outsider, filled):
    client.force_login(outsider)
    for url in (f"/reports/?area={XINMINJIE}", f"/reports/indicator/left_behind_child/?area={XINMINJIE}",
                f"/reports/indicator/left_behind_child/records/?area={XINMINJIE}",
                f"/reports/indicator/left_behind_child/records.xlsx?area={XINMINJIE}",
                f"/reports/documents/annual.docx?area={FENGXIAN}&year=2026"):
        assert client.get(url).status_code == 404, url
    own = client.get("/reports/indicator/left_behind_child/records/").content.decode()
    assert not any(s.person.name in own for s in filled)


@pytest.mark.django_db
def test_the_analyst_of_another_prefecture_gets_404(client, analyst, filled):
    client.force_login(analyst)
    assert client.get(f"/reports/?area={FENGXIAN}").status_code == 404


@pytest.mark.django_db
def test_records_export_is_an_xlsx_and_is_access_logged(client, supervisor, filled):
    client.force_login(supervisor)
    response = client.get(f"/reports/indicator/left_behind_child/records.xlsx?area={SHUANGSHIPU}&period={month()}")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "姓名" and len(rows) == 1 + len(filled)
    log = AccessLog.objects.get(object_type="indicator_records")
    assert log.user == supervisor and log.detail["rows"] == len(filled)


@pytest.mark.django_db
def test_a_table_exports_with_last_year(client, county, filled):
    client.force_login(county)
    response = client.get(f"/reports/indicator/left_behind_child/table.xlsx?area={SHUANGSHIPU}&period={month()}")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[-1][1] == "合计" and rows[-1][2] == str(len(filled))


@pytest.mark.django_db
def test_annual_report_and_forms_download(client, county, filled):
    client.force_login(county)
    year = timezone.localdate().year
    response = client.get(f"/reports/documents/annual.docx?area={FENGXIAN}&year={year}")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert f"农村留守儿童{len(filled)}人" in text
    forms = client.get(f"/reports/documents/forms.xlsx?area={FENGXIAN}&period={year}")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(forms.content)).get_sheet_by_index(0).to_python()
    assert sheet[3][6] == "农村留守儿童数" and sheet[-3][1] == "合计"


@pytest.mark.django_db
def test_a_bureau_uploads_its_own_template(client, county, filled):
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = docx.Document()
    own.add_paragraph("凤县民政局自定义：留守儿童{{left_behind_child}}人，{{unknown_thing}}")
    buffer = io.BytesIO()
    own.save(buffer)
    client.force_login(county)
    bad = client.post(f"/reports/documents/?area={FENGXIAN}", {
        "kind": "annual", "file": SimpleUploadedFile("own.docx", buffer.getvalue())})
    assert "unknown_thing" in bad.content.decode()  # refused, naming the placeholder
    own.paragraphs[0].text = "凤县民政局自定义：留守儿童{{left_behind_child}}人"
    buffer = io.BytesIO()
    own.save(buffer)
    client.post(f"/reports/documents/?area={FENGXIAN}", {
        "kind": "annual", "file": SimpleUploadedFile("own.docx", buffer.getvalue())})
    response = client.get(f"/reports/documents/annual.docx?area={FENGXIAN}&year={timezone.localdate().year}")
    text = docx.Document(io.BytesIO(response.content)).paragraphs[0].text
    assert text == f"凤县民政局自定义：留守儿童{len(filled)}人"


@pytest.mark.django_db
def test_every_placeholder_the_upload_page_lists_is_one_a_template_may_hold(client, county, filled):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guanai.reports.models import ReportTemplate

    client.force_login(county)
    html = client.get(f"/reports/documents/?area={FENGXIAN}").content.decode()
    listed = re.findall(r'<code translate="no">\{\{(\w+)\}\}</code>', html)
    assert {"area", "as_of", "figures_table", "left_behind_child", "left_behind_child_last_year"} <= set(listed)
    own = docx.Document()
    for name in listed:
        own.add_paragraph("{{" + name + "}}")
    buffer = io.BytesIO()
    own.save(buffer)
    response = client.post(f"/reports/documents/?area={FENGXIAN}", {
        "kind": "annual", "file": SimpleUploadedFile("own.docx", buffer.getvalue())})
    assert response.status_code == 302 and ReportTemplate.objects.filter(area_id=FENGXIAN).exists()


@pytest.mark.django_db
def test_the_dashboard_reads_the_store_in_a_fixed_number_of_queries(client, county, filled,
                                                                    django_assert_max_num_queries):
    client.force_login(county)
    with django_assert_max_num_queries(25):
        assert client.get(f"/reports/?area={FENGXIAN}").status_code == 200


@pytest.mark.django_db
def test_the_analyst_home_reads_the_store(client, analyst):
    store_refresh_full(area_code="5325", year=timezone.localdate().year, today=datetime.date(2026, 1, 1))
    client.force_login(analyst)
    html = client.get("/").content.decode()
    assert "本月统计" in html and "数据截至" in html
    assert "服务对象概况" not in html  # the card that counted spells on every load is not shown
